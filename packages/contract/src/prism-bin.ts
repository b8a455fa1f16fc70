import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

interface PrismPackageJson {
  version: string;
  bin: { prism: string };
}

/** Absolute path of the pinned @stoplight/prism-cli JS entry, plus its version. */
export function resolvePrismCli(): { entry: string; version: string } {
  const require = createRequire(import.meta.url);
  const packageJsonPath = require.resolve('@stoplight/prism-cli/package.json');
  const pkg = require(packageJsonPath) as PrismPackageJson;
  return { entry: join(dirname(packageJsonPath), pkg.bin.prism), version: pkg.version };
}
