import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { client, eventually, HEADERS, isFinal, pollSession } from './test-support.js';

// Dojo's fields and rules kept (issue 16, section 2), each checked against the request Dojo publishes.
const published = JSON.parse(readFileSync(new URL('../../../../shared/reference/dojo-api.published.json', import.meta.url), 'utf8'));
const createExamples = published.paths['/payment-intents'].post.requestBody.content['application/json'].examples as Record<string, { value: Record<string, unknown> }>;

const DAY = 24 * 60 * 60 * 1000;
let sim: Simulator;
beforeAll(async () => {
  // 55 s of auto-expiry become 0.55 s; the subscription's URL answers nothing, deliveries stay queued for reading.
  sim = await startSimulator({ terminals: 2, timeScale: 0.01, webhooks: [{ url: 'http://127.0.0.1:9/none', secrets: ['ws_fields'] }], webhookRetry: { maxAttempts: 1 } });
});
afterAll(async () => {
  await sim?.stop();
});

async function create(body: unknown) {
  const response = await fetch(`${sim.url}/payment-intents`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, any>;
}

async function payOnTerminal(paymentIntentId: string) {
  const dojo = client(sim.url);
  const [terminal] = await dojo.terminals.list({ statuses: ['Available'] });
  const session = await dojo.terminalSessions.create({ terminalId: terminal!.id, details: { sessionType: 'Sale', sale: { paymentIntentId } } });
  return pollSession(dojo, session.id, isFinal);
}

const statusEvents = (id: string) =>
  sim
    .deliveries()
    .map((d) => d.payload as { event: string; data: { paymentIntentId: string; paymentStatus: string } })
    .filter((p) => p.event === 'payment_intent.status_updated' && p.data.paymentIntentId === id)
    .map((p) => p.data.paymentStatus);

describe("Dojo's auto-expiry of a pre-authorisation", () => {
  it("keeps the Manual request Dojo publishes (AutoExpireAction, AutoExpireIn), echoes it, and captures at expiry", async () => {
    const intent = await create(createExamples['Manual']!.value);
    expect(intent).toMatchObject({ captureMode: 'Manual', autoExpireAction: 'Capture', autoExpireIn: '00:00:55' });
    expect((await payOnTerminal(intent['id'])).status).toBe('Authorized');
    const captured = await eventually(async () => {
      const now = await client(sim.url).paymentIntents.get(intent['id']);
      return now.status === 'Captured' ? now : undefined;
    });
    expect(captured.captures?.reduce((sum, c) => sum + (c.amount ?? 0) + (c.tipsAmount ?? 0), 0)).toBe(1000);
    expect(statusEvents(intent['id'])).toEqual(['Authorized', 'Captured']);
  });

  it('releases at expiry: the intent is Reversed, with its webhook', async () => {
    const intent = await create({ ...createExamples['Manual']!.value, AutoExpireAction: undefined, autoExpireAction: 'Release', AutoExpireIn: undefined, autoExpireIn: '00:00:31' });
    expect(intent).toMatchObject({ autoExpireAction: 'Release', autoExpireIn: '00:00:31' });
    await payOnTerminal(intent['id']);
    await eventually(async () => ((await client(sim.url).paymentIntents.get(intent['id'])).status === 'Reversed' ? true : undefined));
    expect(statusEvents(intent['id'])).toEqual(['Authorized', 'Reversed']);
  });

  it('refuses an auto-expiry outside 30 s to 7 days, or on an Auto intent, naming the field', async () => {
    for (const [body, field] of [
      [{ captureMode: 'Manual', autoExpireIn: '00:00:10' }, 'autoExpireIn'],
      [{ captureMode: 'Manual', autoExpireIn: '7.00:00:00' }, 'autoExpireIn'],
      [{ captureMode: 'Auto', autoExpireAction: 'Capture', autoExpireIn: '00:01:00' }, 'autoExpireAction'],
    ] as const) {
      const response = await fetch(`${sim.url}/payment-intents`, {
        method: 'POST',
        headers: { ...HEADERS, 'content-type': 'application/json' },
        body: JSON.stringify({ amount: { value: 1000, currencyCode: 'GBP' }, reference: 'Bad expiry', ...body }),
      });
      expect(response.status).toBe(400);
      expect(Object.keys(((await response.json()) as { errors: object }).errors)).toEqual([field]);
    }
  });
});

describe("Dojo's fields on a created payment intent", () => {
  it('sets expireAt 30 days after creation, as Dojo does when none is given', async () => {
    const intent = await create(createExamples['Auto']!.value);
    expect(Date.parse(intent['expireAt']) - Date.parse(intent['createdAt'])).toBe(30 * DAY);
  });

  it('returns the extras it was given, and totals amount, tip, service charge and cashback', async () => {
    const extras = {
      serviceChargeAmount: { value: 125, currencyCode: 'GBP' },
      cashbackAmount: { value: 2000, currencyCode: 'GBP' },
      tipsAmount: { value: 100, currencyCode: 'GBP' },
      billingAddress: { address1: '1 High Street', city: 'London', postcode: 'N1 1AA', countryCode: 'GB' },
      shippingDetails: { name: 'A. Customer', address: { address1: '2 Low Road', countryCode: 'GB' } },
      requestSecurity: { userAgent: 'till/1.0', ipAddress: '127.0.0.1' },
      orderDetails: { externalId: 'ORD-9' },
      actionLink: { url: 'https://example.com/menu', label: 'Menu' },
    };
    const intent = await create({ amount: { value: 1000, currencyCode: 'GBP' }, reference: 'Extras', ...extras });
    expect(intent).toMatchObject({ ...extras, billingAddress: { ...extras.billingAddress, address2: '', address3: '', address4: '' } });
    expect(intent['totalAmount']).toEqual({ value: 1000 + 125 + 2000 + 100, currencyCode: 'GBP' });
    expect([intent['itemLines'], intent['taxLines'], intent['paymentEvents']]).toEqual([[], [], []]);
  });

  it("carries no client session secret when created, as Dojo's create answers; refresh issues one for 30 minutes", async () => {
    const intent = await create(createExamples['Auto']!.value);
    expect(intent['clientSessionSecret']).toBeUndefined();
    expect(intent['clientSessionSecretExpirationDate']).toBe('0001-01-01T00:00:00Z');
    const refreshed = await client(sim.url).paymentIntents.refreshClientSessionSecret(intent['id']);
    expect(refreshed.clientSessionSecret).toEqual(expect.any(String));
    expect(Date.parse(refreshed.clientSessionSecretExpirationDate!) - Date.parse(refreshed.updatedAt!)).toBe(30 * 60 * 1000);
  });

  it("answers a refund with the message Dojo's refund guide shows", async () => {
    const intent = await create({ amount: { value: 700, currencyCode: 'GBP' }, reference: 'order 3443' });
    await payOnTerminal(intent['id']);
    const refund = await client(sim.url).refunds.create(intent['id'], { amount: 700 });
    expect(refund.message).toBe('refund for the order 3443');
  });
});
