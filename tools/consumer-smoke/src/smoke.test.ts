import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMock, type MockServer } from '@dojo-terminals/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConsumerProject } from './consumer-project.js';
import { run } from './exec.js';
import { nodeBinary } from './node-runtimes.js';
import { packAll, publishedPackages, tarballFiles, type PackedPackage } from './pack.js';

/** The floor that every package's `engines` promises (exactly), and the supported release lines. */
const NODE_VERSIONS = ['20.19.0', '22', '24', '26'] as const;
const published = await publishedPackages();
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const shortName = (name: string): string => name.replace('@dojo-terminals/', '');

let packDir: string;
let packed: PackedPackage[];
let project: string;
let mock: MockServer | undefined;
const nodes = new Map<string, string>();

beforeAll(async () => {
  packDir = await mkdtemp(join(tmpdir(), 'dojo-packed-'));
  packed = await packAll(packDir);
  project = await createConsumerProject(packed);
  for (const version of NODE_VERSIONS) nodes.set(version, await nodeBinary(version));
  // The consumer scripts call the API through Prism, serving the spec from the installed tarball.
  mock = await startMock({ specPath: join(project, 'node_modules/@dojo-terminals/spec/dist/openapi.json') });
});

afterAll(async () => {
  await mock?.stop();
  await Promise.all([packDir, project].filter(Boolean).map((dir) => rm(dir, { recursive: true, force: true })));
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
