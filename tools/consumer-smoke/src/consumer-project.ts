import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npm } from './exec.js';
import type { PackedPackage } from './pack.js';

const fixtures = fileURLToPath(new URL('./fixtures/consumer/', import.meta.url));

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
    `${JSON.stringify({ name: 'dojo-consumer', private: true, type: 'module', dependencies: deps, overrides: deps }, null, 2)}\n`,
  );
  await npm(['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, timeoutMs: 600_000 });
  return dir;
}
