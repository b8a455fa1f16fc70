import { TERMINAL_STATUSES, type DojoWebhookEventType, type PaymentIntent, type Terminal, type TerminalSession, type TerminalStatus } from '@dojo-terminals/types';
import type { FastifyInstance } from 'fastify';
import { createApp } from './app.js';
import { SimulatorConfigError, SimulatorTestHelperError } from './errors.js';
import { ApiProblem } from './problems.js';
import { testHelpersOf, type TestHelpers } from './test-helpers.js';
import { newId } from './ids.js';
import { expireIntents, nextIntentExpiry } from './auto-expiry.js';
import { captureRest, releaseRest } from './payment-intents.js';
import { advanceSessions, nextSessionStep } from './terminal-sessions.js';
import { buildFleet, setTerminalStatus, type TerminalSpec } from './terminals.js';
import { isSimulatorState, type DeliveryRecord, type SimulatorState } from './state.js';
import { checkSubscriptions, createDeliverer, queueEvent, type WebhookRetryOptions, type WebhookSubscription } from './webhooks.js';
import type { World } from './world.js';

export interface SimulatorLogger {
  info?(line: string): void;
  warn?(line: string): void;
}

export interface SimulatorOptions {
  /** Port to listen on. Default 0: a free port, see `port` on the result. */
  port?: number;
  /** A loopback address: `127.0.0.1` (default), `::1` or `localhost`. */
  host?: string;
  /** The fleet: how many `Available` terminals (default 3), or each terminal with its id, tid and status. */
  terminals?: number | readonly TerminalSpec[];
  /**
   * Multiplies every simulated duration: the terminal's steps, `expireAt` windows (the 80 s signature window too)
   * and webhook retry delays. Default 1 (real time); `0.001` turns 80 s into 80 ms.
   */
  timeScale?: number;
  /** Webhook subscriptions: each event is posted to every subscription that wants it, signed as Dojo signs. */
  webhooks?: readonly WebhookSubscription[];
  webhookRetry?: WebhookRetryOptions;
  /** Resume from a `snapshot()`: timelines continue where they were (steps that fell due meanwhile happen at once). */
  state?: SimulatorState;
  /** Accept exactly these API keys. Default: any key of the sandbox form `sk_sandbox_…`. */
  apiKeys?: readonly string[];
  /**
   * Test mode: the `/test-helpers/…` HTTP routes answer (they are refused with `403` otherwise). The library's
   * `testHelpers` work either way. Default false.
   */
  testMode?: boolean;
  /** Receives one line per request (`info`), webhook attempt and internal error (`warn`). Lines never hold keys or secrets. */
  logger?: SimulatorLogger;
}

/** What happened to a webhook delivery (no secrets). */
export type DeliveryInfo = Omit<DeliveryRecord, 'body'> & { payload: unknown };

export interface Simulator {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:4030`. */
  readonly url: string;
  readonly port: number;
  /** The state as plain JSON, for `startSimulator({ state })` (webhook secrets are not in it). */
  snapshot(): SimulatorState;
  /** The fleet as `GET /terminals` shows it now. */
  terminals(): Terminal[];
  /** Every terminal session, as `GET /terminal-sessions/{id}` shows it now. */
  sessions(): TerminalSession[];
  paymentIntents(): PaymentIntent[];
  /** Every webhook delivery, oldest first: pending, delivered or failed, with its attempts. */
  deliveries(): DeliveryInfo[];
  /** Sets a terminal's status, e.g. `Offline` to test a POS's handling of it. */
  setTerminalStatus(terminalId: string, status: TerminalStatus): void;
  /** Decide what the customer does, and advance sessions in step mode; a bad call throws `SimulatorTestHelperError`. */
  readonly testHelpers: TestHelpers;
  /** Stops listening and sending; pending deliveries stay in `snapshot()`. Safe to call more than once. */
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

function checkOptions(options: SimulatorOptions): void {
  if (typeof options !== 'object' || options === null) throw new SimulatorConfigError('startSimulator needs an options object');
  const { port, host, timeScale } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) throw new SimulatorConfigError('port must be a whole number from 0 to 65535');
  if (host !== undefined && !LOOPBACK.has(host)) throw new SimulatorConfigError('host must be a loopback address (127.0.0.1, ::1 or localhost): the simulator is for local use only');
  if (timeScale !== undefined && (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale <= 0 || timeScale > 1000)) {
    throw new SimulatorConfigError('timeScale must be a number above 0 and at most 1000 (e.g. 0.001 for 1000× faster)');
  }
  if (options.state !== undefined && options.terminals !== undefined) throw new SimulatorConfigError('give terminals or state, not both: a restored state brings its own fleet');
  if (options.state !== undefined && !isSimulatorState(options.state)) throw new SimulatorConfigError('state must be a value returned by snapshot()');
  if (options.apiKeys !== undefined && (!Array.isArray(options.apiKeys) || !options.apiKeys.every((k) => typeof k === 'string' && /^sk_(?:sandbox|prod)_[\x21-\x7e]+$/.test(k)))) {
    throw new SimulatorConfigError('apiKeys must be a list of keys of the form sk_sandbox_… or sk_prod_…');
  }
  const retry = options.webhookRetry;
  if (retry?.maxAttempts !== undefined && (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1)) throw new SimulatorConfigError('webhookRetry.maxAttempts must be a whole number ≥ 1');
  if (retry?.initialDelayMs !== undefined && !(retry.initialDelayMs >= 0)) throw new SimulatorConfigError('webhookRetry.initialDelayMs must be a number ≥ 0');
}

/** How the simulator tells time and whether it runs its own timers; tests of the ledger drive both by hand. */
export interface SimulatorInternals {
  /** Wall-clock time, epoch ms. Default `Date.now`. */
  clock?: () => number;
  /** No timers and no webhook sending: time moves only when `tick()` is called, deliveries stay pending. */
  manual?: boolean;
}

/** The simulator without a listening socket: the app (for `inject`), the library API and the clock's hand. */
export interface SimulatorCore {
  readonly app: FastifyInstance;
  readonly api: Omit<Simulator, 'url' | 'port' | 'stop'>;
  /** Applies every timeline step and sends every delivery that is due now. */
  tick(): void;
  /** Ticks, then sets the timer for the next step or delivery (unless manual). */
  wake(): void;
  /** Stops the timers and the deliverer; closes the app. */
  close(): Promise<void>;
}

/** Builds the state, the domain and the app from the options; `startSimulator` makes it listen. */
export function createSimulatorCore(options: SimulatorOptions = {}, internals: SimulatorInternals = {}): SimulatorCore {
  checkOptions(options);
  const clock = internals.clock ?? Date.now;
  const scale = options.timeScale ?? 1;
  const subscriptions = options.webhooks ?? [];
  checkSubscriptions(subscriptions);
  const log = (level: 'info' | 'warn', line: string) => options.logger?.[level]?.(line);

  const state: SimulatorState = options.state
    ? structuredClone(options.state)
    : {
        format: 'dojo-simulator-state/1',
        takenAt: new Date(clock()).toISOString(),
        accountId: newId.account(),
        terminals: buildFleet(options.terminals ?? 3, clock()),
        paymentIntents: [],
        sessions: [],
        refunds: [],
        deliveries: [],
      };

  let frozen: number | undefined;
  const world: World = {
    state,
    now: () => frozen ?? clock(),
    runAt(at, fn) {
      frozen = at;
      try {
        fn();
      } finally {
        frozen = undefined;
      }
    },
    scaled: (ms) => ms * scale,
    emit: (event: DojoWebhookEventType, intent: PaymentIntent) => queueEvent(world, subscriptions, event, intent),
  };

  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const deliverer = createDeliverer(
    world,
    subscriptions,
    { maxAttempts: options.webhookRetry?.maxAttempts ?? 8, initialDelayMs: options.webhookRetry?.initialDelayMs ?? 5_000 },
    (line) => log('info', line),
    () => wake(),
  );

  function tick(): void {
    if (stopped) return;
    const now = clock();
    advanceSessions(world, now);
    expireIntents(world, now, { captureRest: (r) => captureRest(world, r), release: (r) => releaseRest(world, r) });
    if (internals.manual !== true) deliverer.pump(now);
  }

  // One timer, set for the next step or delivery that falls due.
  function wake(): void {
    if (stopped) return;
    if (timer !== undefined) clearTimeout(timer);
    tick();
    if (internals.manual === true) return;
    const next = [nextSessionStep(world), nextIntentExpiry(world), deliverer.nextDue()].filter((t): t is number => t !== undefined);
    if (next.length === 0) return;
    // setTimeout fires at once for delays beyond 2^31-1 ms, which a large time scale can reach.
    timer = setTimeout(wake, Math.min(Math.max(0, Math.min(...next) - clock()), 2_147_483_647));
  }

  const app = createApp(world, options.apiKeys, { beforeRequest: tick, afterRequest: wake, log }, options.testMode === true);
  const helpers = testHelpersOf(world);
  // A library call acts as a request would: timelines brought up to now first, the timer set again after.
  const helper =
    <A extends unknown[], R>(call: (...args: A) => R) =>
    (...args: A): R => {
      tick();
      try {
        return structuredClone(call(...args));
      } catch (error) {
        if (!(error instanceof ApiProblem)) throw error;
        const fields = Object.entries(error.errors ?? {}).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
        throw new SimulatorTestHelperError(fields.length > 0 ? fields.join('; ') : error.message, error.status, error.code);
      } finally {
        wake();
      }
    };
  const api: SimulatorCore['api'] = {
    snapshot: () => {
      tick();
      return structuredClone({ ...state, takenAt: new Date(clock()).toISOString() });
    },
    terminals: () => (tick(), structuredClone(state.terminals)),
    sessions: () => (tick(), structuredClone(state.sessions.map((s) => s.session))),
    paymentIntents: () => (tick(), structuredClone(state.paymentIntents.map((r) => r.intent))),
    deliveries: () => state.deliveries.map(({ body, ...rest }) => ({ ...structuredClone(rest), payload: JSON.parse(body) as unknown })),
    setTerminalStatus(terminalId, status) {
      const terminal = world.state.terminals.find((t) => t.id === terminalId);
      if (terminal === undefined) throw new SimulatorConfigError(`no terminal ${terminalId} in the fleet`);
      if (!(TERMINAL_STATUSES as readonly string[]).includes(status)) throw new SimulatorConfigError(`status must be ${TERMINAL_STATUSES.join(', ')}`);
      setTerminalStatus(world, terminal, status);
    },
    testHelpers: {
      setSessionCustomer: helper(helpers.setSessionCustomer),
      setTerminalCustomer: helper(helpers.setTerminalCustomer),
      advanceSession: helper(helpers.advanceSession),
    },
  };
  return {
    app,
    api,
    tick,
    wake,
    async close() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await deliverer.stop();
      await app.close();
    },
  };
}

/**
 * Starts the simulator on a loopback port and resolves once it listens.
 *
 * ```ts
 * const sim = await startSimulator({ timeScale: 0.01 });
 * const dojo = createDojoClient({ apiKey: 'sk_sandbox_demo', softwareHouseId: 'softwareHouse1', baseUrl: sim.url });
 * ```
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const core = createSimulatorCore(options);
  try {
    // A POS test suite may open a thousand connections at once: Node's default queue of 511 would drop some,
    // and the kernel only retries a dropped connection a second later. (Linux caps it at net.core.somaxconn.)
    await core.app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1', backlog: 4096 });
  } catch (error) {
    await core.close();
    throw error;
  }
  const address = core.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 0);
  const host = options.host === '::1' ? '[::1]' : (options.host ?? '127.0.0.1');
  core.wake();
  options.logger?.info?.(`Dojo simulator listening on http://${host}:${port}`);

  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    ...core.api,
    stop: () => (stopping ??= core.close()),
  };
}
