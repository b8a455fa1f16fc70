import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyRepository as copyRepositoryAt } from './repo-copy.js';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(packageDir, '../../..');
export const cliPath = join(packageDir, 'dist/cli.js');

/** A throw-away copy of this repository's spec and generated packages (see repo-copy.ts). */
export function copyRepository(): { root: string; remove(): void } {
  return copyRepositoryAt(repoRoot);
}

export interface GuideFile {
  file: string;
  /** For an addition to an existing file: the path key (under `paths:`) the lines go after. */
  after: string | undefined;
  content: string;
}

/** The files CONTRIBUTING.md tells a designer to write: its fenced blocks whose info string names a `file=`. */
export function guideFiles(markdown: string): GuideFile[] {
  const blocks: GuideFile[] = [];
  const fence = /^```\w+ (file=[^\n]+)\n([\s\S]*?)^```$/gm;
  for (const match of markdown.matchAll(fence)) {
    const attributes = Object.fromEntries(
      (match[1] ?? '').split(' ').map((pair) => {
        const at = pair.indexOf('=');
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
    ) as Record<string, string>;
    if (!attributes.file) continue;
    blocks.push({ file: attributes.file, after: attributes.after, content: match[2] ?? '' });
  }
  return blocks;
}

/** Does what a designer does with a guide block: writes the new file, or adds the lines after the named path item. */
export function applyGuideFile(root: string, block: GuideFile): void {
  const target = join(root, block.file);
  if (block.after === undefined) {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, block.content);
    return;
  }
  const lines = readFileSync(target, 'utf8').split('\n');
  const at = lines.indexOf(`  ${block.after}:`);
  if (at < 0) throw new Error(`${block.file} has no path item ${block.after}`);
  // The path item is its key line and its indented `$ref` line.
  let end = at + 1;
  while (lines[end]?.startsWith('    ')) end++;
  lines.splice(end, 0, ...block.content.replace(/\n$/, '').split('\n'));
  writeFileSync(target, lines.join('\n'));
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[]): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}
