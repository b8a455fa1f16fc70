import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk } from './exec.js';

const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

/**
 * A browser import map for `entries` (bare specifiers such as `@dojo-terminals/client`) and the packages they depend
 * on, each resolved by Node's ESM resolver inside `project` (so through the packages' `exports`), as paths from the
 * project's root: `{ imports: { "valibot": "/node_modules/valibot/dist/index.mjs", … } }`.
 */
export async function importMap(project: string, entries: readonly string[]): Promise<{ imports: Record<string, string> }> {
  const specifiers = new Set(entries);
  for (const specifier of specifiers) {
    const manifest = JSON.parse(await readFile(join(project, 'node_modules', packageOf(specifier), 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(manifest.dependencies ?? {})) specifiers.add(dependency);
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
