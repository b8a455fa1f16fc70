import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createConsumerProject } from './consumer-project.js';
import { packAll, type PackedPackage } from './pack.js';

/** Packs every published package once and installs the tarballs into one consumer project that every suite uses. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const packDir = await mkdtemp(join(tmpdir(), 'dojo-packed-'));
  let consumer: string | undefined;
  try {
    const packed = await packAll(packDir);
    consumer = await createConsumerProject(packed);
    project.provide('packed', packed);
    project.provide('consumerProject', consumer);
  } catch (error) {
    await rm(packDir, { recursive: true, force: true });
    throw error;
  }
  return async () => {
    await Promise.all([packDir, consumer].filter((dir) => dir !== undefined).map((dir) => rm(dir, { recursive: true, force: true })));
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    packed: PackedPackage[];
    consumerProject: string;
  }
}
