import { access, constants } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createRequire } from 'node:module';
import { OutputTail } from './output-tail.js';
import { resolvePrismCli } from './prism-bin.js';
import { killGroup, spawnGroupLeader, type ExitStatus } from './process-group.js';
import { assertLoopbackHost, assertPortFree, assertValidPort, findFreePort, PortInUseError } from './ports.js';
import { MockStartError, PRISM_LISTENING, waitUntilReady } from './wait-until-ready.js';

/** How to run Prism itself. */
export interface PrismOptions {
  /** Path of the OpenAPI document; relative paths resolve from the cwd. Default: the bundled Dojo spec. */
  specPath?: string;
  /** Port to listen on; when omitted a free loopback port is picked. */
  port?: number;
  /** IPv4 loopback address to listen on. Default 127.0.0.1. */
  host?: string;
  /** Generate responses from the schemas instead of returning examples (`prism mock -d`). Default false. */
  dynamic?: boolean;
  /** How long to wait for Prism to answer. Default 30 000 ms. */
  startTimeoutMs?: number;
  /** Receives each line Prism prints (ANSI colours removed), e.g. to show request logs. */
  onOutput?: (line: string) => void;
}

/** A running Prism process. */
export interface PrismServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:43123 */
  readonly url: string;
  readonly port: number;
  /** Pid of the Prism process (also its process group id). */
  readonly pid: number;
  /** Settles when Prism exits, for whatever reason. */
  readonly exited: Promise<ExitStatus>;
  /** Kills Prism and everything it started, then waits for it to exit. Safe to call more than once. */
  stop(): Promise<void>;
}

const DEFAULT_START_TIMEOUT_MS = 30_000;
const AUTO_PORT_ATTEMPTS = 4;

/**
 * Path of the bundled Dojo spec (`@dojo-terminals/spec/openapi.json`) that mocks and proxies check against
 * by default. Resolved at run time (not imported), so the spec package's own tests can use this code.
 */
export function bundledSpecPath(): string {
  return createRequire(import.meta.url).resolve('@dojo-terminals/spec/openapi.json');
}

/** Resolves and checks the document path; `who` names the caller in the error. */
export async function readableSpecPath(specPath: string | undefined, who: string): Promise<string> {
  const path = resolve(specPath ?? bundledSpecPath());
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new Error(`${who}: cannot read OpenAPI document ${path}: ${(error as Error).message}`, { cause: error });
  }
  return path;
}

/**
 * Starts Prism (`mock`, or `proxy` when `upstream` is given) with `--errors` on a loopback port and resolves once
 * it answers HTTP.
 */
export async function startPrism(options: PrismOptions, upstream: string | undefined, who: string): Promise<PrismServer> {
  const host = options.host ?? '127.0.0.1';
  assertLoopbackHost(host);
  const specPath = await readableSpecPath(options.specPath, who);
  const launchOptions = { ...options, ...(upstream === undefined ? {} : { upstream }) };

  if (options.port !== undefined) {
    assertValidPort(options.port);
    await assertPortFree(host, options.port);
    return launchPrism(specPath, host, options.port, launchOptions);
  }

  // The free port we found can be taken before Prism binds it: try again with another one.
  for (let attempt = 1; ; attempt++) {
    const port = await findFreePort(host);
    try {
      return await launchPrism(specPath, host, port, launchOptions);
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= AUTO_PORT_ATTEMPTS) throw error;
    }
  }
}

type LaunchOptions = Pick<PrismOptions, 'dynamic' | 'startTimeoutMs' | 'onOutput'> & {
  /** Run `prism proxy` in front of this URL instead of `prism mock`. */
  upstream?: string;
};

/** Starts Prism on exactly this port, with no check that the port is free. Exported for tests. */
export async function launchPrism(specPath: string, host: string, port: number, options: LaunchOptions): Promise<PrismServer> {
  const prism = resolvePrismCli();
  const args =
    options.upstream === undefined
      ? [prism.entry, 'mock', specPath, '-h', host, '-p', String(port)]
      : [prism.entry, 'proxy', specPath, options.upstream, '-h', host, '-p', String(port)];
  args.push('--errors');
  if ((options.dynamic ?? false) && options.upstream === undefined) args.push('-d');

  const leader = spawnGroupLeader(process.execPath, args, { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' });
  const tail = new OutputTail();
  let listening = false;
  let addressInUse = false;
  const onChunk = (stream: string) => (chunk: Buffer): void => {
    for (const line of tail.push(chunk.toString('utf8'), stream)) {
      if (line.includes(PRISM_LISTENING)) listening = true;
      if (line.includes('EADDRINUSE')) addressInUse = true;
      options.onOutput?.(line);
    }
  };
  leader.child.stdout?.on('data', onChunk('stdout'));
  leader.child.stderr?.on('data', onChunk('stderr'));

  const url = `http://${host}:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopping ??= killGroup(leader).then(() => undefined));

  try {
    await waitUntilReady({
      leader,
      isListening: () => listening,
      url,
      timeoutMs: options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    });
  } catch (error) {
    await stop();
    // Prism's last words (e.g. EADDRINUSE) may still be in the pipes when the exit is seen.
    await Promise.race([leader.closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    const output = tail.lines();
    const details = `${options.upstream === undefined ? 'startMock' : 'startProxy'}: Prism ${prism.version} failed to start for ${specPath} on ${url}: ${(error as Error).message}`;
    const shown = output.length > 0 ? output.map((line) => `  ${line}`) : ['  (none)'];
    const message = [details, 'Last Prism output:', ...shown].join('\n');
    if (addressInUse) throw new PortInUseError(host, port, message);
    throw new MockStartError(message, { cause: error });
  }

  return { url, port, pid: leader.pid, exited: leader.exited, stop };
}
