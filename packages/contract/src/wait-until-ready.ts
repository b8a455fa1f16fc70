import { request } from 'node:http';
import type { GroupLeader } from './process-group.js';

/** The line Prism 5 logs once its HTTP server listens. */
export const PRISM_LISTENING = 'Prism is listening on';

export class MockStartError extends Error {
  override readonly name = 'MockStartError';
}

export interface WaitOptions {
  leader: GroupLeader;
  /** True once Prism has logged PRISM_LISTENING. */
  isListening: () => boolean;
  url: string;
  timeoutMs: number;
  pollIntervalMs?: number;
}

/**
 * Resolves true when anything answers HTTP at `url`. It sends a CORS preflight, which Prism answers
 * (204) without logging a failed request, so the probe does not clutter the mock's request log.
 */
export function answersHttp(url: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const headers = { origin: 'http://127.0.0.1', 'access-control-request-method': 'GET' };
    const req = request(url, { method: 'OPTIONS', headers, timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(true);
    });
    req.once('timeout', () => req.destroy());
    req.once('error', () => resolve(false));
    req.end();
  });
}

/**
 * Polls until Prism has logged that it listens and answers a request at `url`.
 * Rejects with MockStartError if the process exits first or time runs out.
 */
export async function waitUntilReady({ leader, isListening, url, timeoutMs, pollIntervalMs = 100 }: WaitOptions): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (leader.hasExited()) {
      const { code, signal } = await leader.exited;
      throw new MockStartError(`Prism exited before it was ready (${signal ?? `code ${String(code)}`})`);
    }
    if (isListening() && (await answersHttp(url))) return;
    if (Date.now() >= deadline) {
      throw new MockStartError(`Prism did not answer at ${url} within ${timeoutMs} ms`);
    }
    await Promise.race([leader.exited, delay(pollIntervalMs)]);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
