import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { GeneratedChange } from './generate.js';
import type { JsonObject } from './json.js';

export interface GenerateRequest {
  id: number;
  packageDir: string;
  spec: JsonObject;
}

export type GenerateResponse = { id: number; changes: GeneratedChange[] } | { id: number; error: string };

export interface GenerateOutcome {
  changes: GeneratedChange[];
  failures: string[];
}

/**
 * Regenerates every generated package in worker threads, one package at a time per worker, so that on a two-core
 * machine the packages are generated side by side while the main thread lints. Workers stay alive between cycles.
 */
export class GeneratorPool {
  readonly #workers: Worker[] = [];
  readonly #pending = new Map<number, (response: GenerateResponse) => void>();
  #nextId = 0;

  constructor(
    repoRoot: string,
    private readonly packageDirs: readonly string[],
    size = Math.max(1, Math.min(packageDirs.length, availableParallelism())),
  ) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./generate-worker.js', import.meta.url), { workerData: { repoRoot } });
      worker.on('message', (response: GenerateResponse) => {
        this.#pending.get(response.id)?.(response);
        this.#pending.delete(response.id);
      });
      worker.on('error', (error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        for (const [id, settle] of this.#pending) settle({ id, error: `generator thread failed: ${reason}` });
        this.#pending.clear();
      });
      worker.unref();
      this.#workers.push(worker);
    }
  }

  async generate(spec: JsonObject): Promise<GenerateOutcome> {
    const queue = [...this.packageDirs];
    const outcome: GenerateOutcome = { changes: [], failures: [] };
    const drain = async (worker: Worker): Promise<void> => {
      for (let packageDir = queue.shift(); packageDir; packageDir = queue.shift()) {
        const id = this.#nextId++;
        // Referenced only while it works: an idle pool must not keep the process alive, a busy one must.
        worker.ref();
        const response = await new Promise<GenerateResponse>((resolve) => {
          this.#pending.set(id, resolve);
          worker.postMessage({ id, packageDir, spec } satisfies GenerateRequest);
        }).finally(() => worker.unref());
        if ('error' in response) outcome.failures.push(`generate ${packageDir}: ${response.error}`);
        else outcome.changes.push(...response.changes);
      }
    };
    await Promise.all(this.#workers.map(drain));
    outcome.changes.sort((a, b) => a.file.localeCompare(b.file));
    return outcome;
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((worker) => worker.terminate()));
  }
}
