import { startContractServer, type ContractServer, type ContractServerOptions } from './contract-server.js';
import { assertLoopbackHost } from './ports.js';
import { startUpstreamTap } from './upstream-tap.js';

export interface StartProxyOptions extends ContractServerOptions {
  /** How long the upstream has to answer an exchange in full before the proxy answers 504. Default 30 000 ms. */
  upstreamTimeoutMs?: number;
}

export interface ContractProxy extends ContractServer {
  /** The upstream the proxy forwards to. */
  readonly upstream: string;
}

export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
/** The largest upstream body the proxy reads. */
const MAX_UPSTREAM_BODY_BYTES = 16 * 1024 * 1024;

/**
 * Starts a validating Prism proxy in front of `upstream`. Valid exchanges pass unchanged. A request that breaks
 * the spec is refused as the mock refuses it, without reaching the upstream. An upstream answer that breaks the
 * spec (its schema, an undocumented status, something other than the JSON documented) is replaced by a 500
 * problem naming what was wrong; an upstream that resets or truncates its answer gets a 502, one that does not
 * answer within `upstreamTimeoutMs` a 504. Every one is recorded, and the proxy keeps serving.
 */
export async function startProxy(upstream: string, options: StartProxyOptions = {}): Promise<ContractProxy> {
  let target: URL;
  try {
    target = new URL(upstream);
  } catch {
    throw new Error(`startProxy: the upstream must be an http(s) URL, got "${upstream}"`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new Error(`startProxy: the upstream must be an http(s) URL, got "${upstream}"`);
  }
  const timeoutMs = options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    throw new Error(`startProxy: upstreamTimeoutMs must be a positive integer, got ${String(timeoutMs)}`);
  }
  const host = options.host ?? '127.0.0.1';
  assertLoopbackHost(host);
  const tap = await startUpstreamTap({ upstream, host, timeoutMs, maxBodyBytes: MAX_UPSTREAM_BODY_BYTES });
  try {
    const server = await startContractServer(options, { tap, timeoutMs }, 'startProxy');
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => (stopping ??= server.stop().then(() => tap.close()));
    return {
      ...server,
      upstream,
      stop,
      stopAndAssert: async () => {
        await stop();
        await server.stopAndAssert();
      },
    };
  } catch (error) {
    await tap.close();
    throw error;
  }
}
