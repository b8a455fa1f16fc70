import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { npm, runOk } from './exec.js';

const cacheDir = fileURLToPath(new URL('../.cache/node/', import.meta.url));

/** Whether a Node.js version (`v20.19.0`) is the one `spec` names: an exact version (`20.19.0`) or a major (`22`). */
export function matchesNodeSpec(version: string, spec: string): boolean {
  const bare = version.replace(/^v/, '');
  return spec.includes('.') ? bare === spec : bare.split('.')[0] === spec;
}

/**
 * The path of a Node.js binary for `spec`, an exact version (`20.19.0`) or a major release (`22`): this process's own
 * when it matches, otherwise the registry's `node@<spec>` package, installed once into the package's cache.
 */
export async function nodeBinary(spec: string): Promise<string> {
  if (matchesNodeSpec(process.version, spec)) return process.execPath;
  const prefix = join(cacheDir, spec);
  const binary = join(prefix, 'node_modules', 'node', 'bin', 'node');
  if (!existsSync(binary)) {
    await mkdir(prefix, { recursive: true });
    // A project of its own rather than `--prefix`, which would also move npm's global npmrc (the machine's CA file).
    await writeFile(join(prefix, 'package.json'), '{ "private": true }\n');
    await npm(['install', '--no-save', '--no-audit', '--no-fund', `node@${spec}`], {
      cwd: prefix,
      timeoutMs: 600_000,
    });
  }
  const version = (await runOk(binary, ['--version'], { cwd: prefix })).trim();
  if (!matchesNodeSpec(version, spec)) throw new Error(`${binary} is ${version}, expected Node.js ${spec}`);
  return binary;
}
