import { watch, type FSWatcher } from 'node:fs';

/**
 * Calls `onChange` once per burst of changes under `dir` (editors write a file in several steps). Node's recursive
 * `fs.watch` uses inotify on Linux and FSEvents on macOS: no polling and no extra dependency.
 */
export function watchDir(dir: string, onChange: (files: string[]) => void, debounceMs = 75): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Set<string>();
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, file) => {
    if (file) pending.add(String(file));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...pending];
      pending.clear();
      onChange(files);
    }, debounceMs);
  });
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
