#!/usr/bin/env node
// Which validator library should the packages generate? hey-api's zod, zod/mini and valibot plugins are run on the
// bundled spec into .generated/ (not committed), then, for the same payloads (the spec's own examples):
// - size: each library's code for the webhook receiver (the three events, discriminated on `event`) and for one
//   response (a terminal session), bundled and minified by esbuild, then gzipped;
// - speed: parses per second of a valid payload and of one with a wrong field, in alternating rounds (median).
// `pnpm build` first (for the bundled spec), then `pnpm --filter @dojo-terminals/validator-bench bench`.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { createClient } from '@hey-api/openapi-ts';
import { openapiJsonPath } from '@dojo-terminals/spec';
import { build } from 'esbuild';

const ROUND_MS = Number(process.env.ROUND_MS ?? 500);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
const out = fileURLToPath(new URL('./.generated/', import.meta.url));
const EVENTS = ['PaymentIntentCreatedEvent', 'PaymentIntentStatusUpdatedEvent', 'PaymentIntentSendReceiptEvent'];

const libraries = {
  zod: { plugin: { name: 'zod', compatibilityVersion: 4 }, prefix: 'z', import: "import * as z from 'zod';" },
  'zod/mini': { plugin: { name: 'zod', compatibilityVersion: 'mini' }, prefix: 'z', import: "import * as z from 'zod/mini';" },
  valibot: { plugin: { name: 'valibot' }, prefix: 'v', import: "import * as v from 'valibot';" },
};

// One entry per library and use: what a package would ship for it.
const entries = {
  webhooks: {
    zod: `export const parse = (x) => z.discriminatedUnion('event', [${EVENTS.map((e) => `g.z${e}`)}]).safeParse(x);`,
    'zod/mini': `export const parse = (x) => z.discriminatedUnion('event', [${EVENTS.map((e) => `g.z${e}`)}]).safeParse(x);`,
    valibot: `export const parse = (x) => v.safeParse(v.variant('event', [${EVENTS.map((e) => `g.v${e}`)}]), x);`,
  },
  'one response': {
    zod: 'export const parse = (x) => g.zTerminalSession.safeParse(x);',
    'zod/mini': 'export const parse = (x) => g.zTerminalSession.safeParse(x);',
    valibot: 'export const parse = (x) => v.safeParse(g.vTerminalSession, x);',
  },
};

const spec = JSON.parse(await readFile(openapiJsonPath, 'utf8'));
const example = (name) => structuredClone(spec.components.examples[name].value);
const broken = (value, mutate) => (mutate(value), value);
const payloads = {
  'webhook event': { use: 'webhooks', valid: example('WebhookPaymentIntentCaptured'), invalid: broken(example('WebhookPaymentIntentCaptured'), (e) => (e.data.paymentStatus = 7)) },
  'terminal session': { use: 'one response', valid: example('SessionCaptured'), invalid: broken(example('SessionCaptured'), (s) => (s.status = 'Nope')) },
};

await rm(out, { recursive: true, force: true });
const dirs = {};
for (const [name, library] of Object.entries(libraries)) {
  dirs[name] = `${out}${name.replace('/', '-')}/`;
  await createClient({
    input: openapiJsonPath,
    output: { path: dirs[name], entryFile: false, module: { extension: '.js' } },
    plugins: [library.plugin],
    logs: { level: 'silent' },
  });
}

async function bundle(library, use) {
  const dir = dirs[library];
  const entry = `${dir}entry-${use.replace(' ', '-')}.mjs`;
  const gen = library === 'valibot' ? 'valibot.gen.ts' : 'zod.gen.ts';
  await writeFile(entry, `${libraries[library].import}\nimport * as g from './${gen}';\n${entries[use][library]}\n`);
  const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
  const code = result.outputFiles[0].contents;
  const outfile = `${entry}.bundle.mjs`;
  await writeFile(outfile, code);
  return {
    parse: (await import(outfile)).parse,
    gzip: gzipSync(code, { level: 9 }).length,
    brotli: brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const built = {};
for (const library of Object.keys(libraries)) for (const use of Object.keys(entries)) built[`${library}|${use}`] = await bundle(library, use);

const kB = (bytes) => `${(bytes / 1000).toFixed(2)} kB`;
console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}\n`);
console.log('Size, bundled and minified by esbuild (gzip -9 / brotli -11):\n');
console.log(`| use | ${Object.keys(libraries).join(' | ')} |\n| --- |${' --- |'.repeat(Object.keys(libraries).length)}`);
for (const use of Object.keys(entries)) {
  const cells = Object.keys(libraries).map((l) => `${kB(built[`${l}|${use}`].gzip)} / ${kB(built[`${l}|${use}`].brotli)}`);
  console.log(`| ${use} | ${cells.join(' | ')} |`);
}

// Every contender must give the right verdict, or its speed means nothing.
for (const [name, p] of Object.entries(payloads)) {
  for (const library of Object.keys(libraries)) {
    const { parse } = built[`${library}|${p.use}`];
    if (!parse(p.valid).success || parse(p.invalid).success) throw new Error(`${library} gives the wrong verdict on ${name}`);
  }
}

function round(fn, ms) {
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 200; i++) fn();
    n += 200;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const cases = [];
for (const [name, p] of Object.entries(payloads)) {
  for (const kind of ['valid', 'invalid']) {
    for (const library of Object.keys(libraries)) {
      const { parse } = built[`${library}|${p.use}`];
      const value = p[kind];
      cases.push({ row: `${name}, ${kind}`, library, fn: () => parse(value) });
    }
  }
}
for (const c of cases) round(c.fn, 200); // warm-up
const results = new Map(cases.map((c) => [c, []]));
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? cases : [...cases].reverse();
  for (const c of order) results.get(c).push(round(c.fn, ROUND_MS));
}

console.log(`\nParses per second (${ROUNDS} rounds of ${ROUND_MS} ms, median):\n`);
console.log(`| payload | ${Object.keys(libraries).join(' | ')} |\n| --- |${' --- |'.repeat(Object.keys(libraries).length)}`);
const rows = [...new Set(cases.map((c) => c.row))];
for (const row of rows) {
  const cells = Object.keys(libraries).map((l) => Math.round(median(results.get(cases.find((c) => c.row === row && c.library === l)))).toLocaleString('en-GB'));
  console.log(`| ${row} | ${cells.join(' | ')} |`);
}
