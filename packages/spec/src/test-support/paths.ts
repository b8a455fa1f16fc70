import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/spec, found from this file's own location. */
export const packageDir: string = fileURLToPath(new URL('../../', import.meta.url));

/** The build output the tests check (never a copy elsewhere). */
export const distDir: string = fileURLToPath(new URL('../../dist/', import.meta.url));
export const bundleJsonPath: string = fileURLToPath(new URL('../../dist/openapi.json', import.meta.url));
export const bundleYamlPath: string = fileURLToPath(new URL('../../dist/openapi.yaml', import.meta.url));
export const referenceHtmlPath: string = fileURLToPath(new URL('../../dist/reference.html', import.meta.url));
export const distIndexPath: string = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
export const buildScriptPath: string = join(packageDir, 'scripts', 'build.mjs');

/** Walks up from this file to the directory holding pnpm-workspace.yaml (the repository root). */
export function findRepoRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No pnpm-workspace.yaml found above ${start}`);
    dir = parent;
  }
}

export const repoRoot: string = findRepoRoot();

/** The repository is cloned beside shared/: <repo>/../shared/reference/dojo-api.published.json */
export const publishedSpecPath: string = resolve(repoRoot, '..', 'shared', 'reference', 'dojo-api.published.json');
