import { parseArgs } from 'node:util';

export interface DemoArgs {
  timeScale: number;
  json: boolean;
  help: boolean;
}

/** A command line the demo cannot run with; the message says which flag and why. */
export class DemoUsageError extends Error {
  override name = 'DemoUsageError';
}

export const USAGE = `pnpm demo [--time-scale <x>] [--json]

  --time-scale <x>  how fast the simulated terminal and customer act, from 0.01 to 1
                    (default 0.1: ten times faster than a real terminal; 1 is real time)
  --json            print the flows' results as one JSON document instead of progress and receipts
  -h, --help        show this help
`;

/** The smallest scale at which the signature check still leaves the cashier time to answer (80 s become 0.8 s). */
const MIN_TIME_SCALE = 0.01;

export function parseDemoArgs(argv: readonly string[]): DemoArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        'time-scale': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new DemoUsageError((error as Error).message);
  }
  const raw = values['time-scale'];
  const timeScale = raw === undefined ? 0.1 : Number(raw);
  if (raw !== undefined && (raw.trim() === '' || !Number.isFinite(timeScale) || timeScale < MIN_TIME_SCALE || timeScale > 1)) {
    throw new DemoUsageError(`--time-scale must be a number from ${MIN_TIME_SCALE} to 1, got "${raw}"`);
  }
  return { timeScale, json: values.json, help: values.help };
}
