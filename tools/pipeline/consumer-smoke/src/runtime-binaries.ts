import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const exe = process.platform === 'win32' ? '.exe' : '';

/**
 * The binary that an npm launcher package (`bun`, `deno`, devDependencies of this package) carries in its platform
 * package, the one optional dependency that the package manager installed for this machine. The launchers'
 * postinstall scripts are not run (pnpm skips them) and not needed; without the platform package they would
 * download the binary from elsewhere.
 */
function platformBinary(launcher: string, binaryPath: string): string {
  const manifestPath = require.resolve(`${launcher}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { optionalDependencies?: Record<string, string> };
  const launcherRequire = createRequire(manifestPath);
  const found = Object.keys(manifest.optionalDependencies ?? {}).flatMap((name) => {
    try {
      return [join(dirname(launcherRequire.resolve(`${name}/package.json`)), binaryPath)];
    } catch {
      return [];
    }
  });
  const binaries = found.filter((path) => existsSync(path));
  if (binaries.length !== 1) {
    throw new Error(`${launcher}: expected one installed platform package with ${binaryPath}, found ${JSON.stringify(found)}`);
  }
  return binaries[0]!;
}

export const bunBinary = (): string => platformBinary('bun', `bin/bun${exe}`);
export const denoBinary = (): string => platformBinary('deno', `deno${exe}`);

/** workerd's own package finds its platform binary: its `default` export is the path. */
export const workerdBinary = (): string => (require('workerd') as { default: string }).default;

/** Debian's Chromium, or the binary `CHROMIUM_PATH` names; `.ci/run` installs it. */
export function chromiumBinary(): string {
  const path = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install Debian's Chromium with \`apt-get update && apt-get install -y chromium\` ` +
        '(as root), or point CHROMIUM_PATH at a Chromium/Chrome binary.',
    );
  }
  return path;
}
