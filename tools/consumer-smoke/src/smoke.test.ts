import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { startMock, type MockServer } from '@dojo-terminals/contract';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { run } from './exec.js';
import { nodeBinary } from './node-runtimes.js';
import { publishedPackages, tarballFiles } from './pack.js';

/** Node 20 (end of life, still common) and the supported LTS lines. */
const NODE_MAJORS = [20, 22, 24] as const;
const published = await publishedPackages();
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const shortName = (name: string): string => name.replace('@dojo-terminals/', '');
const offersRequire = (manifest: Record<string, unknown>): boolean => JSON.stringify(manifest['exports'] ?? {}).includes('"require"');

const packed = inject('packed');
const project = inject('consumerProject');
let mock: MockServer | undefined;
const nodes = new Map<number, string>();

beforeAll(async () => {
  for (const major of NODE_MAJORS) nodes.set(major, await nodeBinary(major));
  // The consumer scripts call the API through Prism, serving the spec from the installed tarball.
  mock = await startMock({ specPath: join(project, 'node_modules/@dojo-terminals/spec/dist/openapi.json') });
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

describe.each(NODE_MAJORS)('Node %i', (major) => {
  const node = (): string => nodes.get(major)!;

  it.each(published.map((p) => p.name))('imports %s as ESM', async (name) => {
    const script = `${shortName(name)}.mjs`;
    expect(existsSync(join(project, script)), `a consumer script ${script} exercises ${name}`).toBe(true);
    const env = { ...process.env, DOJO_MOCK_URL: mock!.url };
    const result = await run(node(), [script], { cwd: project, env, timeoutMs: 60_000 });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim().split('\n').pop()!)).toMatchObject({ ok: true });
  });

  const requirable = published.filter((p) => offersRequire(p.manifest) || major >= 22);
  it.each(requirable.map((p) => p.name))('requires %s from CommonJS', async (name) => {
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
