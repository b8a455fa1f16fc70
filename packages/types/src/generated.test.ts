import { fileURLToPath } from 'node:url';
import { describeDrift, findDrift } from '@dojo-terminals/codegen';
import { expect, it } from 'vitest';
import config from '../openapi-ts.config.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

it('src/generated is exactly what the bundled spec generates', async () => {
  const drift = await findDrift(config, packageDir);
  expect(drift, describeDrift(drift, '@dojo-terminals/types')).toEqual([]);
});
