import { parseCliArgs, USAGE, UsageError } from './cli-args.js';
import type { ContractServer } from './contract-server.js';
import { writePidFile } from './pid-file.js';
import { formatReport } from './report.js';
import { startMock } from './start-mock.js';
import { startProxy } from './start-proxy.js';
import { PRISM_LISTENING } from './wait-until-ready.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Runs `dojo-contract mock|proxy` until `signal` aborts (then stops Prism and returns 0, or 1 when any
 * exchange broke the spec). Returns 2 for bad arguments and 1 when Prism cannot start.
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

  const common = {
    port: args.port,
    ...(args.specPath === undefined ? {} : { specPath: args.specPath }),
    // Prism's own "listening" line names its inner port; ours below names the one to use.
    onOutput: (line: string) => {
      if (!line.includes(PRISM_LISTENING)) io.out(line);
    },
    onViolations: (violations: Parameters<typeof formatReport>[0]) => io.err(formatReport(violations)),
  };
  let server: ContractServer;
  try {
    server =
      args.command === 'proxy'
        ? await startProxy(args.upstream!, { ...common, upstreamTimeoutMs: args.upstreamTimeoutMs })
        : await startMock({ ...common, dynamic: args.dynamic });
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
  let removePidFile = (): void => {};
  if (args.pidFile !== undefined) {
    try {
      removePidFile = writePidFile(args.pidFile);
    } catch (error) {
      io.err(`cannot write --pid-file ${args.pidFile}: ${(error as Error).message}`);
      await server.stop();
      return 1;
    }
  }

  const spec = args.specPath ?? 'the bundled @dojo-terminals/spec';
  io.out(
    args.command === 'proxy'
      ? `Contract proxy ready at ${server.url} -> ${args.upstream!} (checked against ${spec}, upstream timeout ${args.upstreamTimeoutMs} ms). Ctrl-C stops it.`
      : `Mock API ready at ${server.url} (${spec}, ${args.dynamic ? 'dynamic' : 'example'} responses). Ctrl-C stops it.`,
  );
  const aborted = new Promise<'aborted'>((resolve) => {
    if (signal.aborted) resolve('aborted');
    signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  const outcome = await Promise.race([aborted, server.exited]);
  await server.stop();
  removePidFile();
  if (outcome !== 'aborted') {
    io.err(`Prism exited unexpectedly (${outcome.signal ?? `code ${String(outcome.code)}`}).`);
    return 1;
  }
  const failures = server.violations().length;
  io.out(failures === 0 ? 'Stopped: no contract violations.' : `Stopped: ${failures} contract violation(s), see above.`);
  return failures === 0 ? 0 : 1;
}
