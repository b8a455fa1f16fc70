import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from './exec.js';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface PackedPackage {
  name: string;
  version: string;
  dir: string;
  tarball: string;
  manifest: Record<string, unknown>;
}

/** Every package under packages/ that is published (not private). */
export async function publishedPackages(): Promise<Array<{ name: string; dir: string; manifest: Record<string, unknown> }>> {
  const base = join(repoRoot, 'packages');
  const out = [];
  for (const entry of await readdir(base, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(base, entry.name);
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    if (manifest['private'] !== true) out.push({ name: String(manifest['name']), dir, manifest });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Packs each published package with pnpm (which rewrites `workspace:` ranges) into `outDir`. */
export async function packAll(outDir: string): Promise<PackedPackage[]> {
  const packed: PackedPackage[] = [];
  for (const pkg of await publishedPackages()) {
    const stdout = await runOk('pnpm', ['pack', '--pack-destination', outDir], { cwd: pkg.dir });
    const tarball = stdout.trim().split('\n').pop()!.trim();
    packed.push({ name: pkg.name, version: String(pkg.manifest['version']), dir: pkg.dir, tarball, manifest: pkg.manifest });
  }
  return packed;
}

/** The files inside a tarball, without the leading `package/`. */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const listing = await runOk('tar', ['-tzf', tarball], { cwd: repoRoot });
  return listing
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^package\//, ''))
    .sort();
}
