import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatorConfigError, startSimulator, type Simulator, type SimulatorState } from './index.js';
import { client, eventually, isFinal, pollSession } from './test-support.js';

let running: Simulator | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function start(options: Parameters<typeof startSimulator>[0]): Promise<Simulator> {
  running = await startSimulator(options);
  return running;
}

/** Stops the simulator, round-trips its state through JSON text (as a file would) and starts it on the same port. */
async function restart(sim: Simulator, options: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  const state = JSON.parse(JSON.stringify(sim.snapshot())) as SimulatorState;
  await sim.stop();
  return start({ ...options, state, port: sim.port });
}

describe('snapshot and restore', () => {
  it('continues a session timeline after a restart on the same port; the client only retries its reads', async () => {
    let sim = await start({ timeScale: 0.05 });
    // A connection kept alive to the stopped server fails once; the client's safe retry covers it, as in production.
    const dojo = client(sim.url, 3);
    const intent = await dojo.paymentIntents.create({ amount: { value: 2013, currencyCode: 'GBP' }, reference: 'Slow card' });
    const [terminal] = await dojo.terminals.list({ statuses: ['Available'] });
    const session = await dojo.terminalSessions.create({ terminalId: terminal!.id, details: { sessionType: 'Sale', sale: { paymentIntentId: intent.id } } });
    await pollSession(dojo, session.id, (s) => s.status === 'Initiated');
    sim = await restart(sim, { timeScale: 0.05 });
    const midway = await dojo.terminalSessions.get(session.id);
    expect(['Initiated', 'Captured']).toContain(midway.status);
    expect((await dojo.terminals.get(terminal!.id)).status).toBe(midway.status === 'Captured' ? 'Available' : 'InUse');
    const done = await pollSession(dojo, session.id, isFinal);
    expect(done.statusEvents.map((e) => e.status)).toEqual(['InitiateRequested', 'Initiated', 'Captured']);
    expect(done.notificationEvents.map((e) => e.notificationType)).toEqual(['PresentCard', 'EnterPin', 'PleaseWait', 'Approved']);
    expect((await dojo.paymentIntents.get(intent.id)).status).toBe('Captured');
    expect((await dojo.terminals.get(terminal!.id)).status).toBe('Available');
  });

  it('keeps a signature check open across a restart and takes the answer afterwards', async () => {
    let sim = await start({ timeScale: 0.05 }); // a 4 s signature window
    const dojo = client(sim.url, 3);
    const intent = await dojo.paymentIntents.create({ amount: { value: 1012, currencyCode: 'GBP' }, reference: 'Signature' });
    const [terminal] = await dojo.terminals.list({ statuses: ['Available'] });
    const session = await dojo.terminalSessions.create({ terminalId: terminal!.id, details: { sessionType: 'Sale', sale: { paymentIntentId: intent.id } } });
    const asking = await pollSession(dojo, session.id, (s) => s.status === 'SignatureVerificationRequired');
    sim = await restart(sim, { timeScale: 0.05 });
    const after = await dojo.terminalSessions.get(session.id);
    expect(after).toMatchObject({ status: 'SignatureVerificationRequired', expireAt: asking.expireAt });
    await dojo.terminalSessions.answerSignature(session.id, { accepted: false });
    expect((await dojo.paymentIntents.get(intent.id)).status).toBe('Reversed');
  });

  it('resends a webhook still pending at the stop after the restart, with the same event id', async () => {
    const bodies: string[] = [];
    let up = false;
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        if (up) bodies.push(body);
        response.writeHead(up ? 200 : 500).end();
      });
    });
    receiver.listen(0, '127.0.0.1');
    await once(receiver, 'listening');
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    try {
      const webhooks = [{ url, secrets: ['ws_restart'] }];
      let sim = await start({ timeScale: 0.001, webhooks, webhookRetry: { initialDelayMs: 50_000 } });
      await client(sim.url).paymentIntents.create({ amount: { value: 100, currencyCode: 'GBP' }, reference: 'Pending hook' });
      const pending = await eventually(() => sim.deliveries().find((d) => d.attempts >= 1));
      expect(pending.status).toBe('pending');
      sim = await restart(sim, { timeScale: 0.001, webhooks });
      up = true;
      const delivered = await eventually(() => sim.deliveries().find((d) => d.status === 'delivered'));
      expect(delivered.eventId).toBe(pending.eventId);
      expect(JSON.parse(bodies[0]!)).toMatchObject({ id: pending.eventId, event: 'payment_intent.created' });
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('refuses a state that is not a snapshot, and a fleet given with a state', async () => {
    await expect(startSimulator({ state: { format: 'other' } as unknown as SimulatorState })).rejects.toBeInstanceOf(SimulatorConfigError);
    const sim = await start({});
    const state = sim.snapshot();
    await expect(startSimulator({ state, terminals: 2 })).rejects.toThrow(/terminals or state/);
  });
});
