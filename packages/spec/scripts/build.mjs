#!/usr/bin/env node
// Builds @dojo-terminals/spec: lint-free spec → bundled openapi.json + openapi.yaml → HTML reference → JS entry.
// Usage: node scripts/build.mjs [--out-dir <dir>]   (default: dist)
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageDir, '../..');
const specRoot = join(repoRoot, 'spec/openapi.yaml');
const redoclyConfig = join(repoRoot, 'redocly.yaml');

const { values } = parseArgs({ options: { 'out-dir': { type: 'string', default: 'dist' } } });
const outDir = resolve(packageDir, values['out-dir']);

const require = createRequire(import.meta.url);
const redoclyBin = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
const tscBin = require.resolve('typescript/bin/tsc');

function run(label, bin, args) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: packageDir,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (result.status !== 0) {
    process.stderr.write(`${label} failed:\n${result.stdout}${result.stderr}`);
    process.exit(result.status ?? 1);
  }
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

const bundleArgs = ['bundle', specRoot, '--config', redoclyConfig];
run('bundle (json)', redoclyBin, [...bundleArgs, '--output', join(outDir, 'openapi.json')]);
run('bundle (yaml)', redoclyBin, [...bundleArgs, '--output', join(outDir, 'openapi.yaml')]);
run('build-docs', redoclyBin, [
  'build-docs',
  join(outDir, 'openapi.json'),
  '--config',
  redoclyConfig,
  '--inlineBundle',
  '--title',
  'Dojo Pay at Counter API reference',
  '--output',
  join(outDir, 'reference.html'),
]);
run('tsc', tscBin, ['-p', 'tsconfig.build.json', '--outDir', outDir]);
