import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

it('holds no copy of the types: the operations use @dojo-terminals/types', async () => {
  const files = await readdir(join(packageDir, 'src/generated'));
  expect(files.filter((file) => file.startsWith('types'))).toEqual([]);
  const operations = await readFile(join(packageDir, 'src/generated/dojo-operations.gen.ts'), 'utf8');
  expect(operations).toMatch(/from '@dojo-terminals\/types'/);
});
