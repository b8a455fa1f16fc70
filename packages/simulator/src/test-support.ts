import { API_VERSION, FINAL_TERMINAL_SESSION_STATUSES } from '@dojo-terminals/types';
import { createDojoClient, type DojoClient, type TerminalSession } from '@dojo-terminals/client';
import { startProxy, type ContractProxy } from '@dojo-terminals/contract';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startSimulator, type Simulator, type SimulatorOptions } from './index.js';

export const API_KEY = 'sk_sandbox_simulator_tests';
export const HEADERS = { authorization: `Basic ${API_KEY}`, version: API_VERSION, 'software-house-id': 'softwareHouse1' };

/** A client of the simulator; no retries unless asked, so a failure shows at once. */
export function client(baseUrl: string, maxRetries = 0): DojoClient {
  return createDojoClient({ apiKey: API_KEY, softwareHouseId: 'softwareHouse1', baseUrl, maxRetries, retry: { baseDelayMs: 20, maxDelayMs: 100 } });
}

/**
 * A simulator behind Prism's validating proxy for the tests of one file (Prism takes seconds to start): `dojo` calls
 * it through the proxy, and each test fails on the contract violations it caused.
 */
export function simulatorBehindProxy(options: SimulatorOptions, maxRetries = 0): { sim: Simulator; proxy: ContractProxy; dojo: DojoClient } {
  let sim: Simulator | undefined;
  let proxy: ContractProxy | undefined;
  let dojo: DojoClient | undefined;
  beforeAll(async () => {
    sim = await startSimulator(options);
    proxy = await startProxy(sim.url);
    dojo = client(proxy.url, maxRetries);
  });
  afterAll(async () => {
    await proxy?.stop();
    await sim?.stop();
  });
  afterEach(() => {
    try {
      proxy?.assertNoViolations();
    } finally {
      proxy?.clearViolations();
    }
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('simulatorBehindProxy: used before beforeAll ran');
    return value;
  };
  return {
    get sim() {
      return started(sim);
    },
    get proxy() {
      return started(proxy);
    },
    get dojo() {
      return started(dojo);
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls the session (as a POS does) until `done` holds; fails after `timeoutMs` with the last status seen. */
export async function pollSession(
  dojo: DojoClient,
  id: string,
  done: (session: TerminalSession) => boolean,
  timeoutMs = 10_000,
): Promise<TerminalSession> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const session = await dojo.terminalSessions.get(id);
    if (done(session)) return session;
    if (Date.now() > deadline) throw new Error(`session ${id} still ${session.status} after ${timeoutMs} ms`);
    await sleep(10);
  }
}

export const FINAL: readonly string[] = FINAL_TERMINAL_SESSION_STATUSES;
export const isFinal = (session: TerminalSession) => FINAL.includes(session.status);

/** Polls until `check` resolves to a value other than undefined. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(10);
  }
}
