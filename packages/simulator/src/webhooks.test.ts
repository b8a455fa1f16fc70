import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isKnownEvent, parseWebhook, verifySignature } from '@dojo-terminals/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { dojoSignature, startSimulator, type Simulator, type SimulatorOptions } from './index.js';
import { client, eventually, isFinal, pollSession } from './test-support.js';

interface Received {
  body: string;
  signature: string | undefined;
}

/** A local webhook receiver; `answer` decides the status of each delivery (200 by default). */
async function startReceiver(port = 0, answer: (n: number) => number = () => 200) {
  const received: Received[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: request.headers['dojo-signature'] as string | undefined });
      response.writeHead(answer(received.length)).end();
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/dojo`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});

async function simulator(options: SimulatorOptions): Promise<Simulator> {
  const sim = await startSimulator({ timeScale: 0.001, ...options });
  stops.push(() => sim.stop());
  return sim;
}

const SECRETS = ['ws_old_secret_1', 'ws_new_secret_2'];

describe('dojoSignature', () => {
  it("reproduces the signature of Dojo's documented delivery", () => {
    const body =
      '{"id":"evt_hnnHxIKR_Uy6bhZCusCltw","event":"payment_intent.created","accountId":"acc_test","createdAt":"2022-02-01T13:07:41.8667859Z","data":{"paymentIntentId":"pi_vpwd4ooAPEqyNAQe4z89WQ","paymentStatus":"Created","captureMode":"Auto"}}';
    expect(dojoSignature(body, 'ws_OYsyzcrH70GpJfs8MMkKpg')).toBe(
      'sha256=94-AC-93-67-D6-8B-69-6D-15-A2-C2-45-40-98-B5-E7-64-72-38-C5-1F-6D-32-D0-5F-CB-91-20-A9-20-64-F4',
    );
  });
});

describe('webhook delivery', () => {
  it('signs each delivery with the secret of its own subscription, also when two subscriptions share a URL', async () => {
    const receiver = await startReceiver();
    stops.push(receiver.close);
    const sim = await simulator({ webhooks: [{ url: receiver.url, secrets: ['ws_first_1'] }, { url: receiver.url, secrets: ['ws_second_2'] }] });
    await client(sim.url).paymentIntents.create({ amount: { value: 1000, currencyCode: 'GBP' }, reference: 'Two subscriptions' });
    await eventually(() => (receiver.received.length >= 2 ? true : undefined));
    const signatures = receiver.received.map((r) => r.signature);
    expect(new Set(signatures).size).toBe(2);
    expect(signatures).toEqual(expect.arrayContaining([dojoSignature(receiver.received[0]!.body, 'ws_first_1'), dojoSignature(receiver.received[0]!.body, 'ws_second_2')]));
  });

  it('posts created and status_updated events for a sale, signed as Dojo signs them', async () => {
    const receiver = await startReceiver();
    stops.push(receiver.close);
    const lines: string[] = [];
    const sim = await simulator({ webhooks: [{ url: receiver.url, secrets: SECRETS }], logger: { info: (l) => lines.push(l), warn: (l) => lines.push(l) } });
    const dojo = client(sim.url);
    const intent = await dojo.paymentIntents.create({ amount: { value: 1000, currencyCode: 'GBP' }, reference: 'Webhook sale' });
    const [terminal] = await dojo.terminals.list({ statuses: ['Available'] });
    const session = await dojo.terminalSessions.create({ terminalId: terminal!.id, details: { sessionType: 'Sale', sale: { paymentIntentId: intent.id } } });
    await pollSession(dojo, session.id, isFinal);
    await eventually(() => (receiver.received.length >= 2 ? true : undefined));

    const events = receiver.received.map(({ body, signature }) => parseWebhook({ body, signature, secrets: SECRETS })).filter(isKnownEvent);
    expect(events.map((e) => [e.event, e.data.paymentStatus])).toEqual([
      ['payment_intent.created', 'Created'],
      ['payment_intent.status_updated', 'Captured'],
    ]);
    expect(events.every((e) => e.data.paymentIntentId === intent.id && e.data.captureMode === 'Auto')).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    // Signed with the newest secret: a receiver that knows only that one verifies too, one with only the old does not.
    const first = receiver.received[0]!;
    expect(verifySignature(first.body, first.signature, SECRETS[1]!)).toBe(true);
    expect(verifySignature(first.body, first.signature, SECRETS[0]!)).toBe(false);
    expect(first.signature).toMatch(/^sha256=([0-9A-F]{2}-){31}[0-9A-F]{2}$/);

    const everything = JSON.stringify(sim.snapshot()) + JSON.stringify(sim.deliveries()) + lines.join('\n');
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
  });

  it('retries with the same event id when the receiver first answers 500', async () => {
    const receiver = await startReceiver(0, (n) => (n === 1 ? 500 : 200));
    stops.push(receiver.close);
    const sim = await simulator({ webhooks: [{ url: receiver.url, secrets: ['ws_only'] }] });
    await client(sim.url).paymentIntents.create({ amount: { value: 500, currencyCode: 'GBP' }, reference: 'Retry me' });
    const delivered = await eventually(() => sim.deliveries().find((d) => d.status === 'delivered'));
    expect(delivered).toMatchObject({ attempts: 2, lastStatus: 200, event: 'payment_intent.created' });
    expect(receiver.received).toHaveLength(2);
    const [a, b] = receiver.received.map((r) => parseWebhook({ body: r.body, signature: r.signature, secrets: 'ws_only' }));
    expect(a!.id).toBe(b!.id);
  });

  it('keeps retrying while the receiver is down and delivers once it is up', async () => {
    const probe = await startReceiver();
    await probe.close(); // its port is free now: nothing listens there yet
    const port = Number(new URL(probe.url).port);
    const sim = await simulator({ webhooks: [{ url: probe.url, secrets: ['ws_down'] }], webhookRetry: { initialDelayMs: 20_000 } });
    await client(sim.url).paymentIntents.create({ amount: { value: 500, currencyCode: 'GBP' }, reference: 'Down' });
    await eventually(() => (sim.deliveries()[0]!.attempts >= 1 ? true : undefined));
    expect(sim.deliveries()[0]).toMatchObject({ status: 'pending', lastError: expect.any(String) });
    const receiver = await startReceiver(port);
    stops.push(receiver.close);
    const delivered = await eventually(() => sim.deliveries().find((d) => d.status === 'delivered'));
    expect(delivered.attempts).toBeGreaterThanOrEqual(2);
    expect(parseWebhook({ body: receiver.received[0]!.body, signature: receiver.received[0]!.signature, secrets: 'ws_down' }).event).toBe('payment_intent.created');
  });

  it('gives up after maxAttempts', async () => {
    const receiver = await startReceiver(0, () => 503);
    stops.push(receiver.close);
    const sim = await simulator({ webhooks: [{ url: receiver.url, secrets: ['ws_x'] }], webhookRetry: { maxAttempts: 3 } });
    await client(sim.url).paymentIntents.create({ amount: { value: 500, currencyCode: 'GBP' }, reference: 'Never' });
    const failed = await eventually(() => sim.deliveries().find((d) => d.status === 'failed'));
    expect(failed).toMatchObject({ attempts: 3, lastStatus: 503 });
    expect(receiver.received).toHaveLength(3);
  });

  it('sends only the events a subscription asks for, including send-receipt', async () => {
    const receiver = await startReceiver();
    stops.push(receiver.close);
    const sim = await simulator({ webhooks: [{ url: receiver.url, secrets: ['ws_r'], events: ['payment_intent.send-receipt'] }] });
    const dojo = client(sim.url);
    const intent = await dojo.paymentIntents.create({ amount: { value: 1500, currencyCode: 'GBP' }, reference: 'Receipt', setupIntentId: 'si_1' });
    await dojo.paymentIntents.charge(intent.id);
    await dojo.paymentIntents.sendReceipt(intent.id, { emails: ['a@example.com'] });
    await eventually(() => (receiver.received.length >= 1 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.received).toHaveLength(1);
    const event = parseWebhook({ body: receiver.received[0]!.body, signature: receiver.received[0]!.signature, secrets: 'ws_r' });
    expect(event).toMatchObject({ event: 'payment_intent.send-receipt', data: { paymentIntentId: intent.id, paymentStatus: 'Captured' } });
  });
});
