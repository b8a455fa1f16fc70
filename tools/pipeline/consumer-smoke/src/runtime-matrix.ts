import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiServer } from './api-server.js';
import { callInChromium } from './chromium.js';
import { callInEdgeRuntime } from './edge-runtime.js';
import { run } from './exec.js';
import { importMap } from './import-map.js';
import { bunBinary, denoBinary } from './runtime-binaries.js';
import { fetchFromWorker } from './workerd.js';

/** Where the runners run: the consumer project with the tarballs installed, and the Node.js binaries by version. */
export interface MatrixContext {
  project: string;
  node(version: string): string;
}

/** Runs `runtime-check.mjs` in one runtime against `api` and resolves with its result. */
export type RuntimeRunner = (context: MatrixContext, api: ApiServer) => Promise<unknown>;

// Deno's cache in this package's, whatever HOME turbo passes on.
export const DENO_ENV = { DENO_DIR: fileURLToPath(new URL('../.cache/deno/', import.meta.url)), DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' };

/** `<binary> ...args runtime.mjs <api> <session>`: it must exit 0, print nothing on stderr and its result last. */
const commandLine =
  (binary: (context: MatrixContext) => string, args: readonly string[] = [], env: Record<string, string> = {}): RuntimeRunner =>
  async (context, api) => {
    const result = await run(binary(context), [...args, 'runtime.mjs', api.url, api.session.id], {
      cwd: context.project,
      env: { ...process.env, ...env },
      timeoutMs: 60_000,
    });
    if (result.code !== 0 || result.stderr !== '') throw new Error(`exited ${result.code}:\n${result.stdout}${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').pop()!);
  };

const workerd: RuntimeRunner = async ({ project }, api) => {
  const query = new URLSearchParams({ api: api.url, session: api.session.id });
  const response = await fetchFromWorker(join(project, 'runtime-worker.mjs'), `/?${query}`);
  const body = await response.text();
  if (response.status !== 200) throw new Error(`the worker answered ${response.status}: ${body}`);
  return JSON.parse(body);
};

const chromium: RuntimeRunner = async ({ project }, api) => {
  const imports = await importMap(project, [
    '@dojo-terminals/client',
    '@dojo-terminals/webhooks/web',
    '@dojo-terminals/webhooks/fetch',
    '@dojo-terminals/types',
  ]);
  return callInChromium(project, imports, '/runtime-check.mjs', 'runtimeCheck', [api.url, api.session.id]);
};

/** Every runtime the READMEs name, each with how to run the check in it. */
export function runtimeMatrix(nodeVersions: readonly string[]): Array<[string, RuntimeRunner]> {
  return [
    ...nodeVersions.map((version): [string, RuntimeRunner] => [`Node ${version}`, commandLine((context) => context.node(version))]),
    ['Bun', commandLine(bunBinary)],
    ['Deno', commandLine(denoBinary, ['run', '--no-lock', '--allow-net=127.0.0.1'], DENO_ENV)],
    ['Cloudflare workerd', workerd],
    ['Vercel Edge Runtime (edge-runtime)', ({ project }, api) => callInEdgeRuntime(join(project, 'runtime-check.mjs'), 'runtimeCheck', [api.url, api.session.id])],
    ['Chromium (headless)', chromium],
  ];
}
