#!/usr/bin/env node
// pnpm spec:breaking — compares the bundled spec with the last release's and checks the pending changesets.
//   check            (default) print the report; exit 1 if the pending bump is too small
//   update-baseline  copy the current bundle over the baseline (run by `pnpm version-packages`)
import { copyFile, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pendingSpecBump } from './changesets.js';
import { gate } from './report.js';
import { verdict } from './spec-diff.js';
import type { JsonObject } from './types.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const headPath = resolve(repoRoot, 'packages/spec/dist/openapi.json');
const basePath = resolve(repoRoot, 'packages/spec/baseline/openapi.json');

async function readJson(path: string, what: string): Promise<JsonObject> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as JsonObject;
  } catch (error) {
    throw new Error(`cannot read ${what} at ${path}: ${(error as Error).message}`);
  }
}

async function main(command: string | undefined): Promise<number> {
  if (command === 'update-baseline') {
    await copyFile(headPath, basePath);
    console.log(`baseline updated from ${headPath}`);
    return 0;
  }
  if (command !== undefined && command !== 'check') {
    console.error(`unknown command ${command}; use check or update-baseline`);
    return 2;
  }
  const base = await readJson(basePath, 'the last release of the spec (baseline)');
  const head = await readJson(headPath, 'the bundled spec (run the spec build first)');
  const { required, changes } = verdict(base, head);
  const result = gate(changes, required, await pendingSpecBump(repoRoot));
  console.log(result.text);
  return result.ok ? 0 : 1;
}

main(process.argv[2]).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 2;
  },
);
