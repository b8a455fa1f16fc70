import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { UserConfig } from '@hey-api/openapi-ts';

/** Every file below `dir`, relative to it and sorted; none when `dir` does not exist. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

/** Where an openapi-ts config writes its output, as written in the config (relative to the package). */
export function outputPath(config: UserConfig): string {
  const { output } = config;
  if (typeof output === 'string') return output;
  if (output && typeof output === 'object' && 'path' in output && typeof output.path === 'string') return output.path;
  throw new Error('openapi-ts config needs a string `output` or `output.path`');
}
