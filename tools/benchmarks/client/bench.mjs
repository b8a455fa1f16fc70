#!/usr/bin/env node
// Latency and throughput of `dojo.terminalSessions.get()` beside raw `fetch` + `response.json()`, openapi-fetch and
// hey-api's own generated client (its fetch client and SDK), all against a local HTTP server in a separate process. Not part of the tests: run `pnpm --filter @dojo-terminals/client-bench bench`
// after `pnpm build`.
//
// On a shared machine one long run per contender measures the machine's load as much as the client, so the contenders
// take turns: every round runs each of them once (the order alternates from round to round), and the figures are the
// medians over rounds of each round's median latency and throughput, with the client's ratio to raw fetch per round.
// Options: --rounds R (default 15), --ms T (run per contender, concurrency and round, default 500), --concurrency C
// (the second level beside sequential calls, default 32), --compare FILE (another
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
    ms: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '32' },
    compare: { type: 'string' },
  },
});
const ROUNDS = Number(values.rounds);
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

/** Completed calls per second and the median latency in ms, with `concurrency` callers for `MS` milliseconds. */
async function run(call, concurrency) {
  const times = [];
  const start = performance.now();
  const end = start + MS;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const began = performance.now();
        await call();
        times.push(performance.now() - began);
      }
    }),
  );
  return { rps: times.length / ((performance.now() - start) / 1000), median: median(times) };
}

try {
  console.log(
    `Node ${process.version}, ${bytes}-byte JSON body; ${ROUNDS} rounds, each with ${MS} ms per contender sequentially ` +
      `and at ${CONCURRENCY} concurrent callers`,
  );
  const names = Object.keys(contenders);
  // Warm-up: JIT, keep-alive sockets, the validators' lazy import.
  for (const name of names) for (let i = 0; i < 2000; i++) await contenders[name]();
  const levels = [1, CONCURRENCY];
  const rounds = Object.fromEntries(names.map((name) => [name, Object.fromEntries(levels.map((level) => [level, { rps: [], median: [] }]))]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of round % 2 ? [...names].reverse() : names) {
      for (const level of levels) {
        const { rps, median: roundMedian } = await run(contenders[name], level);
        rounds[name][level].rps.push(rps);
        rounds[name][level].median.push(roundMedian);
      }
    }
  }
  const rows = names.flatMap((name) =>
    levels.map((level) => {
      const { rps, median: medians } = rounds[name][level];
      const base = rounds[BASELINE][level];
      return {
        call: name,
        callers: level,
        'req/s': Math.round(median(rps)),
        'throughput ×': median(rps.map((value, i) => value / base.rps[i])).toFixed(2),
        'median ms': median(medians).toFixed(3),
        'latency ×': median(medians.map((value, i) => value / base.median[i])).toFixed(2),
      };
    }),
  );
  console.table(rows);
  console.log('throughput × and latency ×: median over rounds of the ratio to raw fetch at the same concurrency in the same round');
} finally {
  server.disconnect();
  await once(server, 'exit');
}
