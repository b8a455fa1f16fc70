import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createClient, type UserConfig } from '@hey-api/openapi-ts';
import { listFiles, outputPath } from './generated-files.js';

/** One way the committed generated code differs from what the spec generates now. */
export interface Drift {
  file: string;
  kind: 'missing' | 'unexpected' | 'changed';
}

/**
 * Generates the config (as `defineConfig` returns it) into a temporary folder and compares it file by file with the committed
 * output folder. `cwd` is the folder the config's relative paths are relative to.
 */
export async function findDrift(configOrPromise: UserConfig | Promise<UserConfig>, cwd: string): Promise<Drift[]> {
  const config = await configOrPromise;
  const committedDir = resolve(cwd, outputPath(config));
  const scratch = await mkdtemp(join(tmpdir(), 'dojo-codegen-'));
  const input = typeof config.input === 'string' ? resolve(cwd, config.input) : config.input;
  try {
    const output = typeof config.output === 'object' && config.output !== null ? config.output : {};
    await createClient({ ...config, input, output: { ...output, path: scratch }, logs: { level: 'silent' } });
    const [fresh, committed] = await Promise.all([listFiles(scratch), listFiles(committedDir)]);
    const drift: Drift[] = [];
    for (const file of fresh) {
      if (!committed.includes(file)) {
        drift.push({ file, kind: 'missing' });
        continue;
      }
      const [a, b] = await Promise.all([readFile(join(scratch, file)), readFile(join(committedDir, file))]);
      if (!a.equals(b)) drift.push({ file, kind: 'changed' });
    }
    for (const file of committed) if (!fresh.includes(file)) drift.push({ file, kind: 'unexpected' });
    return drift;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A readable explanation of drift, telling the reader how to fix it. */
export function describeDrift(drift: readonly Drift[], packageName: string): string {
  const lines = drift.map(({ file, kind }) => {
    if (kind === 'missing') return `  ${file}: generated from the spec but not committed`;
    if (kind === 'unexpected') return `  ${file}: committed but no longer generated`;
    return `  ${file}: differs from what the spec generates`;
  });
  return [
    `${packageName}: generated code is out of date with the spec.`,
    ...lines,
    `Run \`pnpm generate\` at the repository root and commit the result; never edit generated files by hand.`,
  ].join('\n');
}
