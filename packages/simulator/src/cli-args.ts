import { parseArgs } from 'node:util';
import { SimulatorConfigError } from './errors.js';
import type { SimulatorOptions } from './start-simulator.js';

export const DEFAULT_PORT = 4030;

export const USAGE = `dojo-simulator [--port <port>] [--host <loopback>] [--terminals <n>] [--time-scale <x>]
               [--webhook <url> --webhook-secret <secret> ...] [--pid-file <path>] [--test-mode]

  --port <port>            port to listen on (default: $PORT, else ${DEFAULT_PORT})
  --host <address>         127.0.0.1 (default), ::1 or localhost
  --terminals <n>          how many Available terminals (default 3)
  --time-scale <x>         multiply every simulated duration (0.1 = 10× faster; default 1)
  --webhook <url>          post webhook events to this URL (repeatable)
  --webhook-secret <s>     a secret of the webhook given before it (repeatable; the last one signs).
                           Default: $DOJO_SIMULATOR_WEBHOOK_SECRET
  --pid-file <path>        once ready, write this process's pid there (removed on exit)
  --test-mode              answer the /test-helpers/… routes that script the customer (see the README)
  --help                   print this help`;

export type CliCommand = { help: true } | { help: false; options: SimulatorOptions; pidFile?: string };

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) throw new SimulatorConfigError(`--${name} must be a number, got "${value}"`);
  return parsed;
}

/** Turns argv into `startSimulator` options; throws SimulatorConfigError with the flag at fault. */
export function parseCliArgs(argv: readonly string[], env: Record<string, string | undefined>): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      tokens: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        terminals: { type: 'string' },
        'time-scale': { type: 'string' },
        webhook: { type: 'string', multiple: true },
        'webhook-secret': { type: 'string', multiple: true },
        'pid-file': { type: 'string' },
        'test-mode': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new SimulatorConfigError((error as Error).message);
  }
  if (parsed.values.help) return { help: true };
  // Secrets belong to the --webhook given before them, so walk the tokens in order.
  const webhooks: { url: string; secrets: string[] }[] = [];
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    if (token.name === 'webhook') webhooks.push({ url: token.value ?? '', secrets: [] });
    if (token.name === 'webhook-secret') {
      const last = webhooks[webhooks.length - 1];
      if (last === undefined) throw new SimulatorConfigError('--webhook-secret must follow the --webhook it belongs to');
      last.secrets.push(token.value ?? '');
    }
  }
  const fallback = env['DOJO_SIMULATOR_WEBHOOK_SECRET'];
  for (const hook of webhooks) {
    if (hook.secrets.length === 0 && fallback) hook.secrets.push(fallback);
    if (hook.secrets.length === 0) throw new SimulatorConfigError(`--webhook ${hook.url} needs a --webhook-secret (or DOJO_SIMULATOR_WEBHOOK_SECRET)`);
  }
  const options: SimulatorOptions = { port: number(parsed.values.port ?? env['PORT'], 'port') ?? DEFAULT_PORT };
  if (parsed.values.host !== undefined) options.host = parsed.values.host;
  const terminals = number(parsed.values.terminals, 'terminals');
  if (terminals !== undefined) options.terminals = terminals;
  const timeScale = number(parsed.values['time-scale'], 'time-scale');
  if (timeScale !== undefined) options.timeScale = timeScale;
  if (webhooks.length > 0) options.webhooks = webhooks;
  if (parsed.values['test-mode'] === true) options.testMode = true;
  const pidFile = parsed.values['pid-file'];
  if (pidFile === '') throw new SimulatorConfigError('--pid-file needs a path');
  return pidFile === undefined ? { help: false, options } : { help: false, options, pidFile };
}
