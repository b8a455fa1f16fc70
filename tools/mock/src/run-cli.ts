import { parseCliArgs, USAGE, UsageError } from './cli-args.js';
import { startMock } from './start-mock.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Runs the mock CLI until `signal` aborts (then stops Prism and returns 0) or Prism exits on its own
 * (returns 1). Returns 2 for bad arguments and 1 when Prism cannot start.
 */
export async function runCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: CliIo, signal: AbortSignal): Promise<number> {
  let args;
  try {
    args = parseCliArgs(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`error: ${error.message}`);
    io.err(USAGE);
    return 2;
  }
  if (args.help) {
    io.out(USAGE);
    return 0;
  }

  let mock;
  try {
    mock = await startMock({ specPath: args.specPath, port: args.port, dynamic: args.dynamic, errors: true, onOutput: io.out });
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }

  io.out(`Mock API ready at ${mock.url} (${args.specPath}, ${args.dynamic ? 'dynamic' : 'example'} responses). Ctrl-C stops it.`);
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  const outcome = await Promise.race([aborted, mock.exited]);
  if (outcome === 'aborted') {
    await mock.stop();
    io.out('Mock API stopped.');
    return 0;
  }
  io.err(`Prism exited unexpectedly (${outcome.signal ?? `code ${String(outcome.code)}`}).`);
  return 1;
}
