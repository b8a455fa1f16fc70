import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { packageDir } from './test-support.js';

// The tests run the command as users do (dist/cli.js, its generator worker threads included): build it first.
export default function setup(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'inherit' });
}
