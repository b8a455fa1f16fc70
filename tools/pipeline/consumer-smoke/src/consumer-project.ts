import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npm } from './exec.js';
import type { PackedPackage } from './pack.js';

const fixtures = fileURLToPath(new URL('./fixtures/consumer/', import.meta.url));

/**
 * The test runners the contract README's recipes are run with: the vitest this workspace tests with (so the recipes
 * follow its upgrades), and jest, which nothing else here uses.
 */
export const RUNNER_DEPENDENCIES: Readonly<Record<string, string>> = {
  vitest: (createRequire(import.meta.url)('vitest/package.json') as { version: string }).version,
  jest: '30.5.2',
};

/**
 * A fresh project outside the workspace that depends on the packed tarballs only (no workspace
 * links), installed with npm as a consumer team would.
 */
export async function createConsumerProject(packed: readonly PackedPackage[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dojo-consumer-'));
  await cp(fixtures, dir, { recursive: true });
  const deps = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]));
  await writeFile(
    join(dir, 'package.json'),
    `${JSON.stringify(
      {
        name: 'dojo-consumer',
        private: true,
        type: 'module',
        // What the README's shell recipe runs as `npm test`.
        scripts: { test: 'node --test shell-tests/dojo.test.mjs' },
        dependencies: deps,
        devDependencies: RUNNER_DEPENDENCIES,
        overrides: deps,
      },
      null,
      2,
    )}\n`,
  );
  await npm(['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, timeoutMs: 600_000 });
  return dir;
}
