import { readFileSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Writes this process's pid to `path` and returns a function that removes the file again (only while it still
 * holds our pid). A CI script started us in the background through `npx` or `pnpm exec`, whose own pid (`$!`)
 * does not pass a signal on: it stops us by the pid in the file and `wait`s for the runner, which then exits with
 * our status.
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
