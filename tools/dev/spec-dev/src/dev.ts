import { join, relative } from 'node:path';
import { createPipeline, type CycleResult } from './cycle.js';
import { buildDocs } from './docs-build.js';
import { startDocsServer, type DocsServer } from './docs-server.js';
import { formatSummary } from './summary.js';
import { watchDir } from './watch.js';
import { discoverWorkspace } from './workspace.js';

export interface SpecDevOptions {
  repoRoot: string;
  /** Port of the docs server on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** False: no docs server and no reference rebuild (the summary only). */
  docs: boolean;
  /** Where the summaries and status lines go. */
  print: (text: string) => void;
  /** Called after every cycle, before the docs are rebuilt. */
  onCycle?: (result: CycleResult) => void;
  /** Called when the reference was rebuilt and the open pages were told to reload. */
  onDocs?: () => void;
}

export interface SpecDev {
  /** The docs server's address, when docs are on. */
  url: string | undefined;
  close(): Promise<void>;
}

/**
 * The long-running `spec:dev`: one cycle at start, then one per burst of saves under `spec/` (a save during a cycle
 * queues exactly one more), each followed by a rebuild of the reference that a newer save cancels.
 */
export async function startSpecDev(options: SpecDevOptions): Promise<SpecDev> {
  const layout = discoverWorkspace(options.repoRoot);
  const pipeline = createPipeline(layout);
  const server: DocsServer | undefined = options.docs
    ? await startDocsServer({
        port: options.port,
        referenceFile: join(layout.specDist, 'reference.html'),
        openapiFile: join(layout.specDist, 'openapi.json'),
      })
    : undefined;
  if (server) options.print(`spec:dev: reference on ${server.url} (reloads itself after every good save)`);
  const shown = relative(process.cwd(), layout.specDir);
  options.print(`spec:dev: watching ${shown.startsWith('..') ? layout.specDir : shown}/ — Ctrl+C to stop`);

  let running: Promise<void> | undefined;
  let again = false;
  let closed = false;
  let docsAbort: AbortController | undefined;

  async function cycleLoop(): Promise<void> {
    do {
      again = false;
      docsAbort?.abort();
      let result: CycleResult;
      try {
        result = await pipeline.runCycle();
      } catch (error) {
        options.print(`spec:dev: the cycle failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        continue;
      }
      if (closed) return;
      options.print(formatSummary(result));
      options.onCycle?.(result);
      if (server && result.bundled && !again) void rebuildDocs(server);
    } while (again && !closed);
  }

  async function rebuildDocs(docsServer: DocsServer): Promise<void> {
    const abort = new AbortController();
    docsAbort = abort;
    const started = performance.now();
    try {
      await buildDocs(layout, abort.signal);
      if (abort.signal.aborted || closed) return;
      docsServer.reload();
      options.print(`docs: reference rebuilt in ${((performance.now() - started) / 1000).toFixed(1)} s, pages reloaded (${docsServer.url})`);
      options.onDocs?.();
    } catch (error) {
      if (abort.signal.aborted || closed) return;
      options.print(`docs: rebuild failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  function trigger(): void {
    if (running) {
      again = true;
      return;
    }
    running = cycleLoop().finally(() => {
      running = undefined;
    });
  }

  const watcher = await watchDir(layout.specDir, (files) => {
    options.print(`\nsaved: ${files.map((file) => join('spec', file)).join(', ')}`);
    trigger();
  });
  trigger();

  return {
    url: server?.url,
    async close() {
      closed = true;
      await watcher.close();
      docsAbort?.abort();
      await running?.catch(() => {});
      await pipeline.close();
      await server?.close();
    },
  };
}
