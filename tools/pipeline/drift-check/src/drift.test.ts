import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type UserConfig } from '@hey-api/openapi-ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeDrift, findDrift } from './drift.js';

const fixture = fileURLToPath(new URL('./fixtures/tiny.openapi.json', import.meta.url));
const config: UserConfig = {
  input: './tiny.openapi.json',
  output: { path: './generated', entryFile: false },
  plugins: ['@hey-api/typescript'],
};

describe('findDrift', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'codegen-test-'));
    await cp(fixture, join(dir, 'tiny.openapi.json'));
    await createClient({
      ...config,
      input: join(dir, 'tiny.openapi.json'),
      output: { path: join(dir, 'generated'), entryFile: false },
      logs: { level: 'silent' },
    });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds nothing when the committed code is what the spec generates', async () => {
    expect(await findDrift(config, dir)).toEqual([]);
  });

  it('reports a hand edit to a generated file', async () => {
    const file = join(dir, 'generated/types.gen.ts');
    await writeFile(file, `${await readFile(file, 'utf8')}\nexport type HandWritten = 1;\n`);
    expect(await findDrift(config, dir)).toEqual([{ file: 'types.gen.ts', kind: 'changed' }]);
  });

  it('reports a spec change that was not regenerated', async () => {
    const specFile = join(dir, 'tiny.openapi.json');
    const spec = JSON.parse(await readFile(specFile, 'utf8'));
    spec.components.schemas.Thing.properties.name = { type: 'string' };
    await writeFile(specFile, JSON.stringify(spec));
    expect(await findDrift(config, dir)).toEqual([{ file: 'types.gen.ts', kind: 'changed' }]);
  });

  it('reports committed files the generator no longer writes', async () => {
    await writeFile(join(dir, 'generated/stale.gen.ts'), 'export {};\n');
    expect(await findDrift(config, dir)).toEqual([{ file: 'stale.gen.ts', kind: 'unexpected' }]);
  });

  it('explains how to fix drift', () => {
    const text = describeDrift([{ file: 'types.gen.ts', kind: 'changed' }], '@dojo-terminals/types');
    expect(text).toContain('types.gen.ts: differs from what the spec generates');
    expect(text).toContain('pnpm generate');
  });
});
