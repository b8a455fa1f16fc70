import { OPERATIONS } from '@dojo-terminals/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatorTestHelperError, startSimulator, type Simulator } from './index.js';
import { TEST_HELPER_ROUTES } from './test-helpers.js';
import { client, HEADERS, isFinal, pollSession } from './test-support.js';

let sim: Simulator;
let plain: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ terminals: 3, timeScale: 0.01, testMode: true });
  plain = await startSimulator({ terminals: 1 });
});
afterAll(async () => {
  await sim?.stop();
  await plain?.stop();
});

const GBP = (value: number) => ({ value, currencyCode: 'GBP' });

async function post(base: Simulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${base.url}${path}`, {
    method,
    headers: { ...HEADERS, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as Record<string, any> };
}

/** A sale of `value` on a free terminal, in step mode so that nothing moves until the test says so. */
async function steppedSale(value: number, captureMode: 'Auto' | 'Manual' = 'Auto') {
  const dojo = client(sim.url);
  const intent = await dojo.paymentIntents.create({ amount: GBP(value), reference: `Helpers ${value}`, captureMode });
  const [terminal] = await dojo.terminals.list({ statuses: ['Available'] });
  sim.testHelpers.setTerminalCustomer(terminal!.id, { step: true });
  const session = await dojo.terminalSessions.create({ terminalId: terminal!.id, details: { sessionType: 'Sale', sale: { paymentIntentId: intent.id } } });
  sim.testHelpers.setTerminalCustomer(terminal!.id, null);
  return { dojo, intent, session, terminalId: terminal!.id };
}

/** Advances until the session ends; returns each step's (status, last prompt). */
function runOut(id: string): string[] {
  const seen: string[] = [];
  for (let i = 0; i < 10; i++) {
    const s = sim.testHelpers.advanceSession(id);
    seen.push(`${s.status} ${s.notificationEvents.at(-1)?.notificationType ?? '-'}`);
    if (isFinal(s)) return seen;
  }
  throw new Error(`session ${id} did not end: ${seen.join(', ')}`);
}

describe('test helpers', () => {
  it('presents the card the test chose, PIN entered, one prompt per step', async () => {
    const { dojo, intent, session } = await steppedSale(1014); // …14 would be the offline scenario: the script wins
    sim.testHelpers.setSessionCustomer(session.id, { action: 'presentCard', card: { brand: 'MASTERCARD', last4: '4444', funding: 'Credit' }, pin: true });
    expect((await dojo.terminalSessions.get(session.id)).status).toBe('InitiateRequested'); // step mode: nothing moves by itself
    expect(runOut(session.id)).toEqual(['Initiated PresentCard', 'Initiated EnterPin', 'Initiated PleaseWait', 'Captured Approved']);
    const paid = await dojo.paymentIntents.get(intent.id);
    expect(paid.status).toBe('Captured');
    expect(paid.paymentDetails?.card).toMatchObject({ cardType: 'MASTERCARD', last4PAN: '4444', cardFundingType: 'Credit', verificationMethod: 'Pin' });
  });

  it('takes a card without a PIN: no EnterPin prompt, no cardholder verification', async () => {
    const { dojo, session } = await steppedSale(1000);
    sim.testHelpers.setSessionCustomer(session.id, { action: 'presentCard', pin: false });
    expect(runOut(session.id)).toEqual(['Initiated PresentCard', 'Initiated PleaseWait', 'Captured Approved']);
    expect((await dojo.terminalSessions.get(session.id)).paymentDetails?.card?.verificationMethod).toBe('None');
  });

  it('declines with the reason given; the payment intent stays Created', async () => {
    const { dojo, intent, session } = await steppedSale(1000);
    sim.testHelpers.setSessionCustomer(session.id, { action: 'presentCard', decline: 'INSUFFICIENT FUNDS' });
    expect(runOut(session.id).at(-1)).toBe('Declined Declined');
    expect((await dojo.terminalSessions.get(session.id)).paymentDetails?.message).toBe('INSUFFICIENT FUNDS');
    expect((await dojo.paymentIntents.get(intent.id)).status).toBe('Created');
  });

  it('asks for a signature on an ordinary amount, and the POS answers it', async () => {
    const { dojo, intent, session } = await steppedSale(1000, 'Manual');
    sim.testHelpers.setSessionCustomer(session.id, { action: 'presentCard', signature: true });
    const steps = [1, 2, 3, 4].map(() => sim.testHelpers.advanceSession(session.id).status);
    expect(steps).toEqual(['Initiated', 'Initiated', 'Initiated', 'SignatureVerificationRequired']);
    await dojo.terminalSessions.answerSignature(session.id, { accepted: true });
    expect(runOut(session.id)).toEqual(['Authorized Approved']);
    expect((await dojo.paymentIntents.get(intent.id)).paymentDetails?.card?.verificationMethod).toBe('Signature');
  });

  it('walks away: PresentCard, then Expired, and the terminal is free again', async () => {
    const { dojo, session, terminalId } = await steppedSale(1000);
    sim.testHelpers.setSessionCustomer(session.id, { action: 'walkAway' });
    expect(runOut(session.id)).toEqual(['Initiated PresentCard', 'Expired PresentCard']);
    expect((await dojo.terminals.get(terminalId)).status).toBe('Available');
  });

  it('takes the terminal offline mid-session: Offline while the card is awaited, then Expired', async () => {
    const { dojo, session, terminalId } = await steppedSale(1000);
    sim.testHelpers.setSessionCustomer(session.id, { action: 'terminalOffline' });
    sim.testHelpers.advanceSession(session.id);
    expect(sim.testHelpers.advanceSession(session.id).status).toBe('Initiated');
    expect((await dojo.terminals.get(terminalId)).status).toBe('Offline');
    expect(sim.testHelpers.advanceSession(session.id).status).toBe('Expired');
    expect((await dojo.terminals.get(terminalId)).status).toBe('Available');
  });

  it('runs a scripted session at its own pace outside step mode, with the amount scenarios as the default', async () => {
    const dojo = client(sim.url);
    const [terminal] = await dojo.terminals.list({ statuses: ['Available'] });
    sim.testHelpers.setTerminalCustomer(terminal!.id, { action: 'presentCard', decline: 'DO NOT HONOUR' });
    const intent = await dojo.paymentIntents.create({ amount: GBP(1000), reference: 'Terminal default' });
    const session = await dojo.terminalSessions.create({ terminalId: terminal!.id, details: { sessionType: 'Sale', sale: { paymentIntentId: intent.id } } });
    const done = await pollSession(dojo, session.id, isFinal);
    expect([done.status, done.paymentDetails?.message]).toEqual(['Declined', 'DO NOT HONOUR']);
    sim.testHelpers.setTerminalCustomer(terminal!.id, null);
    const again = await dojo.terminalSessions.create({ terminalId: terminal!.id, details: { sessionType: 'Sale', sale: { paymentIntentId: intent.id } } });
    expect((await pollSession(dojo, again.id, isFinal)).status).toBe('Captured');
  });

  it('refuses to script a session once the card is presented, and a bad script, naming the field', async () => {
    const { session } = await steppedSale(1000);
    expect(() => sim.testHelpers.setSessionCustomer(session.id, { action: 'presentCard', card: { last4: '12' } })).toThrow(/last4|four digits/);
    sim.testHelpers.advanceSession(session.id);
    sim.testHelpers.advanceSession(session.id); // card presented
    const late = (() => {
      try {
        sim.testHelpers.setSessionCustomer(session.id, { action: 'walkAway' });
      } catch (error) {
        return error;
      }
    })();
    expect(late).toBeInstanceOf(SimulatorTestHelperError);
    expect(late).toMatchObject({ status: 409 });
    expect(() => sim.testHelpers.advanceSession('ts_sandbox_000000000000000000000000')).toThrow(SimulatorTestHelperError);
  });

  it('answers the same helpers over HTTP in test mode', async () => {
    const dojo = client(sim.url);
    const [terminal] = await dojo.terminals.list({ statuses: ['Available'] });
    expect((await post(sim, 'PUT', `/test-helpers/terminals/${terminal!.id}/customer`, { step: true })).status).toBe(204);
    const intent = await dojo.paymentIntents.create({ amount: GBP(1000), reference: 'Over HTTP' });
    const session = await dojo.terminalSessions.create({ terminalId: terminal!.id, details: { sessionType: 'Sale', sale: { paymentIntentId: intent.id } } });
    expect((await post(sim, 'DELETE', `/test-helpers/terminals/${terminal!.id}/customer`)).status).toBe(204);
    const scripted = await post(sim, 'POST', `/test-helpers/terminal-sessions/${session.id}/customer`, { action: 'presentCard', card: { brand: 'AMEX' } });
    expect([scripted.status, scripted.body['id']]).toEqual([200, session.id]);
    const bad = await post(sim, 'POST', `/test-helpers/terminal-sessions/${session.id}/customer`, { action: 'dance' });
    expect([bad.status, Object.keys(bad.body['errors'])]).toEqual([400, ['action']]);
    let last = '';
    for (let i = 0; i < 4; i++) last = (await post(sim, 'POST', `/test-helpers/terminal-sessions/${session.id}/advance`)).body['status'];
    expect(last).toBe('Captured');
    expect((await dojo.paymentIntents.get(intent.id)).paymentDetails?.card?.cardType).toBe('AMEX');
  });

  it('refuses the HTTP helpers unless the simulator runs in test mode', async () => {
    const [terminal] = plain.terminals();
    const answer = await post(plain, 'PUT', `/test-helpers/terminals/${terminal!.id}/customer`, { action: 'walkAway' });
    expect([answer.status, answer.body['code']]).toEqual([403, 'TEST_MODE_OFF']);
    expect(plain.snapshot().terminalCustomers).toBeUndefined();
  });

  it('keeps the helper routes out of the spec\'s operations', () => {
    const paths = Object.values(OPERATIONS).map((o) => o.path);
    for (const route of TEST_HELPER_ROUTES) expect(paths).not.toContain(route.path);
    expect(TEST_HELPER_ROUTES.every((r) => r.path.startsWith('/test-helpers/'))).toBe(true);
  });
});
