import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const redoclyBin = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');

function run(args: string[], cwd: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [redoclyBin, ...args], {
      cwd,
      signal,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`redocly ${args[0]} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}

/**
 * Writes `openapi.json`, `openapi.yaml` and `reference.html` into the spec package's `dist/` with the same Redocly
 * commands as `packages/spec/scripts/build.mjs`. Rendering the reference is the slow part of a cycle (seconds), so
 * `spec:dev` runs it after printing the summary and abandons it when a newer save arrives.
 */
export async function buildDocs(
  layout: { repoRoot: string; rootDocument: string; redoclyConfig: string; specDist: string },
  signal: AbortSignal,
): Promise<string> {
  const { repoRoot, rootDocument, redoclyConfig, specDist } = layout;
  await mkdir(specDist, { recursive: true });
  const json = join(specDist, 'openapi.json');
  const bundle = ['bundle', rootDocument, '--config', redoclyConfig, '--output'];
  await run([...bundle, json], repoRoot, signal);
  const html = join(specDist, 'reference.html');
  await Promise.all([
    run([...bundle, join(specDist, 'openapi.yaml')], repoRoot, signal),
    run(
      ['build-docs', json, '--config', redoclyConfig, '--inlineBundle', '--title', 'Dojo Pay at Counter API reference', '--output', html],
      repoRoot,
      signal,
    ),
  ]);
  return html;
}
