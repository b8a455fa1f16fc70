import { parseArgs } from 'node:util';
import { DEFAULT_UPSTREAM_TIMEOUT_MS } from './start-proxy.js';

export const DEFAULT_PORT = 4010;

export const USAGE = `Usage:
  dojo-contract mock [--port <port>] [--dynamic] [--spec <openapi.json>] [--pid-file <path>]
  dojo-contract proxy <upstream-url> [--port <port>] [--upstream-timeout <ms>] [--spec <openapi.json>] [--pid-file <path>]

mock    Serves a Prism mock of Dojo's Pay at Counter API on http://127.0.0.1:<port>. A request that breaks
        the spec is answered 400 (401 without credentials) with a problem naming each field or header at
        fault, and reported here.
proxy   Serves a validating Prism proxy on http://127.0.0.1:<port> in front of <upstream-url> (your fake
        server or a simulator). A request that breaks the spec is refused as by the mock, before it reaches
        the upstream; an upstream answer that breaks it is replaced by a 500, a reset or truncated one by a
        502, none within the timeout by a 504. Each is reported here.

On SIGINT or SIGTERM it stops Prism and exits 0, or 1 when any exchange broke the spec.

  --port <port>              port to listen on (default: $PORT, else ${DEFAULT_PORT})
  --dynamic, -d              mock: generate responses from the schemas instead of the examples
  --upstream-timeout <ms>    proxy: how long the upstream has to answer (default: ${DEFAULT_UPSTREAM_TIMEOUT_MS})
  --spec <path>              JSON OpenAPI document to check against (default: the bundled @dojo-terminals/spec)
  --pid-file <path>          once ready, write this process's pid there (removed on exit)
  --help                     show this help`;

export interface CliArgs {
  help: boolean;
  command: 'mock' | 'proxy';
  /** Undefined: the bundled spec. */
  specPath: string | undefined;
  port: number;
  dynamic: boolean;
  /** The proxy's upstream URL (proxy only). */
  upstream: string | undefined;
  /** How long the upstream has to answer (proxy only). */
  upstreamTimeoutMs: number;
  /** Where to write the pid once ready. */
  pidFile: string | undefined;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses the CLI's arguments; the port falls back to env PORT, then 4010. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs {
  // `pnpm mock -- --port 4020` forwards the separator too.
  const args = argv.filter((arg) => arg !== '--');
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args,
      options: {
        spec: { type: 'string' },
        port: { type: 'string' },
        dynamic: { type: 'boolean', short: 'd', default: false },
        'upstream-timeout': { type: 'string' },
        'pid-file': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [command, ...rest] = positionals;
  const help = {
    help: true,
    command: 'mock',
    specPath: undefined,
    port: DEFAULT_PORT,
    dynamic: false,
    upstream: undefined,
    upstreamTimeoutMs: DEFAULT_UPSTREAM_TIMEOUT_MS,
    pidFile: undefined,
  } as const;
  if (values.help) return help;
  if (command !== 'mock' && command !== 'proxy') {
    throw new UsageError(command === undefined ? 'a command is required: mock or proxy' : `unknown command "${command}"`);
  }
  let upstream: string | undefined;
  if (command === 'proxy') {
    if (rest.length !== 1) throw new UsageError('proxy needs exactly one <upstream-url>');
    upstream = checkUpstream(rest[0]!);
    if (values.dynamic) throw new UsageError('--dynamic applies to mock only');
  } else if (rest.length > 0) {
    throw new UsageError(`unexpected argument "${rest[0]!}"`);
  } else if (values['upstream-timeout'] !== undefined) {
    throw new UsageError('--upstream-timeout applies to proxy only');
  }
  if (values.spec === '') throw new UsageError('--spec needs a path');
  if (values['pid-file'] === '') throw new UsageError('--pid-file needs a path');
  return {
    help: false,
    command,
    specPath: values.spec,
    port: parsePort(values.port ?? env.PORT ?? String(DEFAULT_PORT), values.port === undefined ? 'PORT' : '--port'),
    dynamic: values.dynamic,
    upstream,
    upstreamTimeoutMs: parseTimeout(values['upstream-timeout']),
    pidFile: values['pid-file'],
  };
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_UPSTREAM_TIMEOUT_MS;
  const ms = Number(text);
  if (!/^\d+$/.test(text.trim()) || ms < 1) throw new UsageError(`--upstream-timeout must be a number of milliseconds, got "${text}"`);
  return ms;
}

function checkUpstream(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`<upstream-url> must be an http(s) URL, got "${text}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`<upstream-url> must be an http(s) URL, got "${text}"`);
  }
  return text;
}

function parsePort(text: string, source: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port < 1 || port > 65_535) {
    throw new UsageError(`${source} must be a port number from 1 to 65535, got "${text}"`);
  }
  return port;
}
