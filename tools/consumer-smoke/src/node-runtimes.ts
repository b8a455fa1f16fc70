import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npm, runOk } from './exec.js';

const cacheDir = fileURLToPath(new URL('../.cache/node/', import.meta.url));

/**
 * The path of a Node.js binary of the given major release: this process's own when it matches,
 * otherwise the registry's `node@<major>` package, installed once into the package's cache.
 */
export async function nodeBinary(major: number): Promise<string> {
  if (Number(process.versions.node.split('.')[0]) === major) return process.execPath;
  const prefix = join(cacheDir, String(major));
  const binary = join(prefix, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(binary)) {
    await mkdir(prefix, { recursive: true });
    // A project of its own rather than `--prefix`, which would also move npm's global npmrc (the machine's CA file).
    await writeFile(join(prefix, 'package.json'), '{ "private": true }\n');
    await npm(['install', '--no-save', '--no-audit', '--no-fund', `node@${major}`], {
      cwd: prefix,
      timeoutMs: 600_000,
    });
  }
  const version = (await runOk(binary, ['--version'], { cwd: prefix })).trim();
  if (!version.startsWith(`v${major}.`)) throw new Error(`${binary} is ${version}, expected Node.js ${major}`);
  return binary;
}
