import { readFileSync, rmSync, writeFileSync } from 'node:fs';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Resolves with the reason to stop: the first SIGINT, SIGTERM or SIGHUP, or `parent exited` when the process
 * that started us goes away. `npx dojo-simulator … &` then `kill $!` ends npm's shell without passing the signal
 * on, so without that watch the simulator would keep running, re-parented.
 */
export function untilStopped(pollMs = 500): Promise<string> {
  return new Promise((resolve) => {
    const parent = process.ppid;
    const done = (reason: string): void => {
      clearInterval(watch);
      for (const signal of STOP_SIGNALS) process.off(signal, handlers[signal]);
      resolve(reason);
    };
    const handlers = Object.fromEntries(STOP_SIGNALS.map((signal) => [signal, () => done(signal)])) as Record<(typeof STOP_SIGNALS)[number], () => void>;
    for (const signal of STOP_SIGNALS) process.once(signal, handlers[signal]);
    const watch = setInterval(() => {
      if (process.ppid !== parent) done('parent exited');
    }, pollMs);
  });
}

/**
 * Writes this process's pid to `path`; the returned function removes the file while it still holds our pid. A CI
 * script that started us through `npx` or `pnpm exec` stops us by this pid, and its `wait` gets our status.
 */
export function writePidFile(path: string): () => void {
  writeFileSync(path, `${process.pid}\n`);
  return () => {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
    } catch {
      // Already gone.
    }
  };
}
