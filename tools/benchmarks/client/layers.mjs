#!/usr/bin/env node
// The client's own CPU cost per call, without a network: every contender gets the same canned JSON response from a
// `fetch` that answers at once, so the figures are the work of each layer (and do not depend on a loopback server
// or on what else the machine runs, as much as bench.mjs's do). Run `pnpm --filter @dojo-terminals/client-bench
// layers` after `pnpm build`. Options: --calls N (per contender and round, default 20000), --rounds R (default 5).
import { parseArgs } from 'node:util';
import { API_VERSION, createDojoClient } from '@dojo-terminals/client';
import { loadHeyApiSdk } from './hey-api-sdk.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { calls: { type: 'string', default: '20000' }, rounds: { type: 'string', default: '5' } },
});
const CALLS = Number(values.calls);
const ROUNDS = Number(values.rounds);
const ID = 'ts_sandbox_RBMHTJ4fIkmSppDILZVCGw';
const BASE_URL = 'http://127.0.0.1:9';
const API_KEY = 'sk_sandbox_bench';
const body = JSON.stringify({ id: ID, status: 'Initiated' });
const canned = async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
const headers = { Authorization: `Basic ${API_KEY}`, version: API_VERSION, 'software-house-id': 'softwareHouse1' };

const dojo = createDojoClient({ apiKey: API_KEY, baseUrl: BASE_URL, softwareHouseId: 'softwareHouse1', fetch: canned });
const { sdk, createClient } = await loadHeyApiSdk();
const heyApi = createClient({ baseUrl: BASE_URL, fetch: canned });
const contenders = {
  'Request + canned fetch + json()': async () => (await canned(new Request(`${BASE_URL}/terminal-sessions/${ID}`, { headers }))).json(),
  "hey-api's generated getTerminalSession": () => sdk.getTerminalSession({ client: heyApi, path: { terminalSessionId: ID }, headers }),
  'dojo.terminalSessions.get': () => dojo.terminalSessions.get(ID),
};

const median = (numbers) => [...numbers].sort((a, b) => a - b)[numbers.length >> 1];
const names = Object.keys(contenders);
const perRound = Object.fromEntries(names.map((name) => [name, []]));
for (const name of names) for (let i = 0; i < 5000; i++) await contenders[name](); // warm-up
for (let round = 0; round < ROUNDS; round++) {
  for (const name of round % 2 ? [...names].reverse() : names) {
    const start = performance.now();
    for (let i = 0; i < CALLS; i++) await contenders[name]();
    perRound[name].push(((performance.now() - start) / CALLS) * 1000);
  }
}
console.log(`Node ${process.version}: µs per call with a canned response, median of ${ROUNDS} rounds of ${CALLS} calls`);
console.table(names.map((name) => ({ call: name, 'µs/call': median(perRound[name]).toFixed(1) })));
