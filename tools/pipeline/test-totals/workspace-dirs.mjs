// The workspace's package folders, as pnpm-workspace.yaml's `packages` globs name them (literal segments and `*`):
// the one reading of that file for the tools that walk the workspace (test totals, spec-dev).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** The `packages` globs of `root`'s pnpm-workspace.yaml; none without the file. */
export function workspaceGlobs(root) {
  const file = join(root, 'pnpm-workspace.yaml');
  if (!existsSync(file)) return [];
  const { packages } = parse(readFileSync(file, 'utf8')) ?? {};
  return Array.isArray(packages) ? packages.filter((glob) => typeof glob === 'string') : [];
}

/** Package directories (absolute, sorted) that the globs match and that have a package.json. */
export function packageDirs(root) {
  const expand = (base, segments) => {
    if (segments.length === 0) return existsSync(join(base, 'package.json')) ? [base] : [];
    const [head, ...rest] = segments;
    if (head !== '*') return existsSync(join(base, head)) ? expand(join(base, head), rest) : [];
    return readdirSync(base, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'node_modules')
      .flatMap((entry) => expand(join(base, entry.name), rest));
  };
  return workspaceGlobs(root).flatMap((glob) => expand(root, glob.split('/'))).sort();
}
