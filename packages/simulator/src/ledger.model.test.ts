import { OPERATIONS } from '@dojo-terminals/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomerScript } from './customer.js';
import { SimulatorTestHelperError } from './errors.js';
import { ledgerViolations } from './invariants.js';
import { createSimulatorCore, type SimulatorCore, type SimulatorOptions } from './start-simulator.js';
import type { SimulatorState } from './state.js';
import { HEADERS } from './test-support.js';

// Model-based test of the ledger: fast-check draws random interleavings of every operation of the API, terminal
// sessions moving on a fake clock, webhooks queued for a subscription to every event, and restarts from
// snapshot(); after each step the invariants of invariants.ts must hold and no answer may be a 5xx.
// The simulator runs in-process (fastify's inject, manual clock), so thousands of runs take seconds.

interface Model {
  intents: string[];
  sessions: string[];
  refunds: string[];
  terminals: string[];
}

interface Real {
  core: SimulatorCore;
  clock: { now: number };
  /** Terminals put InUse by hand: not a violation of "InUse only while a session runs". */
  manualInUse: Set<string>;
  log: string[];
}

const OPTIONS: SimulatorOptions = {
  terminals: 2,
  webhooks: [{ url: 'http://127.0.0.1:9/webhooks', secrets: ['whsec_model'] }],
};

function start(clock: { now: number }, state?: SimulatorState): SimulatorCore {
  const options = state === undefined ? OPTIONS : { webhooks: OPTIONS.webhooks!, state };
  return createSimulatorCore(options, { clock: () => clock.now, manual: true });
}

// Which operations of the spec the runs sent, so that an operation added to the spec fails this test until a command sends it.
const ROUTE_PATTERNS = Object.entries(OPERATIONS).map(([id, { method, path }]) => ({ id, method, pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`) }));
const exercised = new Set<string>();

async function send(real: Real, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const path = url.split('?')[0]!;
  // Static segments win over parameters, as in the router (`/payment-intents/search` is not a payment intent id).
  const matches = ROUTE_PATTERNS.filter((r) => r.method === method && r.pattern.test(path));
  const operation = matches.find((r) => !r.pattern.source.includes('[^/]+')) ?? matches[0];
  if (operation !== undefined) exercised.add(operation.id);
  const response = await real.core.app.inject({
    method: method as 'GET',
    url,
    headers: { ...HEADERS, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  real.log.push(`${method} ${url} ${body === undefined ? '' : JSON.stringify(body)} → ${response.statusCode}`);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(500);
  return { status: response.statusCode, body: (response.body === '' ? undefined : JSON.parse(response.body)) as Record<string, any> };
}

const pick = (list: readonly string[], index: number, missing: string) => (list.length === 0 ? missing : list[index % list.length]!);
const MISSING_PI = 'pi_sandbox_AAAAAAAAAAAAAAAAAAAAAA';
const MISSING_TS = 'ts_sandbox_000000000000000000000000';
const GBP = (value: number) => ({ value, currencyCode: 'GBP' });

type Act = (model: Model, real: Real) => Promise<void>;

/** A test helper's call: refusing (an unknown id, a session past its card) is fine, anything else is not. */
function helper(real: Real, call: () => unknown): void {
  try {
    call();
    real.log.push('helper → ok');
  } catch (error) {
    if (!(error instanceof SimulatorTestHelperError)) throw error;
    real.log.push(`helper → ${error.status} ${error.message}`);
  }
}

const script: fc.Arbitrary<CustomerScript> = fc.oneof(
  fc.record(
    { action: fc.constant('presentCard' as const), pin: fc.boolean(), signature: fc.boolean(), decline: fc.constantFrom('DECLINED', 'INSUFFICIENT FUNDS'), step: fc.boolean() },
    { requiredKeys: ['action'] },
  ),
  fc.record({ action: fc.constantFrom('walkAway' as const, 'terminalOffline' as const), step: fc.boolean() }, { requiredKeys: ['action'] }),
  fc.record({ step: fc.boolean() }),
);

class Step implements fc.AsyncCommand<Model, Real> {
  constructor(
    private readonly label: string,
    private readonly act: Act,
  ) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    await this.act(model, real);
    const violations = ledgerViolations(real.core.api.snapshot(), real.manualInUse);
    expect(violations, real.log.join('\n')).toEqual([]);
  }
  toString(): string {
    return this.label;
  }
}

const index = fc.nat({ max: 50 });
// Scenario amounts (…11 declined, …12 signature, …13 slow, …14 offline, …15 no card) and ordinary ones.
const amount = fc.oneof(fc.constantFrom(1000, 1011, 1012, 1013, 1014, 1015, 2500), fc.integer({ min: 1, max: 5000 }));
const small = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3000 }), fc.constant(-1));

const commands = [
  fc
    .record({
      value: amount,
      manual: fc.boolean(),
      saved: fc.boolean(),
      tips: fc.boolean(),
      custom: fc.boolean(),
      extras: fc.option(fc.record({ serviceChargeAmount: fc.integer({ min: 0, max: 500 }), cashbackAmount: fc.integer({ min: 0, max: 500 }) }), { nil: undefined }),
      // Dojo's published spelling and ours; 00:00:31 to 00:05:00 so that a wait lets it fall due.
      expiry: fc.option(fc.record({ action: fc.constantFrom('Capture', 'Release'), after: fc.constantFrom('00:00:31', '00:01:00', '00:05:00'), pascal: fc.boolean() }), { nil: undefined }),
    })
    .map(({ value, manual, saved, tips, custom, extras, expiry }) =>
      new Step(`createIntent(${value}, ${manual ? 'Manual' : 'Auto'}${saved ? ', saved card' : ''}${extras ? `, ${JSON.stringify(extras)}` : ''}${expiry ? `, ${JSON.stringify(expiry)}` : ''})`, async (m, r) => {
        const { status, body } = await send(r, 'POST', '/payment-intents', {
          amount: GBP(value),
          reference: 'Model',
          captureMode: manual ? 'Manual' : 'Auto',
          ...(saved ? { setupIntentId: 'seti_sandbox_model' } : {}),
          config: { payment: { tipsAllowed: tips, customAmountAllowed: custom } },
          ...(extras === undefined ? {} : { serviceChargeAmount: GBP(extras.serviceChargeAmount), cashbackAmount: GBP(extras.cashbackAmount) }),
          ...(expiry === undefined ? {} : expiry.pascal ? { AutoExpireAction: expiry.action, AutoExpireIn: expiry.after } : { autoExpireAction: expiry.action, autoExpireIn: expiry.after }),
        });
        if (status === 200) m.intents.push(body['id']);
      }),
    ),
  fc.record({ i: index, t: index }).map(({ i, t }) =>
    new Step(`sale(intent ${i}, terminal ${t})`, async (m, r) => {
      const { status, body } = await send(r, 'POST', '/terminal-sessions', {
        terminalId: pick(m.terminals, t, 'tm_sandbox_000000000000000000000000'),
        details: { sessionType: 'Sale', sale: { paymentIntentId: pick(m.intents, i, MISSING_PI) } },
      });
      if (status === 200) m.sessions.push(body['id']);
    }),
  ),
  fc.record({ i: index, t: index, value: fc.option(small, { nil: undefined }) }).map(({ i, t, value }) =>
    new Step(`matchedRefund(intent ${i}, terminal ${t}, ${value})`, async (m, r) => {
      const { status, body } = await send(r, 'POST', '/terminal-sessions', {
        terminalId: pick(m.terminals, t, 'tm_sandbox_000000000000000000000000'),
        details: { sessionType: 'MatchedRefund', matchedRefund: { paymentIntentId: pick(m.intents, i, MISSING_PI), ...(value === undefined ? {} : { amount: GBP(value) }) } },
      });
      if (status === 200) m.sessions.push(body['id']);
    }),
  ),
  fc.record({ t: index, value: amount }).map(({ t, value }) =>
    new Step(`unlinkedRefund(terminal ${t}, ${value})`, async (m, r) => {
      const { status, body } = await send(r, 'POST', '/terminal-sessions', {
        terminalId: pick(m.terminals, t, 'tm_sandbox_000000000000000000000000'),
        details: { sessionType: 'UnlinkedRefund', unlinkedRefund: { amount: GBP(value) } },
      });
      if (status === 200) m.sessions.push(body['id']);
    }),
  ),
  index.map((s) => new Step(`cancelSession(${s})`, async (m, r) => void (await send(r, 'PUT', `/terminal-sessions/${pick(m.sessions, s, MISSING_TS)}/cancel`)))),
  fc.record({ s: index, accepted: fc.boolean() }).map(({ s, accepted }) =>
    new Step(`answerSignature(${s}, ${accepted})`, async (m, r) => void (await send(r, 'PUT', `/terminal-sessions/${pick(m.sessions, s, MISSING_TS)}/signature`, { accepted }))),
  ),
  index.map((s) => new Step(`getSession(${s})`, async (m, r) => void (await send(r, 'GET', `/terminal-sessions/${pick(m.sessions, s, MISSING_TS)}`)))),
  index.map((t) => new Step(`getTerminal(${t})`, async (m, r) => void (await send(r, 'GET', `/terminals/${pick(m.terminals, t, 'tm_sandbox_000000000000000000000000')}`)))),
  fc.constantFrom('', '?statuses=Available', '?statuses=InUse,Offline').map((q) => new Step(`listTerminals(${q})`, async (_m, r) => void (await send(r, 'GET', `/terminals${q}`)))),
  index.map((i) => new Step(`charge(${i})`, async (m, r) => void (await send(r, 'POST', `/payment-intents/${pick(m.intents, i, MISSING_PI)}/charge`)))),
  fc.record({ i: index, value: small, tips: fc.option(small, { nil: undefined }) }).map(({ i, value, tips }) =>
    new Step(`capture(${i}, ${value}, tips ${tips})`, async (m, r) =>
      void (await send(r, 'POST', `/payment-intents/${pick(m.intents, i, MISSING_PI)}/captures`, { amount: value, ...(tips === undefined ? {} : { tipsAmount: tips }) })),
    ),
  ),
  fc.record({ i: index, value: small, key: fc.constantFrom('a', 'b', 'c') }).map(({ i, value, key }) =>
    new Step(`refund(${i}, ${value}, key ${key})`, async (m, r) => {
      const { status, body } = await send(r, 'POST', `/payment-intents/${pick(m.intents, i, MISSING_PI)}/refunds`, { amount: value }, { IdempotencyKey: key });
      if (status === 200) m.refunds.push(body['refundId']);
    }),
  ),
  index.map((i) => new Step(`getRefund(${i})`, async (m, r) => void (await send(r, 'GET', `/payment-intents/refunds/${pick(m.refunds, i, 'rfnd_sandbox_AAAAAAAAAAAAAAAAAAAAAA')}`)))),
  index.map((i) => new Step(`reverse(${i})`, async (m, r) => void (await send(r, 'POST', `/payment-intents/${pick(m.intents, i, MISSING_PI)}/reversal`)))),
  index.map((i) => new Step(`cancelIntent(${i})`, async (m, r) => void (await send(r, 'DELETE', `/payment-intents/${pick(m.intents, i, MISSING_PI)}`)))),
  index.map((i) => new Step(`getIntent(${i})`, async (m, r) => void (await send(r, 'GET', `/payment-intents/${pick(m.intents, i, MISSING_PI)}?returnCanceled=true`)))),
  index.map((i) => new Step(`refreshSecret(${i})`, async (m, r) => void (await send(r, 'POST', `/payment-intents/${pick(m.intents, i, MISSING_PI)}/refresh-client-session-secret`)))),
  fc.record({ i: index, value: small }).map(({ i, value }) =>
    new Step(`setTips(${i}, ${value})`, async (m, r) => void (await send(r, 'POST', `/payment-intents/${pick(m.intents, i, MISSING_PI)}/tips-amount`, { tipsAmount: GBP(value) }))),
  ),
  fc.record({ i: index, value: amount }).map(({ i, value }) =>
    new Step(`setAmount(${i}, ${value})`, async (m, r) => void (await send(r, 'POST', `/payment-intents/${pick(m.intents, i, MISSING_PI)}/amount`, { amount: GBP(value) }))),
  ),
  index.map((i) => new Step(`sendReceipt(${i})`, async (m, r) => void (await send(r, 'POST', `/payment-intents/${pick(m.intents, i, MISSING_PI)}/receipt`, { emails: ['a@example.com'] })))),
  fc.constantFrom<unknown>(undefined, ['Captured'], ['Created', 'Refunded'], 5, 'Captured', [null]).map((statuses) =>
    new Step(`search(${JSON.stringify(statuses)})`, async (_m, r) => void (await send(r, 'POST', '/payment-intents/search', statuses === undefined ? {} : { statuses }))),
  ),
  fc.record({ s: index, script: script }).map(({ s, script }) =>
    new Step(`setSessionCustomer(${s}, ${JSON.stringify(script)})`, async (m, r) => helper(r, () => r.core.api.testHelpers.setSessionCustomer(pick(m.sessions, s, MISSING_TS), script))),
  ),
  fc.record({ t: index, script: fc.option(script, { nil: null }) }).map(({ t, script }) =>
    new Step(`setTerminalCustomer(${t}, ${JSON.stringify(script)})`, async (m, r) => helper(r, () => r.core.api.testHelpers.setTerminalCustomer(pick(m.terminals, t, 'tm_sandbox_000000000000000000000000'), script))),
  ),
  index.map((s) => new Step(`advanceSession(${s})`, async (m, r) => helper(r, () => r.core.api.testHelpers.advanceSession(pick(m.sessions, s, MISSING_TS))))),
  fc.constantFrom(300, 1_000, 3_000, 10_000, 70_000, 100_000).map((ms) =>
    new Step(`wait(${ms} ms)`, async (_m, r) => {
      r.clock.now += ms;
      r.core.tick();
    }),
  ),
  fc.constant(
    new Step('restart from snapshot()', async (_m, r) => {
      const state = JSON.parse(JSON.stringify(r.core.api.snapshot())) as SimulatorState;
      await r.core.close();
      r.core = start(r.clock, state);
    }),
  ),
];

describe('the ledger under random interleavings', () => {
  it('keeps every invariant over thousands of runs of every operation, sessions, webhooks and restarts', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (steps) => {
        runs++;
        const clock = { now: Date.parse('2026-03-02T09:00:00Z') };
        const core = start(clock);
        const real: Real = { core, clock, manualInUse: new Set(), log: [] };
        const model: Model = { intents: [], sessions: [], refunds: [], terminals: core.api.terminals().map((t) => t.id) };
        try {
          await fc.asyncModelRun(() => ({ model, real }), steps);
          // Let every timeline run out: the ledger must still hold once nothing is in progress.
          clock.now += 10 * 60_000;
          real.core.tick();
          expect(ledgerViolations(real.core.api.snapshot(), real.manualInUse), real.log.join('\n')).toEqual([]);
        } finally {
          await real.core.close();
        }
      }),
      { numRuns: 1500 },
    );
    expect(runs).toBeGreaterThanOrEqual(1500);
    expect([...exercised].sort()).toEqual(Object.keys(OPERATIONS).sort());
  }, 180_000); // about 15 s alone; more while the rest of the suite shares the 2 cores
});
