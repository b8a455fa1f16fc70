#!/usr/bin/env node
import { runCli } from './run-cli.js';

// The first SIGINT/SIGTERM/SIGHUP stops Prism gracefully; a second one exits at once (the startMock exit hook
// still kills Prism). Listeners stay registered so startMock's own signal cleanup leaves this to us.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort(signal);
  });
}

// `npx dojo-contract ... &` then `kill $!` ends npx without passing the signal on: when our parent goes
// away (we are re-parented), stop as if signalled, so Prism is not left behind.
const parent = process.ppid;
const orphanWatch = setInterval(() => {
  if (process.ppid !== parent && !controller.signal.aborted) controller.abort('SIGHUP');
}, 500);
orphanWatch.unref();

process.exitCode = await runCli(
  process.argv.slice(2),
  process.env,
  { out: (line) => console.log(line), err: (line) => console.error(line) },
  controller.signal,
);
process.exit();
