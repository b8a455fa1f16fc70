import type { ExitStatus } from './process-group.js';
import { loadOperationNamer } from './operations.js';
import { assertLoopbackHost, assertValidPort } from './ports.js';
import { startRecorder, startTap } from './recorder.js';
import { ContractViolationError, formatReport, type ContractViolation } from './report.js';
import { readableSpecPath, startPrism, type MockServer, type StartMockOptions } from './start-mock.js';

export interface CheckedServerOptions {
  /** OpenAPI document to check against. Default: the bundled Dojo spec from `@dojo-terminals/spec`. */
  specPath?: string;
  /** Port to listen on; when omitted a free loopback port is picked. */
  port?: number;
  /** IPv4 loopback address to listen on. Default 127.0.0.1. */
  host?: string;
  /** How long to wait for Prism to answer. Default 30 000 ms. */
  startTimeoutMs?: number;
  /** Receives each line Prism prints (ANSI colours removed). */
  onOutput?: (line: string) => void;
  /** Called with the violations of each failing exchange, as it happens (e.g. to print `formatReport(v)`). */
  onViolations?: (violations: ContractViolation[]) => void;
}

export type StartProxyOptions = CheckedServerOptions;

/** A Prism server behind a recorder that keeps every contract violation it reports. */
export interface CheckedServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:43123 */
  readonly url: string;
  readonly port: number;
  /** Every violation seen so far, oldest first. */
  violations(): ContractViolation[];
  /** Forgets the violations seen so far (e.g. between tests). */
  clearViolations(): void;
  /** The readable report of the violations seen so far. */
  report(): string;
  /** Throws a ContractViolationError, whose message is the report, when any violation was seen. */
  assertNoViolations(): void;
  /** Settles when Prism exits, for whatever reason (normally after `stop()`). */
  readonly exited: Promise<ExitStatus>;
  /** Stops the recorder, Prism and everything Prism started. Safe to call more than once. */
  stop(): Promise<void>;
}

export interface ContractProxy extends CheckedServer {
  /** The upstream the proxy forwards to. */
  readonly upstream: string;
}

/**
 * Starts a validating Prism proxy (`prism proxy --errors`) in front of `upstream`: valid exchanges pass
 * unchanged; a request that breaks the spec is refused (422) without reaching the upstream, and an upstream
 * response that breaks it is replaced by a 500 problem. Every violation is kept for `violations()`.
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
  const host = options.host ?? '127.0.0.1';
  assertLoopbackHost(host);
  const tap = await startTap(upstream, host);
  try {
    const server = await startChecked(options, tap.url, tap, 'startProxy');
    return {
      ...server,
      upstream,
      stop: async () => {
        await server.stop();
        await tap.close();
      },
    };
  } catch (error) {
    await tap.close();
    throw error;
  }
}

export interface CheckedMockOptions extends CheckedServerOptions {
  /** Generate responses from the schemas instead of returning examples. Default false. */
  dynamic?: boolean;
}

/** A Prism mock (`--errors`) behind the recorder, as `dojo-contract mock` serves it. */
export function startCheckedMock(options: CheckedMockOptions = {}): Promise<CheckedServer> {
  return startChecked(options, undefined, undefined, 'startMock');
}

async function startChecked(
  options: CheckedMockOptions,
  upstream: string | undefined,
  tap: Parameters<typeof startRecorder>[0]['tap'],
  who: string,
): Promise<CheckedServer> {
  const host = options.host ?? '127.0.0.1';
  assertLoopbackHost(host);
  if (options.port !== undefined) assertValidPort(options.port);
  const specPath = await readableSpecPath(options.specPath, who);
  const prismOptions: StartMockOptions = { specPath, host, errors: true, dynamic: options.dynamic ?? false };
  if (options.startTimeoutMs !== undefined) prismOptions.startTimeoutMs = options.startTimeoutMs;
  if (options.onOutput !== undefined) prismOptions.onOutput = options.onOutput;
  const nameOperation = await loadOperationNamer(specPath);
  const prism: MockServer = await startPrism(prismOptions, upstream, who);
  try {
    const recorder = await startRecorder({ target: prism.url, host, port: options.port, nameOperation, tap, onViolations: options.onViolations });
    let stopping: Promise<void> | undefined;
    return {
      url: recorder.url,
      port: recorder.port,
      exited: prism.exited,
      violations: () => recorder.violations(),
      clearViolations: () => recorder.clear(),
      report: () => formatReport(recorder.violations()),
      assertNoViolations: () => {
        const violations = recorder.violations();
        if (violations.length > 0) throw new ContractViolationError(violations);
      },
      stop: () => (stopping ??= recorder.close().then(() => prism.stop())),
    };
  } catch (error) {
    await prism.stop();
    throw error;
  }
}
