#!/usr/bin/env node
// The drift check CI runs before anything is built: for every package with an `openapi-ts.config.ts`, generates from
// the bundled spec into a scratch folder and compares with the committed `src/generated/`. Exits 1 on any difference.
import { readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from '@hey-api/openapi-ts';
import { createJiti } from 'jiti';
import { describeDrift, findDrift } from './drift.js';
import { quietly } from './quietly.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
let failed = false;
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name);
  const configFile = join(dir, 'openapi-ts.config.ts');
  if (!existsSync(configFile)) continue;
  const config = await jiti.import<UserConfig>(configFile, { default: true });
  const drift = await quietly(() => findDrift(config, dir));
  if (drift.length === 0) {
    console.log(`drift check: packages/${name}/src/generated matches the spec`);
    continue;
  }
  failed = true;
  console.error(describeDrift(drift, `@dojo-terminals/${name}`));
}
process.exitCode = failed ? 1 : 0;
