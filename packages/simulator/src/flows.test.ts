import { DojoConflictError, DojoNotFoundError, DojoValidationError, type TerminalSession } from '@dojo-terminals/client';
import { describe, expect, it } from 'vitest';
import { isFinal, pollSession, simulatorBehindProxy } from './test-support.js';

// Every exchange goes through Prism's validating proxy: a response of the simulator that breaks the spec
// becomes a violation, and afterEach fails the test that caused it.
// 80 s of signature window become 2 s: time enough for a POS's answer through the proxy on a busy machine.
const TIME_SCALE = 0.025;
const checked = simulatorBehindProxy({ timeScale: TIME_SCALE, terminals: 6 });

const GBP = (value: number) => ({ value, currencyCode: 'GBP' });

async function availableTerminal(): Promise<string> {
  const [terminal] = await checked.dojo.terminals.list({ statuses: ['Available'] });
  if (terminal === undefined) throw new Error('no Available terminal left');
  return terminal.id;
}

async function sale(value: number, captureMode: 'Auto' | 'Manual' = 'Auto') {
  const intent = await checked.dojo.paymentIntents.create({ amount: GBP(value), reference: `Order ${value}`, captureMode });
  const terminalId = await availableTerminal();
  const session = await checked.dojo.terminalSessions.create({ terminalId, details: { sessionType: 'Sale', sale: { paymentIntentId: intent.id } } });
  return { intent, session, terminalId };
}

const statuses = (session: TerminalSession) => session.statusEvents.map((e) => e.status);
const notifications = (session: TerminalSession) => session.notificationEvents.map((e) => e.notificationType);

describe('sales', () => {
  it('takes an auto-capture sale from InitiateRequested to Captured and frees the terminal', async () => {
    const { intent, session, terminalId } = await sale(1000);
    expect(session.status).toBe('InitiateRequested');
    const done = await pollSession(checked.dojo, session.id, isFinal);
    expect(done.status).toBe('Captured');
    expect(statuses(done)).toEqual(['InitiateRequested', 'Initiated', 'Captured']);
    expect(notifications(done)).toEqual(['PresentCard', 'EnterPin', 'PleaseWait', 'Approved']);
    expect(done.paymentDetails?.authCode).toMatch(/^\d{6}$/);
    expect(done.customerReceipt?.lines.length).toBeGreaterThan(0);
    expect(Date.parse(done.expireAt)).toBeGreaterThan(Date.parse(session.expireAt));
    const paid = await checked.dojo.paymentIntents.get(intent.id);
    expect(paid.status).toBe('Captured');
    expect(paid.terminalSessionHistory?.[0]?.terminalSession?.id).toBe(session.id);
    expect((await checked.dojo.terminals.get(terminalId)).status).toBe('Available');
  });

  it('pre-authorises a Manual sale, then captures it; a second capture is a 409', async () => {
    const { intent, session } = await sale(2500, 'Manual');
    expect((await pollSession(checked.dojo, session.id, isFinal)).status).toBe('Authorized');
    expect((await checked.dojo.paymentIntents.get(intent.id)).status).toBe('Authorized');
    const capture = await checked.dojo.paymentIntents.capture(intent.id, { amount: 2500 });
    expect(capture.captureId).toMatch(/^cp_sandbox_/);
    const captured = await checked.dojo.paymentIntents.get(intent.id);
    expect(captured.status).toBe('Captured');
    expect(captured.captures?.map((c) => c.amount)).toEqual([2500]);
    await expect(checked.dojo.paymentIntents.capture(intent.id, { amount: 1 })).rejects.toBeInstanceOf(DojoConflictError);
  });

  it('declines an amount ending in 11 and leaves the payment intent Created', async () => {
    const { intent, session } = await sale(1011);
    const done = await pollSession(checked.dojo, session.id, isFinal);
    expect(done.status).toBe('Declined');
    expect(notifications(done)).toContain('Declined');
    expect((await checked.dojo.paymentIntents.get(intent.id)).status).toBe('Created');
  });

  it('asks for a signature (amount ending in 12); accepted, the sale is captured', async () => {
    const { intent, session } = await sale(1012);
    const asking = await pollSession(checked.dojo, session.id, (s) => s.status === 'SignatureVerificationRequired');
    expect(Date.parse(asking.expireAt) - Date.parse(asking.updatedAt)).toBe(80_000 * TIME_SCALE);
    const answered = await checked.dojo.terminalSessions.answerSignature(session.id, { accepted: true });
    expect(answered.status).toBe('SignatureVerificationAccepted');
    const done = await pollSession(checked.dojo, session.id, isFinal);
    expect(statuses(done)).toEqual(['InitiateRequested', 'Initiated', 'SignatureVerificationRequired', 'SignatureVerificationAccepted', 'Captured']);
    expect(done.paymentDetails?.card?.verificationMethod).toBe('Signature');
    expect((await checked.dojo.paymentIntents.get(intent.id)).status).toBe('Captured');
  });

  it('reverses the payment when the signature is rejected', async () => {
    const { intent, session } = await sale(2012);
    await pollSession(checked.dojo, session.id, (s) => s.status === 'SignatureVerificationRequired');
    const answered = await checked.dojo.terminalSessions.answerSignature(session.id, { accepted: false });
    expect(answered.status).toBe('SignatureVerificationRejected');
    expect((await checked.dojo.paymentIntents.get(intent.id)).status).toBe('Reversed');
    await expect(checked.dojo.terminalSessions.answerSignature(session.id, { accepted: true })).rejects.toBeInstanceOf(DojoValidationError);
  });

  it('accepts the signature by itself at the deadline when the POS does not answer', async () => {
    const { session } = await sale(3012);
    const asking = await pollSession(checked.dojo, session.id, (s) => s.status === 'SignatureVerificationRequired');
    const done = await pollSession(checked.dojo, session.id, isFinal);
    expect(done.status).toBe('Captured');
    const accepted = done.statusEvents.find((e) => e.status === 'SignatureVerificationAccepted');
    expect(accepted?.createdAt).toBe(asking.expireAt);
  });

  it('answers a signature outside SignatureVerificationRequired with 422', async () => {
    const { session } = await sale(1015);
    await expect(checked.dojo.terminalSessions.answerSignature(session.id, { accepted: true })).rejects.toMatchObject({ status: 422 });
    await checked.dojo.terminalSessions.cancel(session.id);
  });
});

describe('cancel and expiry', () => {
  it('cancels before the card is presented: CancelRequested, then Canceled, terminal free again', async () => {
    const { intent, session, terminalId } = await sale(1015);
    await pollSession(checked.dojo, session.id, (s) => s.status === 'Initiated');
    const requested = await checked.dojo.terminalSessions.cancel(session.id);
    expect(requested.status).toBe('CancelRequested');
    const done = await pollSession(checked.dojo, session.id, isFinal);
    expect(done.status).toBe('Canceled');
    expect((await checked.dojo.terminals.get(terminalId)).status).toBe('Available');
    expect((await checked.dojo.paymentIntents.get(intent.id)).status).toBe('Created');
  });

  it('refuses to cancel once the card is presented (422 → DojoValidationError) and the sale runs to its end', async () => {
    const { session } = await sale(4012);
    await pollSession(checked.dojo, session.id, (s) => s.status === 'SignatureVerificationRequired');
    const error = await checked.dojo.terminalSessions.cancel(session.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DojoValidationError);
    expect(error).toMatchObject({ status: 422, code: 'CARD_PRESENTED' });
    await checked.dojo.terminalSessions.answerSignature(session.id, { accepted: true });
    expect((await pollSession(checked.dojo, session.id, isFinal)).status).toBe('Captured');
  });

  it('expires a session whose customer never presents a card (amount ending in 15)', async () => {
    const { session } = await sale(5015);
    const done = await pollSession(checked.dojo, session.id, isFinal);
    expect(done.status).toBe('Expired');
    expect(notifications(done)).toEqual(['PresentCard']);
  });

  it('expires a session whose terminal goes offline (amount ending in 14), showing the terminal Offline meanwhile', async () => {
    const { session, terminalId } = await sale(1014);
    await pollSession(checked.dojo, session.id, () => checked.sim.terminals().find((t) => t.id === terminalId)?.status === 'Offline');
    expect((await checked.dojo.terminals.list({ statuses: ['Offline'] })).map((t) => t.id)).toContain(terminalId);
    const done = await pollSession(checked.dojo, session.id, isFinal);
    expect(statuses(done)).toEqual(['InitiateRequested', 'Expired']);
    expect((await checked.dojo.terminals.get(terminalId)).status).toBe('Available');
  });

  it('shows a terminal InUse during a session and refuses a second session on it', async () => {
    const { session, terminalId } = await sale(6015);
    expect((await checked.dojo.terminals.get(terminalId)).status).toBe('InUse');
    expect((await checked.dojo.terminals.list({ statuses: ['InUse'] })).map((t) => t.id)).toContain(terminalId);
    const other = await checked.dojo.paymentIntents.create({ amount: GBP(700), reference: 'Second' });
    const error = await checked.dojo.terminalSessions
      .create({ terminalId, details: { sessionType: 'Sale', sale: { paymentIntentId: other.id } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DojoValidationError);
    expect(error).toMatchObject({ status: 400, code: 'TERMINAL_UNAVAILABLE' });
    await checked.dojo.terminalSessions.cancel(session.id);
  });
});

describe('terminals', () => {
  it('refuses a session on an Offline terminal, and lists terminals by status', async () => {
    const terminalId = await availableTerminal();
    checked.sim.setTerminalStatus(terminalId, 'Offline');
    try {
      expect((await checked.dojo.terminals.list({ statuses: ['Offline'] })).map((t) => t.id)).toEqual([terminalId]);
      expect((await checked.dojo.terminals.list({ statuses: ['Available'] })).map((t) => t.id)).not.toContain(terminalId);
      const intent = await checked.dojo.paymentIntents.create({ amount: GBP(1000), reference: 'Offline' });
      const error = await checked.dojo.terminalSessions
        .create({ terminalId, details: { sessionType: 'Sale', sale: { paymentIntentId: intent.id } } })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ status: 400, code: 'TERMINAL_UNAVAILABLE' });
    } finally {
      checked.sim.setTerminalStatus(terminalId, 'Available');
    }
  });
});

describe('not found and conflicts', () => {
  it('answers 404 for unknown terminals, sessions and payment intents', async () => {
    await expect(checked.dojo.terminals.get('tm_sandbox_000000000000000000000000')).rejects.toBeInstanceOf(DojoNotFoundError);
    await expect(checked.dojo.terminalSessions.get('ts_sandbox_000000000000000000000000')).rejects.toBeInstanceOf(DojoNotFoundError);
    await expect(checked.dojo.paymentIntents.get('pi_sandbox_AAAAAAAAAAAAAAAAAAAAAA')).rejects.toBeInstanceOf(DojoNotFoundError);
    const terminalId = await availableTerminal();
    const error = await checked.dojo.terminalSessions
      .create({ terminalId, details: { sessionType: 'Sale', sale: { paymentIntentId: 'pi_sandbox_AAAAAAAAAAAAAAAAAAAAAA' } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DojoNotFoundError);
  });

  it('answers 409 to capturing or reversing a payment intent in the wrong state', async () => {
    const created = await checked.dojo.paymentIntents.create({ amount: GBP(900), reference: 'Unpaid', captureMode: 'Manual' });
    await expect(checked.dojo.paymentIntents.capture(created.id, { amount: 900 })).rejects.toBeInstanceOf(DojoConflictError);
    await expect(checked.dojo.paymentIntents.reverse(created.id)).rejects.toBeInstanceOf(DojoConflictError);
    const { intent, session } = await sale(1200);
    await pollSession(checked.dojo, session.id, isFinal);
    await expect(checked.dojo.paymentIntents.capture(intent.id, { amount: 1200 })).rejects.toBeInstanceOf(DojoConflictError);
    const reversal = await checked.dojo.paymentIntents.reverse(intent.id);
    expect(reversal.reversalId).toMatch(/^rvs_sandbox_/);
    expect((await checked.dojo.paymentIntents.get(intent.id)).status).toBe('Reversed');
    await expect(checked.dojo.paymentIntents.reverse(intent.id)).rejects.toBeInstanceOf(DojoConflictError);
  });

  it('cancels an unpaid payment intent, hides it unless returnCanceled, and refuses a sale on it', async () => {
    const intent = await checked.dojo.paymentIntents.create({ amount: GBP(300), reference: 'Abandoned' });
    expect((await checked.dojo.paymentIntents.cancel(intent.id)).status).toBe('Canceled');
    await expect(checked.dojo.paymentIntents.get(intent.id)).rejects.toBeInstanceOf(DojoNotFoundError);
    expect((await checked.dojo.paymentIntents.get(intent.id, { returnCanceled: true })).status).toBe('Canceled');
    const terminalId = await availableTerminal();
    await expect(
      checked.dojo.terminalSessions.create({ terminalId, details: { sessionType: 'Sale', sale: { paymentIntentId: intent.id } } }),
    ).rejects.toBeInstanceOf(DojoValidationError);
  });
});

describe('refunds', () => {
  it('refunds part then the rest on the terminal (MatchedRefund); the intent ends Refunded', async () => {
    const { intent, session } = await sale(4000);
    await pollSession(checked.dojo, session.id, isFinal);
    const terminalId = await availableTerminal();
    const part = await checked.dojo.terminalSessions.create({
      terminalId,
      details: { sessionType: 'MatchedRefund', matchedRefund: { paymentIntentId: intent.id, amount: GBP(1500) } },
    });
    expect((await pollSession(checked.dojo, part.id, isFinal)).status).toBe('Captured');
    const partly = await checked.dojo.paymentIntents.get(intent.id);
    expect(partly).toMatchObject({ status: 'Captured', refundedAmount: 1500 });
    const rest = await checked.dojo.terminalSessions.create({ terminalId, details: { sessionType: 'MatchedRefund', matchedRefund: { paymentIntentId: intent.id } } });
    expect((await pollSession(checked.dojo, rest.id, isFinal)).status).toBe('Captured');
    expect(await checked.dojo.paymentIntents.get(intent.id)).toMatchObject({ status: 'Refunded', refundedAmount: 4000 });
  });

  it('declines a MatchedRefund when the payment is reversed while the card is read', async () => {
    const { intent, session } = await sale(4100);
    await pollSession(checked.dojo, session.id, isFinal);
    const terminalId = await availableTerminal();
    // Ending in 13: a slow card, so the reversal lands before the refund completes.
    const refund = await checked.dojo.terminalSessions.create({
      terminalId,
      details: { sessionType: 'MatchedRefund', matchedRefund: { paymentIntentId: intent.id, amount: GBP(1013) } },
    });
    await checked.dojo.paymentIntents.reverse(intent.id);
    expect((await pollSession(checked.dojo, refund.id, isFinal)).status).toBe('Declined');
    expect(await checked.dojo.paymentIntents.get(intent.id)).toMatchObject({ status: 'Reversed', refundedAmount: 0 });
  });

  it('pays out an unlinked refund on the terminal', async () => {
    const terminalId = await availableTerminal();
    const session = await checked.dojo.terminalSessions.create({ terminalId, details: { sessionType: 'UnlinkedRefund', unlinkedRefund: { amount: GBP(750) } } });
    const done = await pollSession(checked.dojo, session.id, isFinal);
    expect(done.status).toBe('Captured');
    expect(done.details).toEqual({ sessionType: 'UnlinkedRefund', unlinkedRefund: { amount: GBP(750) } });
  });

  it('refunds through the API once per IdempotencyKey, up to the captured amount', async () => {
    const { intent, session } = await sale(3000);
    await pollSession(checked.dojo, session.id, isFinal);
    const first = await checked.dojo.refunds.create(intent.id, { amount: 1000, refundReason: 'Damaged' }, { idempotencyKey: 'refund-1' });
    const again = await checked.dojo.refunds.create(intent.id, { amount: 1000, refundReason: 'Damaged' }, { idempotencyKey: 'refund-1' });
    expect(again.refundId).toBe(first.refundId);
    expect((await checked.dojo.paymentIntents.get(intent.id)).refundedAmount).toBe(1000);
    expect(await checked.dojo.refunds.get(first.refundId!)).toEqual(first);
    await expect(checked.dojo.refunds.create(intent.id, { amount: 2001 }, { idempotencyKey: 'refund-2' })).rejects.toBeInstanceOf(DojoValidationError);
    await checked.dojo.refunds.create(intent.id, { amount: 2000 }, { idempotencyKey: 'refund-3' });
    expect((await checked.dojo.paymentIntents.get(intent.id)).status).toBe('Refunded');
    await expect(checked.dojo.refunds.get('rfnd_sandbox_AAAAAAAAAAAAAAAAAAAAAA')).rejects.toBeInstanceOf(DojoValidationError);
  });
});

describe('payment intent operations', () => {
  it('finds payment intents newest first, by status, one page at a time', async () => {
    const made = [];
    for (let i = 0; i < 3; i++) made.push(await checked.dojo.paymentIntents.create({ amount: GBP(100 + i), reference: `Search ${i}` }));
    const page = await checked.dojo.paymentIntents.search({ statuses: ['Created'], cursor: { limit: 2 } });
    expect(page.data?.map((i) => i.id)).toEqual([made[2]!.id, made[1]!.id]);
    expect(page.after).toBe(made[1]!.id);
    const next = await checked.dojo.paymentIntents.search({ statuses: ['Created'], cursor: { limit: 2, after: page.after! } });
    expect(next.data?.[0]?.id).toBe(made[0]!.id);
    const captured = await checked.dojo.paymentIntents.search({ statuses: ['Captured'] });
    expect(captured.data?.every((i) => i.status === 'Captured')).toBe(true);
  });

  it('changes the amount and the tip only when the intent allows it (405 otherwise)', async () => {
    const open = await checked.dojo.paymentIntents.create({
      amount: GBP(1000),
      reference: 'Table 4',
      config: { payment: { customAmountAllowed: true, tipsAllowed: true } },
    });
    const changed = await checked.dojo.paymentIntents.setAmount(open.id, { amount: GBP(5500) });
    expect(changed).toMatchObject({ amount: GBP(5500), requestedAmount: GBP(1000) });
    const tipped = await checked.dojo.paymentIntents.setTipsAmount(open.id, { tipsAmount: GBP(200) });
    expect(tipped).toMatchObject({ tipsAmount: GBP(200), totalAmount: GBP(5700) });
    const closed = await checked.dojo.paymentIntents.create({ amount: GBP(1000), reference: 'Fixed' });
    await expect(checked.dojo.paymentIntents.setAmount(closed.id, { amount: GBP(1) })).rejects.toMatchObject({ status: 405 });
    await expect(checked.dojo.paymentIntents.setTipsAmount(closed.id, { tipsAmount: GBP(1) })).rejects.toBeInstanceOf(DojoConflictError);
  });

  it('sends the receipt of a paid intent (204) and refuses one not paid yet', async () => {
    const { intent, session } = await sale(1800);
    await pollSession(checked.dojo, session.id, isFinal);
    await expect(checked.dojo.paymentIntents.sendReceipt(intent.id, { emails: ['customer@example.com'] })).resolves.toBeUndefined();
    const unpaid = await checked.dojo.paymentIntents.create({ amount: GBP(100), reference: 'Unpaid' });
    await expect(checked.dojo.paymentIntents.sendReceipt(unpaid.id, { emails: ['customer@example.com'] })).rejects.toBeInstanceOf(DojoValidationError);
  });

  it('charges a saved card and refreshes a client session secret', async () => {
    const saved = await checked.dojo.paymentIntents.create({ amount: GBP(1500), reference: 'Subscription', setupIntentId: 'si_sandbox_123' });
    const refreshed = await checked.dojo.paymentIntents.refreshClientSessionSecret(saved.id);
    expect(refreshed.clientSessionSecret).not.toBe(saved.clientSessionSecret);
    expect(await checked.dojo.paymentIntents.charge(saved.id)).toMatchObject({ paymentIntentId: saved.id, status: 'Successful' });
    expect((await checked.dojo.paymentIntents.get(saved.id)).status).toBe('Captured');
    const plain = await checked.dojo.paymentIntents.create({ amount: GBP(1500), reference: 'No card' });
    await expect(checked.dojo.paymentIntents.charge(plain.id)).rejects.toBeInstanceOf(DojoValidationError);
  });
});
