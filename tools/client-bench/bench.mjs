#!/usr/bin/env node
// Median latency and throughput of `dojo.paymentIntents.get()` against raw `fetch` + `response.json()`, both against a
// local HTTP server in a separate process. Not part of the tests: run `pnpm --filter @dojo-terminals/client-bench bench`
// after `pnpm build`. Options: --requests N (sequential, default 5000), --seconds S (per throughput run, default 5),
// --concurrency C (default 32).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createDojoClient } from '@dojo-terminals/client';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'), // pnpm passes a literal --
  options: {
    requests: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '32' },
  },
});
const REQUESTS = Number(values.requests);
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const API_KEY = 'sk_sandbox_bench';
const ID = 'pi_sandbox_RBMHTJ4fIkmSppDILZVCGw';

const server = fork(new URL('./server.mjs', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const [{ port, bytes }] = await once(server, 'message');
const baseUrl = `http://127.0.0.1:${port}`;

const dojo = createDojoClient({ apiKey: API_KEY, baseUrl });
const headers = { Authorization: `Basic ${API_KEY}`, version: '2026-02-27' };
const contenders = {
  'raw fetch': async () => (await fetch(`${baseUrl}/payment-intents/${ID}`, { headers })).json(),
  'dojo.paymentIntents.get': () => dojo.paymentIntents.get(ID),
  'same, validateResponses': (() => {
    const validating = createDojoClient({ apiKey: API_KEY, baseUrl, validateResponses: true });
    return () => validating.paymentIntents.get(ID);
  })(),
};

async function latency(call) {
  const times = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = process.hrtime.bigint();
    await call();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p99: times[Math.floor(times.length * 0.99)] };
}

async function throughput(call) {
  let done = 0;
  const end = Date.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < end) {
        await call();
        done++;
      }
    }),
  );
  return done / SECONDS;
}

try {
  console.log(`Node ${process.version}, ${bytes}-byte JSON body, ${REQUESTS} sequential requests, ${CONCURRENCY} concurrent for ${SECONDS} s`);
  const rows = [];
  for (const [name, call] of Object.entries(contenders)) {
    for (let i = 0; i < 500; i++) await call(); // warm-up: JIT, keep-alive sockets, lazy imports
    const { median, p99 } = await latency(call);
    rows.push({ call: name, 'median ms': median.toFixed(3), 'p99 ms': p99.toFixed(3), 'req/s': Math.round(await throughput(call)) });
  }
  console.table(rows);
} finally {
  server.disconnect();
  await once(server, 'exit');
}
