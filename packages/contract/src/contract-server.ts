import { isMainThread } from 'node:worker_threads';
import type { ExitStatus } from './process-group.js';
import { readableSpecPath, startPrism, type PrismServer } from './prism.js';
import { assertLoopbackHost, assertValidPort } from './ports.js';
import { startRecorder } from './recorder.js';
import { ContractViolationError, formatReport, type ContractViolation } from './report.js';
import { loadSpecIndex } from './spec-index.js';
import type { UpstreamTap } from './upstream-tap.js';

export interface ContractServerOptions {
  /** JSON OpenAPI document to check against. Default: the bundled Dojo spec from `@dojo-terminals/spec`. */
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

/** A mock or proxy: Prism behind a front that records every contract violation. */
export interface ContractServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:43123 */
  readonly url: string;
  readonly port: number;
  /** Pid of the Prism process (also its process group id). */
  readonly pid: number;
  /** Every violation seen so far, oldest first. */
  violations(): ContractViolation[];
  /** Forgets the violations seen so far (e.g. between tests). */
  clearViolations(): void;
  /** The readable report of the violations seen so far: operation, field, what the spec expects, what was sent. */
  report(): string;
  /** Throws a ContractViolationError, whose message is the report, when any violation was seen. */
  assertNoViolations(): void;
  /**
   * Stops the server, then fails when any violation was seen: throws a ContractViolationError naming each one and,
   * in a test runner's main process, sets `process.exitCode = 1` (vitest only logs a global teardown's error).
   */
  stopAndAssert(): Promise<void>;
  /** Settles when Prism exits, for whatever reason (normally after `stop()`). */
  readonly exited: Promise<ExitStatus>;
  /** Stops the front, Prism and everything Prism started. Safe to call more than once. */
  stop(): Promise<void>;
}

/** Prism gets this long (beyond the upstream timeout, for a proxy) to answer: ample even on a loaded machine. */
const PRISM_ANSWER_MARGIN_MS = 30_000;

export async function startContractServer(
  options: ContractServerOptions & { dynamic?: boolean },
  leg: { tap: UpstreamTap; timeoutMs: number } | undefined,
  who: string,
): Promise<ContractServer> {
  const host = options.host ?? '127.0.0.1';
  assertLoopbackHost(host);
  if (options.port !== undefined) assertValidPort(options.port);
  const specPath = await readableSpecPath(options.specPath, who);
  const spec = await loadSpecIndex(specPath);
  const prism: PrismServer = await startPrism(
    {
      specPath,
      host,
      dynamic: options.dynamic ?? false,
      ...(options.startTimeoutMs === undefined ? {} : { startTimeoutMs: options.startTimeoutMs }),
      ...(options.onOutput === undefined ? {} : { onOutput: options.onOutput }),
    },
    leg?.tap.url,
    who,
  );
  try {
    const recorder = await startRecorder({
      target: prism.url,
      host,
      port: options.port,
      spec,
      tap: leg?.tap,
      answerTimeoutMs: (leg?.timeoutMs ?? 0) + PRISM_ANSWER_MARGIN_MS,
      onViolations: options.onViolations,
    });
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => (stopping ??= recorder.close().then(() => prism.stop()));
    const assertNoViolations = (): void => {
      const violations = recorder.violations();
      if (violations.length > 0) throw new ContractViolationError(violations);
    };
    return {
      url: recorder.url,
      port: recorder.port,
      pid: prism.pid,
      exited: prism.exited,
      violations: () => recorder.violations(),
      clearViolations: () => recorder.clear(),
      report: () => formatReport(recorder.violations()),
      assertNoViolations,
      stopAndAssert: async () => {
        await stop();
        try {
          assertNoViolations();
        } catch (error) {
          if (isRunnerMainProcess()) process.exitCode = 1;
          throw error;
        }
      },
      stop,
    };
  } catch (error) {
    await prism.stop();
    throw error;
  }
}

/** Not a worker thread nor a forked worker process (which has an IPC channel). */
function isRunnerMainProcess(): boolean {
  return isMainThread && typeof process.send !== 'function';
}
