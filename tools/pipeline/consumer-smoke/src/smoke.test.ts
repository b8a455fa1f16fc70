import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startMock, type MockServer } from '@dojo-terminals/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiServer } from './api-server.js';
import { run } from './exec.js';
import { nodeBinary } from './node-runtimes.js';
import { publishedPackages, tarballFiles } from './pack.js';
import { denoBinary } from './runtime-binaries.js';
import { DENO_ENV, runtimeMatrix } from './runtime-matrix.js';

/** The floor that every package's `engines` promises (exactly), and the supported release lines. */
const NODE_VERSIONS = ['20.19.0', '22', '24', '26'] as const;
const published = await publishedPackages();
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const shortName = (name: string): string => name.replace('@dojo-terminals/', '');

const packed = inject('packed');
const project = inject('consumerProject');
let mock: MockServer | undefined;
/** Set if the shared mock stops before the end: the consumer scripts would then fail with ECONNREFUSED. */
let mockExit: string | undefined;
const nodes = new Map<string, string>();

beforeAll(async () => {
  for (const version of NODE_VERSIONS) nodes.set(version, await nodeBinary(version));
  // The consumer scripts call the API through Prism, serving the spec from the installed tarball.
  mock = await startMock({ specPath: join(project, 'node_modules/@dojo-terminals/spec/dist/openapi.json') });
  void mock.exited.then((status) => (mockExit = `the shared Prism mock exited early: ${JSON.stringify(status)}`));
});

afterAll(async () => {
  // Every consumer script keeps to the spec: a violation here fails the suite, naming it.
  await mock?.stopAndAssert();
});

describe('tarballs hold only what users need', () => {
  it.each(published.map((p) => p.name))('%s', async (name) => {
    const files = await tarballFiles(packed.find((p) => p.name === name)!.tarball);
    expect(files).toContain('package.json');
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    expect(files.some((f) => f.startsWith('dist/'))).toBe(true);
    const unexpected = files.filter(
      (f) => !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(f) && !f.startsWith('dist/'),
    );
    expect(unexpected, 'files outside dist/ and the docs').toEqual([]);
    const leaked = files.filter((f) => /\.test\.|__tests__|fixtures?\/|\.env|\.npmrc|tsbuildinfo|\.map$/.test(f));
    expect(leaked, 'tests, fixtures, secrets or source maps in the tarball').toEqual([]);
  });
});

describe.each(NODE_VERSIONS)('Node %s', (version) => {
  const node = (): string => nodes.get(version)!;

  it.each(published.map((p) => p.name))('imports %s as ESM', async (name) => {
    const script = `${shortName(name)}.mjs`;
    expect(existsSync(join(project, script)), `a consumer script ${script} exercises ${name}`).toBe(true);
    expect(mockExit).toBeUndefined();
    const env = { ...process.env, DOJO_MOCK_URL: mock!.url };
    const result = await run(node(), [script], { cwd: project, env, timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').pop()!)).toMatchObject({ ok: true });
  });

  // Every version from the floor on loads ES modules with require() (unflagged since 20.19.0), without a warning.
  it.each(published.map((p) => p.name))('requires %s from CommonJS', async (name) => {
    const result = await run(node(), ['-e', `const m = require(${JSON.stringify(name)}); console.log(typeof m);`], {
      cwd: project,
      timeoutMs: 60_000,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('object');
  });

  it.each(['bundler', 'node16'])('type-checks a TypeScript consumer under moduleResolution %s', async (resolution) => {
    const result = await run(node(), [tsc, '-p', `tsconfig.${resolution}.json`], { cwd: project, timeoutMs: 120_000 });
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.code).toBe(0);
  });
});

describe('runtimes: client, webhooks/web and types from the tarballs', () => {
  // Each runs fixtures/consumer/runtime-check.mjs against a local API server that serves the spec's examples.
  it.each(runtimeMatrix(NODE_VERSIONS))('%s', async (_runtime, runCheck) => {
    const api = await startApiServer(join(project, 'node_modules/@dojo-terminals/spec/dist/openapi.json'));
    try {
      expect(await runCheck({ project, node: (version) => nodes.get(version)! }, api)).toEqual({
        apiVersion: api.apiVersion,
        terminals: api.terminals.map((terminal) => `${terminal.id} ${terminal.status}`),
        session: `${api.session.id} ${api.session.status}`,
        missing: 'DojoNotFoundError 404',
        webhook: 'payment_intent.status_updated pi_sandbox_runtimeCheck00000000 Captured',
        tampered: 'mismatch',
        fetchAdapter: '200 payment_intent.status_updated',
        documentedDelivery: true,
      });
      const calls = api.exchanges.filter((exchange) => exchange.method !== 'OPTIONS');
      expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
        'GET /terminals?statuses=Available',
        `GET /terminal-sessions/${api.session.id}`,
        'GET /terminal-sessions/ts_sandbox_missing',
      ]);
      for (const { headers } of calls) {
        expect(headers).toMatchObject({ authorization: 'Basic sk_sandbox_runtime_check', version: api.apiVersion, 'software-house-id': 'softwareHouseRuntime' });
      }
    } finally {
      await api.stop();
    }
  });

  it('Deno type-checks a TypeScript consumer', async () => {
    const result = await run(denoBinary(), ['check', '--no-lock', 'runtime-types.ts'], {
      cwd: project,
      env: { ...process.env, ...DENO_ENV },
      timeoutMs: 120_000,
    });
    expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
  });
});
