#!/usr/bin/env node
// Follows 1,000 concurrent Pay-at-Counter sessions to completion: `payAtCounter` through one `createDojoClient`,
// against @dojo-terminals/simulator in a child process with one terminal per concurrent session. Reports sessions/s,
// per-session latency, requests sent, outcomes against what the scenario table predicts, peak RSS of both processes
// and unhandled rejections; then checks the simulator's own state (every terminal Available again, every payment
// intent and session in its expected final status). Exits 1 if any session is lost (no outcome, a wrong one, or
// `unknown`), any check fails or any rejection went unhandled. Not part of the tests: run
// `pnpm --filter @dojo-terminals/simulator-bench bench` after `pnpm build`.
//
// Options: --sessions N (default 1000), --concurrency C (sessions in flight and terminals in the fleet; default
// min(N, 1000), the simulator's largest fleet: each terminal runs its share of the sessions one after another),
// --time-scale X (the simulator's time scale, default 0.25; the flows' poll backoff, signature margin and cashier
// are scaled with it), --deadline-s S (give up and report the unfinished sessions as lost; default from the above),
// --json FILE (also write each session's kind, amount, timings in ms from the first start, and outcome).
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { counterFlowTimings, createDojoClient, payAtCounter } from '@dojo-terminals/client';
import { buildSessions, KINDS, LAST_TWO_DIGITS } from './mix.mjs';
import { createPeakSampler } from './peak-sampler.mjs';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'), // pnpm passes a literal --
  options: {
    sessions: { type: 'string', default: '1000' },
    concurrency: { type: 'string' },
    'time-scale': { type: 'string', default: '0.25' },
    'deadline-s': { type: 'string' },
    json: { type: 'string' },
  },
});
const SESSIONS = Number(values.sessions);
const CONCURRENCY = Math.min(Number(values.concurrency ?? Math.min(SESSIONS, 1000)), SESSIONS);
const SCALE = Number(values['time-scale']);
if (!(Number.isInteger(SESSIONS) && SESSIONS > 0 && Number.isInteger(CONCURRENCY) && CONCURRENCY > 0 && CONCURRENCY <= 1000 && SCALE > 0)) {
  console.error('usage: bench.mjs [--sessions N] [--concurrency C ≤ 1000] [--time-scale X > 0] [--deadline-s S] [--json FILE]');
  process.exit(2);
}
const PER_TERMINAL = Math.ceil(SESSIONS / CONCURRENCY);
const DEADLINE_MS = Number(values['deadline-s'] ?? 0) * 1000 || 120_000 + PER_TERMINAL * 200_000 * SCALE;
/** The client's default waits (polls, signature margin, expiry and check windows) at the simulator's time scale. */
const TIMINGS = counterFlowTimings(SCALE);
/** How long the simulated cashier takes to compare a signature. */
const CASHIER_MS = 3_000 * SCALE;

const quantile = (numbers, q) => {
  if (numbers.length === 0) return NaN;
  const sorted = Float64Array.from(numbers).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
};
const ms = (value) => Math.round(value);
const mb = (bytes) => (bytes / 2 ** 20).toFixed(0);

/**
 * Linux's count of connections dropped because a listen queue was full (/proc/net/netstat, machine-wide); the
 * client retransmits the SYN a second or more later. `undefined` elsewhere.
 */
function listenOverflows() {
  try {
    const [names, counts] = readFileSync('/proc/net/netstat', 'utf8').split('\n').filter((line) => line.startsWith('TcpExt:'));
    const at = names.split(' ').indexOf('ListenOverflows');
    return at > 0 ? Number(counts.split(' ')[at]) : undefined;
  } catch {
    return undefined;
  }
}

let unhandledRejections = 0;
process.on('unhandledRejection', (reason) => {
  unhandledRejections++;
  console.error('driver: unhandled rejection:', reason);
});

// ---- The simulator, in its own process ----
const simulator = fork(new URL('./server.mjs', import.meta.url), ['--terminals', String(CONCURRENCY), '--time-scale', String(SCALE)], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const [ready] = await once(simulator, 'message');
const askSimulator = async () => {
  simulator.send({ type: 'report' });
  const [report] = await once(simulator, 'message');
  return report;
};

// ---- One client, counting every attempt it sends ----
const requests = { total: 0, byOperation: new Map(), byStatus: new Map(), failed: 0 };
const countingFetch = async (input, init) => {
  const request = input instanceof Request ? input : new Request(input, init);
  const path = new URL(request.url).pathname.replace(/\/(?:pi|ts|tm)_[\w-]+/g, '/{id}');
  const operation = `${request.method} ${path}`;
  requests.total++;
  requests.byOperation.set(operation, (requests.byOperation.get(operation) ?? 0) + 1);
  if (requests.total === CONCURRENCY) requests.burstSentAt ??= performance.now();
  try {
    const response = await fetch(input, init);
    requests.firstAnswerAt ??= performance.now();
    requests.byStatus.set(response.status, (requests.byStatus.get(response.status) ?? 0) + 1);
    return response;
  } catch (error) {
    requests.failed++;
    throw error;
  }
};
const dojo = createDojoClient({ apiKey: 'sk_sandbox_bench', softwareHouseId: 'softwareHouse1', baseUrl: ready.url, fetch: countingFetch });

// Warm-up: the client's and the server's code paths and JIT, with reads only (the state check counts every write).
for (let i = 0; i < 50; i++) await dojo.terminals.get(ready.terminals[i % ready.terminals.length]);
requests.total = requests.failed = 0;
requests.burstSentAt = requests.firstAnswerAt = undefined;
requests.byOperation.clear();
requests.byStatus.clear();

// ---- The run ----
const sessions = buildSessions(SESSIONS);
const results = sessions.map(() => ({ start: undefined, end: undefined, outcome: undefined, error: undefined, events: new Map(), signatureAsked: 0 }));

async function runOne(plan, terminalId) {
  const kind = KINDS[plan.kind];
  const record = results[plan.index];
  record.terminalId = terminalId;
  record.start = performance.now();
  try {
    record.outcome = await payAtCounter(dojo, {
      amount: plan.amount,
      reference: plan.reference,
      ...(kind.captureMode && { captureMode: kind.captureMode }),
      terminal: terminalId,
      ...TIMINGS,
      verifySignature: async ({ signal }) => {
        record.signatureAsked++;
        await sleep(CASHIER_MS, undefined, { signal });
        return kind.accept ?? true;
      },
      onProgress: (event) => {
        record.events.set(event.type, (record.events.get(event.type) ?? 0) + 1);
        if (event.type === 'payment-intent-created') record.intentCreatedAt = performance.now();
        if (event.type === 'session-created') record.sessionCreatedAt = performance.now();
        if (event.type === 'signature-answered') record.signatureAnswer = event.accepted;
        if (event.type === 'signature-unanswered') record.signatureUnanswered = event.reason;
        // How much of the signature window was left when the flow first saw the session waiting for an answer.
        if (event.type === 'signature-required') record.signatureWindowLeft = event.deadline.getTime() - Date.now();
      },
    });
  } catch (error) {
    record.error = error;
  }
  record.end = performance.now();
}

const loadBefore = loadavg();
const overflowsBefore = listenOverflows();
const memory = createPeakSampler();
const baselineRss = process.memoryUsage().rss;
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const cpuBefore = process.cpuUsage();

// Terminal i runs sessions i, i + C, i + 2C, … one after another.
const lanes = ready.terminals.map(async (terminalId, lane) => {
  for (let i = lane; i < SESSIONS; i += CONCURRENCY) await runOne(sessions[i], terminalId);
});
const finished = await Promise.race([Promise.all(lanes).then(() => true), sleep(DEADLINE_MS, false, { ref: false })]);
loopDelay.disable();
const driverCpu = process.cpuUsage(cpuBefore);
const requestsInRun = requests.total;
const operationsInRun = new Map(requests.byOperation);
const statusesInRun = new Map(requests.byStatus);
const failedInRun = requests.failed;
const loadAfter = loadavg();
const overflows = overflowsBefore === undefined ? undefined : listenOverflows() - overflowsBefore;

// ---- Outcomes against the scenario table ----
const problems = [];
const lost = [];
const notes = [];
const byKind = new Map(Object.keys(KINDS).map((name) => [name, { expected: 0, got: new Map(), latencies: [] }]));
for (const plan of sessions) {
  const kind = KINDS[plan.kind];
  const record = results[plan.index];
  const row = byKind.get(plan.kind);
  row.expected++;
  const { outcome, error } = record;
  const label = outcome?.outcome ?? (error ? `rejected (${error.name})` : 'no outcome');
  row.got.set(label, (row.got.get(label) ?? 0) + 1);
  if (record.end !== undefined) row.latencies.push(record.end - record.start);
  const say = (what) => `session ${plan.index} (${plan.kind}, ${plan.amount.value}): ${what}`;
  if (!outcome || outcome.outcome === 'unknown' || outcome.outcome !== kind.outcome) {
    const signature = record.signatureUnanswered ? `; signature unanswered (${record.signatureUnanswered}), ${ms(record.signatureWindowLeft)} ms of the window left when seen` : '';
    lost.push(say(`expected ${kind.outcome}, got ${label}${error ? `: ${error.message}` : ''}${outcome?.reason ? ` (${outcome.reason})` : ''}${signature}`));
    continue;
  }
  if (outcome.session?.status !== kind.session) problems.push(say(`final session status ${outcome.session?.status}, expected ${kind.session}`));
  if (outcome.paymentIntent?.status !== kind.intent) problems.push(say(`payment intent ${outcome.paymentIntent?.status}, expected ${kind.intent}`));
  if (outcome.terminalId !== record.terminalId) problems.push(say(`ran on ${outcome.terminalId}, not ${record.terminalId}`));
  if (outcome.amount?.value !== plan.amount.value) problems.push(say(`amount ${outcome.amount?.value}, expected ${plan.amount.value}`));
  const wantAsked = kind.scenario === 'signature' ? 1 : 0;
  if (record.signatureAsked !== wantAsked) problems.push(say(`verifySignature asked ${record.signatureAsked} times, expected ${wantAsked}`));
  if (kind.accept !== undefined && record.signatureAnswer !== kind.accept) {
    // An accepted signature that was not sent still ends right: the terminal accepts by itself at the deadline.
    const what = say(`the cashier's answer (${kind.accept}) was not sent: ${record.signatureUnanswered ?? `sent ${record.signatureAnswer}`}, ${ms(record.signatureWindowLeft)} ms of the window left when seen`);
    (kind.accept ? notes : problems).push(what);
  }
}
const eventTotals = new Map();
for (const record of results) for (const [type, count] of record.events) eventTotals.set(type, (eventTotals.get(type) ?? 0) + count);

// ---- Cross-check with the simulator's own state ----
const listed = await dojo.terminals.list().catch((error) => error);
if (listed instanceof Error) problems.push(`GET /terminals failed after the run: ${listed.message}`);
else {
  const notAvailable = listed.filter((t) => t.status !== 'Available');
  if (listed.length !== CONCURRENCY) problems.push(`GET /terminals lists ${listed.length} terminals, expected ${CONCURRENCY}`);
  if (notAvailable.length > 0) problems.push(`GET /terminals: ${notAvailable.length} terminals not Available: ${notAvailable.slice(0, 5).map((t) => `${t.id} ${t.status}`).join(', ')}`);
}
const report = await askSimulator();
const expectedByIntent = new Map();
for (const plan of sessions) {
  const id = results[plan.index].outcome?.paymentIntent?.id;
  if (id) expectedByIntent.set(id, plan);
}
if (report.paymentIntents.length !== SESSIONS) problems.push(`the simulator holds ${report.paymentIntents.length} payment intents, expected ${SESSIONS}`);
if (report.sessions.length !== SESSIONS) problems.push(`the simulator holds ${report.sessions.length} terminal sessions, expected ${SESSIONS}`);
for (const intent of report.paymentIntents) {
  const plan = expectedByIntent.get(intent.id);
  if (!plan) problems.push(`simulator: payment intent ${intent.id} (${intent.status}) belongs to no finished session`);
  else if (intent.status !== KINDS[plan.kind].intent || intent.value !== plan.amount.value) {
    problems.push(`simulator: payment intent ${intent.id} is ${intent.status} ${intent.value}, expected ${KINDS[plan.kind].intent} ${plan.amount.value}`);
  }
}
const sessionsPerIntent = new Map();
for (const session of report.sessions) {
  sessionsPerIntent.set(session.paymentIntentId, (sessionsPerIntent.get(session.paymentIntentId) ?? 0) + 1);
  const plan = expectedByIntent.get(session.paymentIntentId);
  if (plan && session.status !== KINDS[plan.kind].session) problems.push(`simulator: session ${session.id} is ${session.status}, expected ${KINDS[plan.kind].session}`);
}
for (const [id, count] of sessionsPerIntent) if (count !== 1) problems.push(`simulator: payment intent ${id} has ${count} sessions`);
const busy = report.terminals.filter((t) => t.status !== 'Available');
if (busy.length > 0) problems.push(`simulator: ${busy.length} terminals not Available, e.g. ${busy.slice(0, 5).map((t) => `${t.id} ${t.status}`).join(', ')}`);
for (const line of report.warnings) problems.push(`simulator warning: ${line}`);

// ---- Figures ----
const ends = results.filter((r) => r.end !== undefined);
const firstStart = Math.min(...results.filter((r) => r.start !== undefined).map((r) => r.start));
const wallMs = (finished ? Math.max(...ends.map((r) => r.end)) : performance.now()) - firstStart;
const all = ends.map((r) => r.end - r.start);
const driverMemory = memory.peaks();
memory.stop();

console.log(
  `Node ${process.version}; ${SESSIONS} sessions, ${CONCURRENCY} at a time on ${CONCURRENCY} terminals; time scale ${SCALE}; ` +
    `poll ${TIMINGS.poll.initialDelayMs}–${TIMINGS.poll.maxDelayMs} ms ×${TIMINGS.poll.factor}; cashier ${CASHIER_MS} ms per signature`,
);
console.log(`load average before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' ')}`);
console.log(
  `\n${ends.length} of ${SESSIONS} sessions ended in ${(wallMs / 1000).toFixed(2)} s: ${(ends.length / (wallMs / 1000)).toFixed(1)} sessions/s; ` +
    `latency median ${ms(quantile(all, 0.5))} ms, p95 ${ms(quantile(all, 0.95))} ms, max ${ms(quantile(all, 1))} ms`,
);
console.log(
  `${requestsInRun} requests (${(requestsInRun / (wallMs / 1000)).toFixed(0)}/s, ${(requestsInRun / SESSIONS).toFixed(1)} per session); ` +
    `statuses ${[...statusesInRun].map(([status, n]) => `${status}×${n}`).join(' ')}; ${failedInRun} without an answer` +
    (overflows === undefined ? '' : `; ${overflows} connection attempts dropped by a full listen queue (machine-wide count)`),
);
console.table(Object.fromEntries([...operationsInRun].sort((a, b) => b[1] - a[1]).map(([operation, n]) => [operation, { requests: n }])));
console.table(
  Object.fromEntries(
    [...byKind].map(([name, row]) => {
      const kind = KINDS[name];
      return [
        name,
        {
          amount: kind.scenario === 'approved' ? '…other' : `…${LAST_TWO_DIGITS[kind.scenario][0]}`,
          expected: `${row.expected} ${kind.outcome}`,
          got: [...row.got].map(([label, n]) => `${n} ${label}`).join(', '),
          'timeline ms': ms(kind.timelineMs * SCALE + (kind.scenario === 'signature' ? CASHIER_MS : 0)),
          'median ms': ms(quantile(row.latencies, 0.5)),
          'p95 ms': ms(quantile(row.latencies, 0.95)),
        },
      ];
    }),
  ),
);
const phase = (from, to) => {
  const spans = results.filter((r) => r[from] !== undefined && r[to] !== undefined).map((r) => r[to] - r[from]);
  return `median ${ms(quantile(spans, 0.5))} ms, p95 ${ms(quantile(spans, 0.95))} ms`;
};
if (requests.burstSentAt !== undefined && requests.firstAnswerAt !== undefined) {
  console.log(
    `burst: the ${CONCURRENCY} first requests were handed to fetch within ${ms(requests.burstSentAt - firstStart)} ms; ` +
      `the first answer came ${ms(requests.firstAnswerAt - firstStart)} ms after the start`,
  );
}
console.log(
  `phases: start → payment intent created ${phase('start', 'intentCreatedAt')}; → session created ${phase('intentCreatedAt', 'sessionCreatedAt')}; ` +
    `→ outcome ${phase('sessionCreatedAt', 'end')}`,
);
const windowLeft = results.filter((r) => r.signatureWindowLeft !== undefined).map((r) => r.signatureWindowLeft);
if (windowLeft.length > 0) {
  console.log(
    `signature window left when the flow saw it: median ${ms(quantile(windowLeft, 0.5))} ms, min ${ms(Math.min(...windowLeft))} ms ` +
      `of ${ms(80_000 * SCALE)} ms (the flow needs the cashier's ${ms(CASHIER_MS)} ms plus its ${ms(TIMINGS.signatureSafetyMarginMs)} ms margin)`,
  );
}
console.log(`progress events: ${[...eventTotals].map(([type, n]) => `${type} ${n}`).join(', ')}`);
console.log(
  `driver:    peak RSS ${mb(driverMemory.peakRss)} MB (kernel maxRSS ${mb(driverMemory.maxRss)} MB, at start ${mb(baselineRss)} MB), ` +
    `peak heap ${mb(driverMemory.peakHeapUsed)} MB; CPU ${((driverCpu.user + driverCpu.system) / 1000 / wallMs * 100).toFixed(0)}% of one core; ` +
    `event-loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms; unhandled rejections ${unhandledRejections}`,
);
console.log(
  `simulator: peak RSS ${mb(report.memory.peakRss)} MB (kernel maxRSS ${mb(report.memory.maxRss)} MB, at start ${mb(report.memory.baselineRss)} MB), ` +
    `peak heap ${mb(report.memory.peakHeapUsed)} MB; CPU ${((report.cpu.user + report.cpu.system - ready.cpu.user - ready.cpu.system) / 1000 / wallMs * 100).toFixed(0)}% of one core; ` +
    `unhandled rejections ${report.unhandledRejections}`,
);
console.log(
  `after the run: GET /terminals ${listed instanceof Error ? 'failed' : `${listed.filter((t) => t.status === 'Available').length}/${listed.length} Available`}; ` +
    `simulator state: ${report.paymentIntents.length} payment intents, ${report.sessions.length} sessions, ` +
    `${report.terminals.length - busy.length}/${report.terminals.length} terminals Available`,
);

if (values.json) {
  const at = (time) => (time === undefined ? null : Math.round(time - firstStart));
  const rows = sessions.map((plan) => {
    const r = results[plan.index];
    return { index: plan.index, kind: plan.kind, amount: plan.amount.value, terminalId: r.terminalId, start: at(r.start), intentCreated: at(r.intentCreatedAt), sessionCreated: at(r.sessionCreatedAt), end: at(r.end), outcome: r.outcome?.outcome ?? null, error: r.error?.message ?? null };
  });
  writeFileSync(values.json, JSON.stringify({ sessions: SESSIONS, concurrency: CONCURRENCY, timeScale: SCALE, wallMs, rows }, null, 1));
}
if (!finished) problems.unshift(`gave up after ${DEADLINE_MS / 1000} s with ${SESSIONS - ends.length} sessions unfinished`);
const failures = [...lost, ...problems];
if (unhandledRejections + report.unhandledRejections > 0) failures.push(`${unhandledRejections + report.unhandledRejections} unhandled rejections`);
if (failures.length === 0) console.log('\nOK: every session ended as the scenario table predicts; none lost, no unhandled rejection');
else {
  console.log(`\nFAILED: ${lost.length} lost, ${failures.length - lost.length} other problems`);
  for (const line of failures.slice(0, 30)) console.log(`  ${line}`);
  if (failures.length > 30) console.log(`  … and ${failures.length - 30} more`);
}
if (notes.length > 0) {
  console.log(`\nNotes (right outcome, but not as the cashier meant): ${notes.length}`);
  for (const line of notes.slice(0, 10)) console.log(`  ${line}`);
}
process.exitCode = failures.length === 0 ? 0 : 1;
simulator.disconnect();
if (finished) await once(simulator, 'exit');
else process.exit(); // the unfinished flows' timers would keep the driver alive
