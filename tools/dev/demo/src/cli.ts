#!/usr/bin/env node
// pnpm demo: five Pay at Counter flows against the in-process simulator. Exit 0 when all end as expected,
// 1 when one does not, 2 on a bad command line, 130 when interrupted.
import { DemoUsageError, parseDemoArgs, USAGE } from './args.js';
import { runDemo } from './run-demo.js';

async function main(): Promise<number> {
  let args;
  try {
    args = parseDemoArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof DemoUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  // Ctrl-C cancels the running session and stops the simulator and the receiver before exiting.
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort(new Error('interrupted')));
  const result = await runDemo({ timeScale: args.timeScale, out: process.stdout, env: process.env, signal: interrupt.signal, json: args.json });
  if (args.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (interrupt.signal.aborted) {
    process.stderr.write('interrupted: the running session was canceled, the simulator and the webhook receiver are stopped\n');
    return 130;
  }
  return result.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
