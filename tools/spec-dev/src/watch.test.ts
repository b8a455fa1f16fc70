import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { watchDir } from './watch.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

it('turns a burst of saves in nested folders into one call naming the files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-dev-watch-'));
  mkdirSync(join(dir, 'components/schemas'), { recursive: true });
  const calls: string[][] = [];
  const watcher = watchDir(dir, (files) => calls.push(files), 100);
  cleanup = () => {
    watcher.close();
    rmSync(dir, { recursive: true, force: true });
  };
  writeFileSync(join(dir, 'components/schemas/Terminal.yaml'), 'title: Terminal\n');
  writeFileSync(join(dir, 'openapi.yaml'), 'openapi: 3.1.0\n');
  writeFileSync(join(dir, 'components/schemas/Terminal.yaml'), 'title: Terminal\ntype: object\n');
  await expect.poll(() => calls.length, { timeout: 5_000 }).toBe(1);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(calls).toHaveLength(1);
  expect([...calls[0]!].sort()).toEqual(['components/schemas/Terminal.yaml', 'openapi.yaml']);
});
