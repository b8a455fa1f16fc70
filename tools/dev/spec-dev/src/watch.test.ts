import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { watchDir } from './watch.js';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

it('turns a burst of saves in nested folders into one call naming the files', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-dev-watch-'));
  mkdirSync(join(dir, 'components/schemas'), { recursive: true });
  const calls: string[][] = [];
  const watcher = await watchDir(dir, (files) => calls.push(files), 100);
  cleanup = async () => {
    await watcher.close();
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

it('keeps seeing a file after atomic saves (a temporary file renamed over it) and after in-place writes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spec-dev-watch-'));
  const schema = join(dir, 'Terminal.yaml');
  writeFileSync(schema, 'title: Terminal\n');
  const calls: string[][] = [];
  const watcher = await watchDir(dir, (files) => calls.push(files), 50);
  cleanup = async () => {
    await watcher.close();
    rmSync(dir, { recursive: true, force: true });
  };
  const saves = [
    () => {
      writeFileSync(join(dir, '.Terminal.yaml.swp'), 'title: Terminal\ntype: object\n');
      renameSync(join(dir, '.Terminal.yaml.swp'), schema);
    },
    () => writeFileSync(schema, 'title: Terminal\ntype: object\nrequired: [id]\n'),
    () => {
      writeFileSync(join(dir, '.Terminal.yaml.swp'), 'title: Terminal\n');
      renameSync(join(dir, '.Terminal.yaml.swp'), schema);
    },
    () => writeFileSync(schema, 'title: Terminal\ndescription: again\n'),
  ];
  for (const [index, save] of saves.entries()) {
    save();
    await expect.poll(() => calls.length, { timeout: 5_000 }).toBe(index + 1);
    expect(calls[index]).toEqual(['Terminal.yaml']);
  }
});
