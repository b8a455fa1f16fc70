import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createDojoClient,
  createSessionWakeups,
  payAtCounter,
  resumePayAtCounter,
  type CounterProgressEvent,
  type DojoClient,
} from '@dojo-terminals/client';
import { dojoWebhook } from '@dojo-terminals/webhooks/express';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions, type SimulatorState } from './index.js';
import { API_KEY } from './test-support.js';

// The flow helper of @dojo-terminals/client against the stateful simulator when things go wrong: the simulator
// restarts mid-session, the create-session answer is lost, the webhook receiver is down. Each flow must still end
// with the outcome the simulator's state shows, and must never ask for the card twice.

const SECRET = 'ws_flow_faults_secret';
const FAST_POLL = { initialDelayMs: 20, maxDelayMs: 100, factor: 1.5 };

let running: Simulator | undefined;
const servers: Server[] = [];
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function start(options: SimulatorOptions): Promise<Simulator> {
  running = await startSimulator(options);
  return running;
}

function dojoFor(url: string, fetch?: typeof globalThis.fetch): DojoClient {
  return createDojoClient({
    apiKey: API_KEY,
    softwareHouseId: 'softwareHouse1',
    baseUrl: url,
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    ...(fetch && { fetch }),
  });
}

async function listen(server: Server): Promise<string> {
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/dojo`;
}

/** A port that was free a moment ago and now has nobody listening: a receiver that is down. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/webhooks/dojo`;
}

const sessionCreates = (sim: Simulator) => sim.sessions().length;

describe('resumePayAtCounter after the POS crashed mid-sale', () => {
  it('follows the session the dropped flow started, from the stored payment intent id, to captured, with one session', async () => {
    const sim = await start({ timeScale: 0.05, terminals: 1 });
    // The crash: from this point the first process's requests never get an answer (and nothing sends a cancel).
    let crashed = false;
    const dying: typeof globalThis.fetch = (input, init) => (crashed ? new Promise<Response>(() => {}) : globalThis.fetch(input, init));
    let stored: string | undefined; // what the POS wrote to its own records before starting
    void payAtCounter(dojoFor(sim.url, dying), {
      amount: { value: 2013, currencyCode: 'GBP' }, // …13: the slow card, so the crash lands mid-session
      reference: 'Crash mid-sale',
      terminal: 'first-available',
      poll: FAST_POLL,
      onProgress: (event) => {
        if (event.type === 'payment-intent-created') stored = event.paymentIntent.id;
        if (event.type === 'status' && event.status === 'Initiated') crashed = true;
      },
    });
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => crashed && (clearInterval(timer), resolve()), 5);
    });
    expect(sim.sessions()[0]?.status).not.toMatch(/^(Captured|Authorized|Declined|Canceled|Expired)$/);

    // The restarted POS: a new client, the stored id, one call.
    const events: CounterProgressEvent[] = [];
    const outcome = await resumePayAtCounter(dojoFor(sim.url), {
      paymentIntentId: stored!,
      poll: FAST_POLL,
      onProgress: (event) => events.push(event),
    });
    expect(outcome).toMatchObject({ outcome: 'captured', session: { status: 'Captured' }, paymentIntent: { id: stored, status: 'Captured' } });
    expect(sessionCreates(sim), 'exactly one session').toBe(1);
    expect(events.map((event) => event.type)).toContain('session-found');
    // Found while it ran (the payment intent's history shows it from its creation), so its later statuses were seen.
    expect(events.filter((event) => event.type === 'status').map((event) => event.type === 'status' && event.status)).toContain('Captured');
    expect(sim.terminals()[0]?.status).toBe('Available');

    // Calling it again after the end gives the same outcome and starts nothing.
    await expect(resumePayAtCounter(dojoFor(sim.url), { paymentIntentId: stored!, poll: FAST_POLL })).resolves.toMatchObject({ outcome: 'captured' });
    expect(sessionCreates(sim)).toBe(1);
  });
});

describe('payAtCounter against the simulator, with faults', () => {
  it('ends Captured when the simulator restarts while the customer presents the card', async () => {
    let sim = await start({ timeScale: 0.05, terminals: 1 });
    const { port } = sim;
    const dojo = dojoFor(sim.url);
    const progress: CounterProgressEvent[] = [];
    let restarted: Promise<void> | undefined;
    const flow = payAtCounter(dojo, {
      amount: { value: 2013, currencyCode: 'GBP' }, // …13: the slow card, so the restart lands mid-session
      reference: 'Restart mid-session',
      terminal: 'first-available',
      poll: FAST_POLL,
      onProgress: (event) => {
        progress.push(event);
        if (!restarted && event.type === 'status' && event.status === 'Initiated') {
          restarted = (async () => {
            const state = JSON.parse(JSON.stringify(sim.snapshot())) as SimulatorState;
            await sim.stop();
            await new Promise((resolve) => setTimeout(resolve, 300)); // an outage the polls run into
            sim = await start({ state, port, timeScale: 0.05 });
          })();
        }
      },
    });
    const outcome = await flow;
    await restarted;
    expect(restarted, 'the simulator was restarted during the session').toBeDefined();
    expect(outcome.outcome).toBe('captured');
    expect(outcome.session?.status).toBe('Captured');
    expect(outcome.paymentIntent?.status).toBe('Captured');
    expect(sessionCreates(sim)).toBe(1);
    expect(sim.terminals()[0]?.status).toBe('Available');
    const prompts = progress.flatMap((e) => (e.type === 'notification' ? [e.notification] : []));
    expect(new Set(prompts).size, 'each prompt reported once').toBe(prompts.length);
  });

  it('never re-sends a create-session whose answer was lost: it finds the session and follows it', async () => {
    const sim = await start({ timeScale: 0.02, terminals: 1 });
    let creates = 0;
    // The request reaches the simulator, then the connection "drops" before the answer is read.
    const losingFetch: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      const response = await globalThis.fetch(request);
      if (request.method === 'POST' && new URL(request.url).pathname === '/terminal-sessions') {
        creates++;
        await response.arrayBuffer();
        throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
      }
      return response;
    };
    const progress: CounterProgressEvent['type'][] = [];
    const outcome = await payAtCounter(dojoFor(sim.url, losingFetch), {
      amount: { value: 1000, currencyCode: 'GBP' },
      reference: 'Lost answer',
      terminal: 'first-available',
      poll: FAST_POLL,
      outcomeCheckMs: 10_000,
      onProgress: (event) => progress.push(event.type),
    });
    expect(creates, 'the create-session request went out once').toBe(1);
    expect(sessionCreates(sim)).toBe(1);
    expect(progress).toContain('checking-outcome');
    expect(outcome.outcome).toBe('captured');
    expect(outcome.paymentIntent?.status).toBe('Captured');
  });

  it('ends with the right outcome by polling alone when the webhook receiver is down', async () => {
    const sim = await start({
      timeScale: 0.02,
      terminals: 1,
      webhooks: [{ url: await closedPortUrl(), secrets: [SECRET] }],
      webhookRetry: { maxAttempts: 3, initialDelayMs: 100 },
    });
    const wakeups = createSessionWakeups();
    const outcome = await payAtCounter(dojoFor(sim.url), {
      amount: { value: 1011, currencyCode: 'GBP' }, // …11: declined
      reference: 'Receiver down',
      terminal: 'first-available',
      poll: FAST_POLL,
      wakeups,
    });
    expect(outcome.outcome).toBe('declined');
    expect(outcome.paymentIntent?.status).toBe('Created');
    expect(sim.deliveries().length).toBeGreaterThan(0);
    expect(sim.deliveries().every((d) => d.status !== 'delivered')).toBe(true);
  });

  it('is woken by verified webhooks when polling alone would wait far longer', async () => {
    const wakeups = createSessionWakeups();
    const received: string[] = [];
    const url = await listen(
      createServer(
        dojoWebhook({
          secrets: [SECRET],
          onEvent: (event) => {
            received.push(event.event);
            wakeups.notify(event);
          },
        }),
      ),
    );
    const sim = await start({ timeScale: 0.02, terminals: 1, webhooks: [{ url, secrets: [SECRET] }] });
    const outcome = await payAtCounter(dojoFor(sim.url), {
      amount: { value: 1000, currencyCode: 'GBP' },
      reference: 'Woken by webhook',
      terminal: 'first-available',
      // After the first read the next one would come in 10 minutes, far beyond the test's timeout.
      poll: { initialDelayMs: 600_000, maxDelayMs: 600_000, factor: 1 },
      wakeups,
    });
    expect(outcome.outcome).toBe('captured');
    expect(received).toContain('payment_intent.status_updated');
  });
});
