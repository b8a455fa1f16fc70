import { parentPort, workerData } from 'node:worker_threads';
import { PackageGenerator } from './generate.js';
import type { GenerateRequest, GenerateResponse } from './generator-pool.js';

// One hey-api runner per worker thread, kept warm between saves; any worker can generate any package.
const { repoRoot } = workerData as { repoRoot: string };
const generators = new Map<string, PackageGenerator>();
const port = parentPort;
if (!port) throw new Error('generate-worker runs as a worker thread');

port.on('message', (request: GenerateRequest) => {
  let generator = generators.get(request.packageDir);
  if (!generator) {
    generator = new PackageGenerator(repoRoot, request.packageDir);
    generators.set(request.packageDir, generator);
  }
  generator.generate(request.spec).then(
    (changes) => port.postMessage({ id: request.id, changes } satisfies GenerateResponse),
    (error: unknown) =>
      port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies GenerateResponse),
  );
});
