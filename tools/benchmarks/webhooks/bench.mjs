#!/usr/bin/env node
// Verifications per second of @dojo-terminals/webhooks' verifySignature against a minimal hand-written check with
// node:crypto (decode the hex header, createHmac, timingSafeEqual), and parse+validate per second of a realistic
// event. Build first: `pnpm --filter @dojo-terminals/webhooks build`, then `node tools/benchmarks/webhooks/bench.mjs`.
// Each case runs in alternating rounds after a warm-up; the median round is reported.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { cpus } from 'node:os';
import { parseWebhook, verifySignature } from '@dojo-terminals/webhooks';
import * as web from '@dojo-terminals/webhooks/web';

const BODY =
  '{"id":"evt_hnnHxIKR_Uy6bhZCusCltw","event":"payment_intent.created","accountId":"acc_test","createdAt":"2022-02-01T13:07:41.8667859Z","data":{"paymentIntentId":"pi_vpwd4ooAPEqyNAQe4z89WQ","paymentStatus":"Created","captureMode":"Auto"}}';
const SECRET = 'ws_OYsyzcrH70GpJfs8MMkKpg';
const HEADER = 'sha256=94-AC-93-67-D6-8B-69-6D-15-A2-C2-45-40-98-B5-E7-64-72-38-C5-1F-6D-32-D0-5F-CB-91-20-A9-20-64-F4';
const ROUND_MS = Number(process.env.ROUND_MS ?? 1000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);

/** The baseline: what a receiver would write by hand with node:crypto. */
function rawVerify(body, header, secret) {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(header.slice(7).replaceAll('-', ''), 'hex');
  if (expected.length !== 32) return false;
  return timingSafeEqual(createHmac('sha256', secret).update(body).digest(), expected);
}

function check(ok) {
  if (!ok) throw new Error('a benchmarked call gave the wrong answer');
}

const cases = {
  'raw createHmac + timingSafeEqual': () => check(rawVerify(BODY, HEADER, SECRET)),
  'verifySignature (node:crypto)': () => check(verifySignature(BODY, HEADER, SECRET)),
  'verifySignature, 2 secrets (rotation)': () => check(verifySignature(BODY, HEADER, ['ws_other_secret_value', SECRET])),
  'verifySignature (/web, WebCrypto)': async () => check(await web.verifySignature(BODY, HEADER, SECRET)),
  'parseWebhook: verify + JSON.parse + valibot': () => check(parseWebhook({ body: BODY, signature: HEADER, secrets: SECRET }).id),
};

async function round(fn, ms) {
  const isAsync = fn.constructor.name === 'AsyncFunction';
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    // Batches keep the clock out of the measurement.
    if (isAsync) for (let i = 0; i < 200; i++) await fn();
    else for (let i = 0; i < 1000; i++) fn();
    n += isAsync ? 200 : 1000;
    elapsed = performance.now() - start;
  }
  return (n / elapsed) * 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const fn of Object.values(cases)) await round(fn, 300); // warm-up
const results = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let r = 0; r < ROUNDS; r++) for (const [name, fn] of Object.entries(cases)) results[name].push(await round(fn, ROUND_MS));

const raw = median(results['raw createHmac + timingSafeEqual']);
console.log(`Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${ROUNDS} rounds of ${ROUND_MS} ms, median\n`);
console.log('| case | ops/s | vs raw |');
console.log('| --- | ---: | ---: |');
for (const [name, xs] of Object.entries(results)) {
  const ops = median(xs);
  console.log(`| ${name} | ${Math.round(ops).toLocaleString('en-US')} | ${(ops / raw).toFixed(2)}× |`);
}
