import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { ledgerViolations } from './invariants.js';
import { eventually, HEADERS } from './test-support.js';

// Regression tests of the ledger bugs of issue 16, against the simulator directly (the validating proxy would
// refuse some of these requests itself, and the simulator must hold without it).
let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ terminals: 2, timeScale: 0.02 });
});
afterAll(async () => {
  await sim?.stop();
});

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = HEADERS) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Record<string, any> };
}

const GBP = (value: number) => ({ value, currencyCode: 'GBP' });

async function freeTerminal(): Promise<string> {
  const { body } = await call('GET', '/terminals?statuses=Available');
  return (body as unknown as { id: string }[])[0]!.id;
}

describe('the ledger', () => {
  it('refuses to charge a payment intent that a terminal sale is working on, and captures the sale once', async () => {
    const intent = (await call('POST', '/payment-intents', { amount: GBP(1000), reference: 'Charge race', setupIntentId: 'seti_sandbox_1' })).body;
    const session = await call('POST', '/terminal-sessions', { terminalId: await freeTerminal(), details: { sessionType: 'Sale', sale: { paymentIntentId: intent['id'] } } });
    expect(session.status).toBe(200);
    const charged = await call('POST', `/payment-intents/${intent['id']}/charge`);
    expect(charged.status).toBe(400);
    expect(charged.body['code']).toBe('SESSION_IN_PROGRESS');
    const done = await eventually(async () => {
      const s = (await call('GET', `/terminal-sessions/${session.body['id']}`)).body;
      return s['status'] === 'Captured' ? s : undefined;
    });
    expect(done['status']).toBe('Captured');
    const paid = (await call('GET', `/payment-intents/${intent['id']}`)).body;
    expect(paid['captures'].map((c: { amount: number }) => c.amount)).toEqual([1000]);
    const captured = sim.deliveries().filter((d) => d.event === 'payment_intent.status_updated');
    expect(captured).toEqual([]); // no subscription: nothing queued
    expect(ledgerViolations(sim.snapshot())).toEqual([]);
  });

  it('refuses a capture of nothing, and the authorisation stays whole', async () => {
    const intent = (await call('POST', '/payment-intents', { amount: GBP(2000), reference: 'Zero capture', captureMode: 'Manual', setupIntentId: 'seti_sandbox_2' })).body;
    expect((await call('POST', `/payment-intents/${intent['id']}/charge`)).status).toBe(200);
    const zero = await call('POST', `/payment-intents/${intent['id']}/captures`, { amount: 0 });
    expect(zero.status).toBe(400);
    expect(zero.body['errors']).toHaveProperty('amount');
    const still = (await call('GET', `/payment-intents/${intent['id']}`)).body;
    expect(still['status']).toBe('Authorized');
    expect(still['captures']).toEqual([]);
    expect((await call('POST', `/payment-intents/${intent['id']}/captures`, { amount: 2000 })).status).toBe(200);
    const refund = await call('POST', `/payment-intents/${intent['id']}/refunds`, { amount: 1 }, { ...HEADERS, IdempotencyKey: 'zero-capture-1' });
    expect(refund.status).toBe(200);
    expect(ledgerViolations(sim.snapshot())).toEqual([]);
  });

  it('captures a sale with a tip once: the capture holds the amount and the tip apart, adding up to the total', async () => {
    const intent = (await call('POST', '/payment-intents', { amount: GBP(1000), reference: 'Tipped', config: { payment: { tipsAllowed: true } } })).body;
    expect((await call('POST', `/payment-intents/${intent['id']}/tips-amount`, { tipsAmount: GBP(150) })).status).toBe(200);
    const session = await call('POST', '/terminal-sessions', { terminalId: await freeTerminal(), details: { sessionType: 'Sale', sale: { paymentIntentId: intent['id'] } } });
    await eventually(async () => ((await call('GET', `/terminal-sessions/${session.body['id']}`)).body['status'] === 'Captured' ? true : undefined));
    const paid = (await call('GET', `/payment-intents/${intent['id']}`)).body;
    expect(paid['totalAmount']).toEqual(GBP(1150));
    expect(paid['captures']).toMatchObject([{ amount: 1000, tipsAmount: 150 }]);
    expect((await call('POST', `/payment-intents/${intent['id']}/refunds`, { amount: 1150 }, { ...HEADERS, IdempotencyKey: 'tipped-1' })).status).toBe(200);
    expect(ledgerViolations(sim.snapshot())).toEqual([]);
  });

  it.each([5, 'Captured', [5], {}, [null]])('answers a search with statuses %j with a 400 naming the field', async (statuses) => {
    const answer = await call('POST', '/payment-intents/search', { statuses });
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body['errors'])).toEqual([expect.stringMatching(/^statuses(\.\d+)?$/)]);
  });

  it.each(['/%74erminals', '/terminal%73', '/%74erminal-sessions/ts_sandbox_000000000000000000000000'])(
    'asks for software-house-id on %s, however the path is spelt',
    async (path) => {
      const { ['software-house-id']: _, ...withoutSoftwareHouse } = HEADERS;
      const answer = await call('GET', path, undefined, withoutSoftwareHouse);
      expect(answer.status).toBe(400);
      expect(answer.body['errors']).toHaveProperty('software-house-id');
    },
  );
});
