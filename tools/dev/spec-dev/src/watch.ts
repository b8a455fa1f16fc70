import { relative } from 'node:path';
import { watch } from 'chokidar';

const SPEC_FILE = /\.(?:ya?ml|json)$/;

export interface DirWatcher {
  close(): Promise<void>;
}

/**
 * Calls `onChange` once per burst of changes under `dir` (editors write a file in several steps), with the changed
 * files relative to `dir`. Resolves once the watch is set up. chokidar, not Node's recursive `fs.watch`: on Linux
 * (Node 20) the latter stops reporting a file after an editor's atomic save (write a temporary file, rename it over).
 */
export async function watchDir(dir: string, onChange: (files: string[]) => void, debounceMs = 75): Promise<DirWatcher> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Set<string>();
  // Editors' and sed's temporary files are not spec files: only YAML and JSON files count.
  const watcher = watch(dir, { ignoreInitial: true, ignored: (path, stats) => stats?.isFile() === true && !SPEC_FILE.test(path) });
  watcher.on('all', (_event, path) => {
    pending.add(relative(dir, path));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending];
      pending.clear();
      onChange(files);
    }, debounceMs);
  });
  await new Promise<void>((resolve, reject) => {
    watcher.once('ready', resolve);
    watcher.once('error', reject);
  });
  return {
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
