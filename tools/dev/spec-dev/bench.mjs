#!/usr/bin/env node
// Save-to-summary benchmark for `pnpm spec:dev` (run by hand: `pnpm --filter @dojo-terminals/spec-dev bench`).
// On a throw-away copy of the repository it starts the long-running command, waits for its first (cold) summary,
// then edits one schema file N times (an optional, described property whose description alternates, so every save
// changes the generated code) and times each save from the write to the end of the printed summary. The docs
// rebuild that follows each summary is waited for before the next save, as a designer reads before saving again.
// It also times `spec-dev --once` as a whole process (every step cold) for comparison.
// The first saves after start are slower while V8 warms the worker threads up: --warmup saves are not counted.
// Usage: node bench.mjs [--runs 7] [--warmup 2] [--once-runs 2]   (build first: pnpm turbo run build --filter=@dojo-terminals/spec-dev...)
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { copyRepository } from './dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
const cli = join(here, 'dist/cli.js');
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '2' },
    'once-runs': { type: 'string', default: '2' },
  },
});
const warmup = Number(values.warmup);
const runs = Number(values.runs);
const onceRuns = Number(values['once-runs']);

const SUMMARY_END = /verdict vs last release: \w+[^\n]*\n(?:  [^\n]*\n)*/;

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return `min ${(sorted[0] / 1000).toFixed(2)} s · median ${(median / 1000).toFixed(2)} s · max ${(sorted.at(-1) / 1000).toFixed(2)} s (n=${sorted.length})`;
}

function startDev(root) {
  const child = spawn(process.execPath, [cli, '--root', root, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const state = { output: '', child };
  child.stdout.on('data', (chunk) => (state.output += chunk.toString()));
  return state;
}

async function waitFor(state, pattern, from, timeoutMs = 300_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(state.output.slice(from));
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${state.output.slice(from)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function timeOnce(root) {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [cli, '--once', '--root', root], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', () => resolvePromise(performance.now() - started));
  });
}

const copy = copyRepository(repoRoot);
const schemaFile = join(copy.root, 'spec/components/schemas/Terminal.yaml');
const original = readFileSync(schemaFile, 'utf8');
const edited = (i) =>
  original.replace('examples:', `  nickname:\n    description: A name the merchant gave the terminal (edit ${i}).\n    type: string\nexamples:`);

console.log(`spec-dev save-to-summary benchmark: ${availableParallelism()} cores, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const dev = startDev(copy.root);
try {
  const coldStart = performance.now();
  await waitFor(dev, SUMMARY_END, 0);
  console.log(`first (cold) cycle of the long-running command: ${((performance.now() - coldStart) / 1000).toFixed(2)} s`);
  await waitFor(dev, /docs: reference rebuilt/, 0);

  const samples = [];
  const docs = [];
  for (let i = 0; i < warmup + runs; i++) {
    const from = dev.output.length;
    const started = performance.now();
    writeFileSync(schemaFile, edited(i));
    await waitFor(dev, SUMMARY_END, from);
    const elapsed = performance.now() - started;
    const rebuilt = await waitFor(dev, /docs: reference rebuilt in ([\d.]+) s/, from);
    const counted = i >= warmup;
    if (counted) {
      samples.push(elapsed);
      docs.push(Number(rebuilt[1]) * 1000);
    }
    const header = /── spec:dev [^\n]*/.exec(dev.output.slice(from))?.[0] ?? '';
    console.log(`  save ${i + 1}${counted ? '' : ' (warm-up)'}: ${(elapsed / 1000).toFixed(2)} s   ${header}`);
  }
  console.log(`save → summary (one schema file, warm watcher): ${stats(samples)}`);
  console.log(`summary → reference rebuilt and reloaded:       ${stats(docs)}`);
} finally {
  dev.child.kill('SIGTERM');
  await new Promise((r) => dev.child.once('exit', r));
}

if (onceRuns > 0) {
  const once = [];
  for (let i = 0; i < onceRuns; i++) {
    writeFileSync(schemaFile, edited(100 + i));
    once.push(await timeOnce(copy.root));
  }
  console.log(`spec-dev --once, whole process (cold every time): ${stats(once)}`);
}
copy.remove();
