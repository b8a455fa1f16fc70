import { parseArgs } from 'node:util';

export const DEFAULT_PORT = 4010;

export const USAGE = `Usage: node tools/mock/dist/cli.js --spec <openapi.json|yaml> [--port <port>] [--dynamic]

Serves a Prism mock of the OpenAPI document on http://127.0.0.1:<port>, validating requests.
  --spec <path>   OpenAPI document to mock (required; the last --spec given wins)
  --port <port>   port to listen on (default: $PORT, else ${DEFAULT_PORT})
  --dynamic, -d   generate responses from the schemas instead of the examples
  --help          show this help`;

export interface CliArgs {
  help: boolean;
  specPath: string;
  port: number;
  dynamic: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parses the mock CLI's arguments; the port falls back to env PORT, then 4010. */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): CliArgs {
  // `pnpm mock -- --port 4020` forwards the separator too.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        spec: { type: 'string' },
        port: { type: 'string' },
        dynamic: { type: 'boolean', short: 'd', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return { help: true, specPath: '', port: DEFAULT_PORT, dynamic: false };
  if (values.spec === undefined || values.spec === '') throw new UsageError('--spec <path> is required');
  return {
    help: false,
    specPath: values.spec,
    port: parsePort(values.port ?? env.PORT ?? String(DEFAULT_PORT), values.port === undefined ? 'PORT' : '--port'),
    dynamic: values.dynamic,
  };
}

function parsePort(text: string, source: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port < 1 || port > 65_535) {
    throw new UsageError(`${source} must be a port number from 1 to 65535, got "${text}"`);
  }
  return port;
}
