import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from './exec.js';

const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * A browser import map for `entries` (bare specifiers such as `@dojo-terminals/client`) and the packages they depend
 * on (with their subpath exports), each resolved by Node's ESM resolver inside `project` (so through the packages' `exports`), as paths from the
 * project's root: `{ imports: { "valibot": "/node_modules/valibot/dist/index.mjs", … } }`.
 */
export async function importMap(project: string, entries: readonly string[]): Promise<{ imports: Record<string, string> }> {
  const specifiers = new Set(entries);
  for (const specifier of specifiers) {
    const name = packageOf(specifier);
    const manifest = JSON.parse(await readFile(join(project, 'node_modules', name, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      exports?: Record<string, unknown> | string;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) specifiers.add(dependency);
    // A package's modules may import each other by subpath (`@dojo-terminals/types/validators`).
    const subpaths = typeof manifest.exports === 'object' ? Object.keys(manifest.exports) : [];
    for (const subpath of subpaths) {
      if (subpath.startsWith('./') && !subpath.includes('*') && !subpath.endsWith('.json')) specifiers.add(`${name}/${subpath.slice(2)}`);
    }
  }
  const script = 'console.log(JSON.stringify(JSON.parse(process.env.SPECIFIERS).map((s) => import.meta.resolve(s))))';
  const stdout = await runOk(process.execPath, ['--input-type=module', '-e', script], {
    cwd: project,
    env: { ...process.env, SPECIFIERS: JSON.stringify([...specifiers]) },
  });
  const urls = JSON.parse(stdout) as string[];
  const imports = Object.fromEntries([...specifiers].map((specifier, i) => [specifier, `/${relative(project, fileURLToPath(urls[i]!))}`]));
  return { imports };
}
