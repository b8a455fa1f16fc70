import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { createClient, type UserConfig } from '@hey-api/openapi-ts';
import { listFiles, outputPath, quietly } from '@dojo-terminals/drift-check';
import { createJiti } from 'jiti';
import type { JsonObject } from './json.js';

export interface GeneratedChange {
  /** Path relative to the repository root. */
  file: string;
  kind: 'added' | 'changed' | 'removed';
}

/**
 * Runs one package's `openapi-ts.config.ts` in process, against a bundle held in memory, and writes into the package's
 * `src/generated/` only the files whose content changed: the same files `pnpm generate` writes, without the churn
 * that would make the type checker re-read unchanged files.
 */
export class PackageGenerator {
  #config: Promise<UserConfig> | undefined;

  constructor(
    private readonly repoRoot: string,
    readonly packageDir: string,
  ) {}

  get configFile(): string {
    return join(this.packageDir, 'openapi-ts.config.ts');
  }

  async generate(spec: JsonObject): Promise<GeneratedChange[]> {
    this.#config ??= loadUserConfig(this.configFile);
    const config = await this.#config;
    const outputDir = resolve(this.packageDir, outputPath(config));
    const scratch = await mkdtemp(join(tmpdir(), 'dojo-spec-dev-'));
    try {
      const output = typeof config.output === 'object' && config.output !== null ? config.output : {};
      await quietly(() => createClient({
        ...config,
        // The config file's own path lets hey-api read the package's dependencies as `pnpm generate` does.
        configFile: this.configFile,
        input: structuredClone(spec) as UserConfig['input'],
        output: { ...output, path: scratch },
        logs: { level: 'silent' },
      } as UserConfig));
      return await syncFolder(scratch, outputDir, this.repoRoot);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }
}

async function loadUserConfig(file: string): Promise<UserConfig> {
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: false });
  const loaded = await jiti.import<UserConfig | UserConfig[]>(file, { default: true });
  if (Array.isArray(loaded)) throw new Error(`${file}: spec-dev supports one config per package, found ${loaded.length}`);
  return loaded;
}

/** Makes `target` hold exactly the files of `fresh`, touching only those that differ. */
async function syncFolder(fresh: string, target: string, repoRoot: string): Promise<GeneratedChange[]> {
  const [freshFiles, targetFiles] = await Promise.all([listFiles(fresh), listFiles(target)]);
  const changes: GeneratedChange[] = [];
  for (const file of freshFiles) {
    const next = await readFile(join(fresh, file));
    const existing = targetFiles.includes(file) ? await readFile(join(target, file)) : undefined;
    if (existing?.equals(next)) continue;
    await mkdir(dirname(join(target, file)), { recursive: true });
    await writeFile(join(target, file), next);
    changes.push({ file: relative(repoRoot, join(target, file)), kind: existing ? 'changed' : 'added' });
  }
  for (const file of targetFiles) {
    if (freshFiles.includes(file)) continue;
    await rm(join(target, file));
    changes.push({ file: relative(repoRoot, join(target, file)), kind: 'removed' });
  }
  return changes;
}
