#!/usr/bin/env node
// Latency and throughput of `dojo.terminalSessions.get()` beside raw `fetch` + `response.json()`, openapi-fetch and
// hey-api's own generated client (its fetch client and SDK), all against a local HTTP server in a separate process. Not part of the tests: run `pnpm --filter @dojo-terminals/client-bench bench`
// after `pnpm build`.
//
// On a shared machine one long run per contender measures the machine's load as much as the client, so the contenders
// take turns: every round runs each of them once (the order alternates from round to round), and the figures are the
// medians over rounds of each round's median latency and throughput, with the client's ratio to raw fetch per round.
// Options: --rounds R (default 15), --requests N (sequential requests per contender and round, default 1000),
// --ms T (throughput run per contender and round, default 500), --concurrency C (default 32), --compare FILE (another
// build of the client, e.g. an older commit's `dist/index.js`, measured as one more contender: A/B a change).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { API_VERSION, createDojoClient } from '@dojo-terminals/client';
import createOpenapiFetch from 'openapi-fetch';
import { loadHeyApiSdk } from './hey-api-sdk.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'), // pnpm passes a literal --
  options: {
    rounds: { type: 'string', default: '15' },
    requests: { type: 'string', default: '1000' },
    ms: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '32' },
    compare: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds);
const REQUESTS = Number(values.requests);
const MS = Number(values.ms);
const CONCURRENCY = Number(values.concurrency);
const API_KEY = 'sk_sandbox_bench';


const server = fork(new URL('./server.mjs', import.meta.url), { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const [{ port, bytes, id: ID }] = await once(server, 'message');
const baseUrl = `http://127.0.0.1:${port}`;

const options = { apiKey: API_KEY, baseUrl, softwareHouseId: 'softwareHouse1' };
const dojo = createDojoClient(options);
const validating = createDojoClient({ ...options, validateResponses: true });
const headers = { Authorization: `Basic ${API_KEY}`, version: API_VERSION, 'software-house-id': 'softwareHouse1' };
const path = `/terminal-sessions/${ID}`;
const openapiFetch = createOpenapiFetch({ baseUrl });
const heyApi = await loadHeyApiSdk();
const heyApiClient = heyApi.createClient({ baseUrl });
const BASELINE = 'raw fetch';
const contenders = {
  [BASELINE]: async () => (await fetch(baseUrl + path, { headers })).json(),
  'openapi-fetch': async () => {
    const { data, error } = await openapiFetch.GET('/terminal-sessions/{terminalSessionId}', { params: { path: { terminalSessionId: ID } }, headers });
    if (error) throw new Error('openapi-fetch: error');
    return data;
  },
  "hey-api's generated client": async () => {
    const { data, error } = await heyApi.sdk.getTerminalSession({ client: heyApiClient, path: { terminalSessionId: ID }, headers });
    if (error) throw new Error('hey-api: error');
    return data;
  },
  'dojo.terminalSessions.get': () => dojo.terminalSessions.get(ID),
  'same, validateResponses': () => validating.terminalSessions.get(ID),
};
if (values.compare) {
  const other = await import(pathToFileURL(resolve(values.compare)).href);
  const compared = other.createDojoClient(options);
  contenders[`same, ${values.compare}`] = () => compared.terminalSessions.get(ID);
}

const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Median and p99 of `REQUESTS` sequential calls in ms, and the CPU time this process spent per call in µs. */
async function latency(call) {
  const times = new Float64Array(REQUESTS);
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < REQUESTS; i++) {
    const start = process.hrtime.bigint();
    await call();
    times[i] = Number(process.hrtime.bigint() - start) / 1e6;
  }
  const cpu = process.cpuUsage(cpuBefore);
  times.sort();
  return { median: median(times), p99: times[Math.floor(times.length * 0.99)], cpu: (cpu.user + cpu.system) / REQUESTS };
}

/** Completed calls per second with `CONCURRENCY` callers for `MS` milliseconds. */
async function throughput(call) {
  let done = 0;
  const start = performance.now();
  const end = start + MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) {
        await call();
        done++;
      }
    }),
  );
  return done / ((performance.now() - start) / 1000);
}

try {
  console.log(
    `Node ${process.version}, ${bytes}-byte JSON body; ${ROUNDS} rounds, each with ${REQUESTS} sequential requests ` +
      `and ${MS} ms at ${CONCURRENCY} concurrent callers per contender`,
  );
  const names = Object.keys(contenders);
  // Warm-up: JIT, keep-alive sockets, the validators' lazy import.
  for (const name of names) for (let i = 0; i < 2000; i++) await contenders[name]();
  const rounds = Object.fromEntries(names.map((name) => [name, { median: [], p99: [], cpu: [], rps: [] }]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      const { median: roundMedian, p99, cpu } = await latency(contenders[name]);
      rounds[name].median.push(roundMedian);
      rounds[name].p99.push(p99);
      rounds[name].cpu.push(cpu);
      rounds[name].rps.push(await throughput(contenders[name]));
    }
  }
  const base = rounds[BASELINE];
  const rows = names.map((name) => {
    const { median: medians, p99, cpu, rps } = rounds[name];
    return {
      call: name,
      'median ms': median(medians).toFixed(3),
      'p99 ms': median(p99).toFixed(3),
      'latency ×': median(medians.map((value, i) => value / base.median[i])).toFixed(2),
      'CPU µs/call': Math.round(median(cpu)),
      'req/s': Math.round(median(rps)),
      'throughput ×': median(rps.map((value, i) => value / base.rps[i])).toFixed(2),
    };
  });
  console.table(rows);
  console.log('latency × and throughput ×: median over rounds of the ratio to raw fetch in the same round');
  console.log("CPU µs/call: the measuring process's CPU time per sequential call (the server's is not counted)");
} finally {
  server.disconnect();
  await once(server, 'exit');
}
