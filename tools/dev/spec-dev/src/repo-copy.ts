import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { discoverWorkspace } from './workspace.js';

const SKIP = new Set(['node_modules', 'dist', '.turbo', 'test-results.json']);
const SHARED = ['spec', 'redocly.yaml', 'tools/pipeline/redocly-rules', 'tsconfig.base.json', 'vitest.shared.ts', 'package.json', 'pnpm-workspace.yaml', '.changeset', 'packages/spec/baseline'];

/**
 * A throw-away copy of what a spec edit touches, for the tests and the benchmark: spec/, the lint config and plugin,
 * the baseline, the changesets and every generated or type-checked package (sources and configs, node_modules
 * linked to the real ones). The repository it copies is never written to.
 */
export function copyRepository(repoRoot: string): { root: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'dojo-spec-dev-repo-'));
  const copy = (path: string) =>
    cpSync(join(repoRoot, path), join(root, path), { recursive: true, filter: (source) => !SKIP.has(basename(source)) });
  for (const path of SHARED) copy(path);
  symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'));
  const layout = discoverWorkspace(repoRoot);
  for (const dir of new Set([...layout.generated, ...layout.typeChecked])) {
    const path = relative(repoRoot, dir);
    copy(path);
    if (existsSync(join(dir, 'node_modules'))) symlinkSync(join(dir, 'node_modules'), join(root, path, 'node_modules'));
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
