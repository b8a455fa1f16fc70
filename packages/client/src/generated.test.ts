import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeDrift, findDrift } from '@dojo-terminals/codegen';
import { expect, it } from 'vitest';
import config from '../openapi-ts.config.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

it('src/generated is exactly what the bundled spec generates', async () => {
  const drift = await findDrift(config, packageDir);
  expect(drift, describeDrift(drift, '@dojo-terminals/client')).toEqual([]);
});

it('generates the same types as @dojo-terminals/types, which the public API uses', async () => {
  // The SDK needs its own types.gen.ts; the client's signatures use @dojo-terminals/types. Same bytes: one set of types.
  const typesDir = dirname(createRequire(import.meta.url).resolve('@dojo-terminals/types/package.json'));
  const [ours, theirs] = await Promise.all([
    readFile(join(packageDir, 'src/generated/types.gen.ts'), 'utf8'),
    readFile(join(typesDir, 'src/generated/types.gen.ts'), 'utf8'),
  ]);
  expect(ours === theirs, 'run `pnpm generate` at the repository root').toBe(true);
});
