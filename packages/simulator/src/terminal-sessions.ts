import type {
  Money,
  PaymentDetails,
  TerminalNotificationType,
  TerminalSession,
  TerminalSessionDetails,
  TerminalSessionReceipt,
  TerminalSessionStatus,
} from '@dojo-terminals/types';
import { newId } from './ids.js';
import { applyRefund, approvePayment, authCode, declinePayment, findIntent, refundable, setIntentStatus } from './payment-intents.js';
import { ApiProblem, invalidField } from './problems.js';
import { scenarioForAmount, timingsFor, WINDOWS, type ScenarioName } from './scenarios.js';
import { scenarioBehaviour, type Behaviour, type CustomerAction, type CustomerScript } from './customer.js';
import { isFinal, type PlannedStep, type SessionRecord, type SessionStep } from './state.js';
import { findTerminal, setTerminalStatus } from './terminals.js';
import { money, objectBody, requiredString } from './validate.js';
import { iso, type World } from './world.js';

export function findSession(world: World, id: string): SessionRecord {
  const record = world.state.sessions.find((s) => s.session.id === id);
  if (record === undefined) throw new ApiProblem(404, `No terminal session ${id} exists for this account.`, { code: 'NOT_FOUND' });
  return record;
}

interface Checked {
  details: TerminalSessionDetails;
  amount: Money;
}

function checkDetails(world: World, input: unknown): Checked {
  const details = objectBody(input) as Partial<TerminalSessionDetails> & Record<string, unknown>;
  switch (details.sessionType) {
    case 'Sale': {
      const sale = objectBody(details['sale']);
      const paymentIntentId = requiredString(sale['paymentIntentId'], 'details.sale.paymentIntentId');
      const { intent } = findIntent(world, paymentIntentId);
      if (intent.status !== 'Created') {
        throw new ApiProblem(400, `Payment intent ${paymentIntentId} is ${intent.status}; a sale needs a Created one.`, { code: 'INVALID_STATE' });
      }
      const busy = world.state.sessions.some((s) => s.plan.length > 0 && s.session.details?.sessionType === 'Sale' && s.session.details.sale.paymentIntentId === paymentIntentId);
      if (busy) throw new ApiProblem(400, `Payment intent ${paymentIntentId} already has a terminal session in progress.`, { code: 'SESSION_IN_PROGRESS' });
      return { details: { sessionType: 'Sale', sale: { paymentIntentId } }, amount: intent.totalAmount ?? intent.amount };
    }
    case 'MatchedRefund': {
      const refund = objectBody(details['matchedRefund']);
      const paymentIntentId = requiredString(refund['paymentIntentId'], 'details.matchedRefund.paymentIntentId');
      const record = findIntent(world, paymentIntentId);
      const left = refundable(record);
      const amount = refund['amount'] === undefined ? { value: left, currencyCode: record.intent.amount.currencyCode } : money(refund['amount'], 'details.matchedRefund.amount');
      if (amount.value < 1 || amount.value > left) throw invalidField('details.matchedRefund.amount.value', `Must be from 1 to the ${left} minor units left to refund.`);
      if (amount.currencyCode !== record.intent.amount.currencyCode) throw invalidField('details.matchedRefund.amount.currencyCode', `Must be ${record.intent.amount.currencyCode}.`);
      return { details: { sessionType: 'MatchedRefund', matchedRefund: { paymentIntentId, amount } }, amount };
    }
    case 'UnlinkedRefund': {
      const refund = objectBody(details['unlinkedRefund']);
      const amount = money(refund['amount'], 'details.unlinkedRefund.amount');
      if (amount.value < 1) throw invalidField('details.unlinkedRefund.amount.value', 'Must be at least 1.');
      const unlinkedRefund = refund['cardholderNotPresent'] === true ? { amount, cardholderNotPresent: true } : { amount };
      return { details: { sessionType: 'UnlinkedRefund', unlinkedRefund }, amount };
    }
    default:
      throw invalidField('details.sessionType', 'Must be Sale, MatchedRefund or UnlinkedRefund.');
  }
}

/** What the session's customer does: the test helper's choice, else the amount's scenario. */
export function behaviourOf(record: SessionRecord): Behaviour {
  return record.behaviour ?? scenarioBehaviour(record.scenario);
}

/** The steps from the moment the terminal shows `PresentCard` (`initiated`) until the result; `expireAt` ends a wait. */
function waitingForCard(world: World, behaviour: Behaviour, scenario: ScenarioName, initiated: number, expireAt: number): PlannedStep[] {
  const t = timingsFor(scenario);
  const s = (ms: number) => world.scaled(ms);
  const presented = initiated + s(t.presentCard);
  switch (behaviour.action) {
    case 'walkAway':
    case 'neverConfirms':
      return [{ at: expireAt, step: 'expire' }];
    case 'terminalOffline':
      return [
        { at: Math.min(presented, expireAt), step: 'terminalOffline' },
        { at: expireAt, step: 'expire' },
      ];
    case 'presentCard': {
      // Without a PIN or a signature to ask for, the terminal goes straight to PleaseWait.
      const prompts = behaviourPrompt(behaviour) === 'PleaseWait' ? [] : [{ at: presented + s(t.enterPin), step: 'pleaseWait' as const }];
      const last = prompts[0]?.at ?? presented;
      return [{ at: presented, step: 'cardPresented' }, ...prompts, { at: last + s(t.authorise), step: 'authorise' }];
    }
  }
}

/** The prompt the terminal shows once the card is presented. */
function behaviourPrompt(behaviour: Extract<Behaviour, { action: 'presentCard' }>): TerminalNotificationType {
  if (behaviour.signature === true) return 'InsertCard';
  return behaviour.pin === false ? 'PleaseWait' : 'EnterPin';
}

/** The whole timeline of a session created at `start`. */
function timeline(world: World, behaviour: Behaviour, scenario: ScenarioName, start: number): PlannedStep[] {
  const confirmed = start + world.scaled(timingsFor(scenario).confirm);
  if (behaviour.action === 'neverConfirms') {
    return [
      { at: confirmed, step: 'terminalOffline' },
      { at: start + world.scaled(WINDOWS.initiateRequested), step: 'expire' },
    ];
  }
  return [{ at: confirmed, step: 'initiated' }, ...waitingForCard(world, behaviour, scenario, confirmed, confirmed + world.scaled(WINDOWS.initiated))];
}

/**
 * A test helper's script for a session that is still waiting for its card: the rest of its timeline is replanned
 * from now. Refused once the card is presented or the session ended (409).
 */
export function scriptSession(world: World, id: string, script: CustomerScript): TerminalSession {
  const record = findSession(world, id);
  const { session } = record;
  if (isFinal(session.status) || record.cardPresented || (session.status !== 'InitiateRequested' && session.status !== 'Initiated')) {
    throw new ApiProblem(409, `The session is ${session.status}${record.cardPresented ? ' with the card presented' : ''}; the customer can be scripted only while the terminal waits for the card.`, { code: 'INVALID_STATE' });
  }
  if (script.action !== undefined) record.behaviour = customerAction(script);
  if (script.step !== undefined) record.stepped = script.step;
  const now = world.now();
  const behaviour = behaviourOf(record);
  record.plan =
    session.status === 'InitiateRequested'
      ? timeline(world, behaviour, record.scenario, now)
      : waitingForCard(world, behaviour, record.scenario, now, Math.max(now, Date.parse(session.expireAt)));
  return session;
}

function customerAction(script: CustomerScript): CustomerAction {
  const { step: _step, ...action } = script;
  return action as CustomerAction;
}

/** Step mode: applies the session's next step now, whatever its time, and returns the session. */
export function advanceSession(world: World, id: string): TerminalSession {
  const record = findSession(world, id);
  if (record.stepped !== true) throw new ApiProblem(409, `Session ${id} is not in step mode: script it with { step: true } first.`, { code: 'NOT_STEPPED' });
  const next = record.plan.shift();
  if (next === undefined) throw new ApiProblem(409, `Session ${id} has no step left (${record.session.status}).`, { code: 'SESSION_FINISHED' });
  apply(world, record, next.step);
  return record.session;
}

export function createSession(world: World, input: unknown): TerminalSession {
  const body = objectBody(input);
  const terminalId = requiredString(body['terminalId'], 'terminalId');
  const { details, amount } = checkDetails(world, body['details']);
  const terminal = findTerminal(world, terminalId);
  if (terminal.status !== 'Available') {
    throw new ApiProblem(400, `Terminal ${terminalId} is ${terminal.status} and cannot take a session now.`, { code: 'TERMINAL_UNAVAILABLE' });
  }
  const now = world.now();
  const scenario = scenarioForAmount(amount.value).name;
  const script = world.state.terminalCustomers?.[terminalId];
  const session: TerminalSession = {
    id: newId.terminalSession(),
    terminalId,
    status: 'InitiateRequested',
    details,
    createdAt: iso(now),
    updatedAt: iso(now),
    expireAt: iso(now + world.scaled(WINDOWS.initiateRequested)),
    notificationEvents: [],
    statusEvents: [{ status: 'InitiateRequested', createdAt: iso(now), debugMessage: '' }],
  };
  const record: SessionRecord = { session, scenario, cardPresented: false, plan: [] };
  if (script?.action !== undefined) record.behaviour = customerAction(script);
  if (script?.step === true) record.stepped = true;
  record.plan = timeline(world, behaviourOf(record), scenario, now);
  world.state.sessions.push(record);
  setTerminalStatus(world, terminal, 'InUse');
  recordInHistory(world, session);
  return session;
}

/**
 * A sale session is in its payment intent's `terminalSessionHistory` from its creation, kept up to date as it
 * moves: a POS that lost the create's answer, or crashed, finds the running session there.
 */
function recordInHistory(world: World, session: TerminalSession): void {
  const { details } = session;
  if (details?.sessionType !== 'Sale') return;
  const history = world.state.paymentIntents.find((r) => r.intent.id === details.sale.paymentIntentId)?.intent.terminalSessionHistory;
  if (!history) return;
  const { id, terminalId, status, expireAt, createdAt, updatedAt } = session;
  const summary = { id, terminalId, status, expireAt, createdAt, updatedAt, details };
  const entry = history.find((item) => item.terminalSession?.id === id);
  if (entry) entry.terminalSession = summary;
  else history.push({ terminalSession: summary });
}

function setStatus(world: World, session: TerminalSession, status: TerminalSessionStatus, window?: number): void {
  const now = world.now();
  session.status = status;
  session.updatedAt = iso(now);
  session.statusEvents.push({ status, createdAt: iso(now), debugMessage: '' });
  if (window !== undefined) session.expireAt = iso(now + world.scaled(window));
  recordInHistory(world, session);
}

function notify(world: World, session: TerminalSession, notificationType: TerminalNotificationType): void {
  session.notificationEvents.push({ notificationType, createdAt: iso(world.now()) });
  session.updatedAt = iso(world.now());
}

/** Ends the session: the terminal is free again (back online if it had dropped off). */
function finish(world: World, record: SessionRecord, status: TerminalSessionStatus): void {
  record.plan = [];
  setStatus(world, record.session, status);
  const { terminalId } = record.session;
  const terminal = world.state.terminals.find((t) => t.id === terminalId);
  // Free only a terminal no other session runs on (a test may have made it Available and started another).
  const busy = world.state.sessions.some((other) => other.session.terminalId === terminalId && !isFinal(other.session.status));
  if (terminal !== undefined && !busy) setTerminalStatus(world, terminal, 'Available');
}

function paymentDetails(world: World, record: SessionRecord, approved: boolean): PaymentDetails {
  const behaviour = behaviourOf(record);
  const present = behaviour.action === 'presentCard' ? behaviour : undefined;
  const signature = present?.signature === true;
  const brand = present?.card?.brand ?? 'VISA';
  const last4 = present?.card?.last4 ?? '0119';
  const funding = present?.card?.funding ?? 'Debit';
  return {
    transactionId: newId.transaction(),
    transactionDateTime: iso(world.now()),
    message: approved ? 'AUTHORISED' : (present?.decline ?? 'DECLINED'),
    authCode: approved ? authCode() : null,
    card: {
      cardNumber: `************${last4}`,
      cardName: `${brand} ${funding.toUpperCase()}`,
      expiryDate: '12/29',
      cardType: brand,
      cardFundingType: funding,
      last4PAN: last4,
      entryMode: signature ? 'ContactChip' : 'Contactless',
      verificationMethod: signature ? 'Signature' : present?.pin === false ? 'None' : 'Pin',
    },
  };
}

function receipt(record: SessionRecord, copy: string): TerminalSessionReceipt {
  const { details } = record.session;
  const amount = details?.sessionType === 'UnlinkedRefund' ? details.unlinkedRefund.amount : details?.sessionType === 'MatchedRefund' ? details.matchedRefund.amount : undefined;
  const text = (value: string, size: 'SizeHeader1' | 'SizeBody' = 'SizeBody', align: 'AlignCenter' | 'AlignLeft' = 'AlignLeft') => ({
    lineType: 'Text' as const,
    text: { value, size, align, emphasisBold: size !== 'SizeBody' },
  });
  const lines = [
    text(details?.sessionType === 'Sale' ? 'SALE' : 'REFUND', 'SizeHeader1', 'AlignCenter'),
    text('SIMULATED TERMINAL - NO REAL MONEY'),
    ...(amount === undefined ? [] : [text(`TOTAL ${(amount.value / 100).toFixed(2)} ${amount.currencyCode}`)]),
    { lineType: 'SingleLineSeperator' as const },
    text(copy, 'SizeBody', 'AlignCenter'),
  ];
  return { lines };
}

/** The card was declined: the session ends Declined and the payment intent stays where it was. */
function decline(world: World, record: SessionRecord): void {
  const { session } = record;
  session.paymentDetails = paymentDetails(world, record, false);
  notify(world, session, 'Declined');
  const d = session.details;
  if (d?.sessionType === 'Sale') declinePayment(world, findIntent(world, d.sale.paymentIntentId), session.paymentDetails);
  finish(world, record, 'Declined');
}

/** Minor units a MatchedRefund session can still give back when it completes (the intent may have changed since). */
function matchedRefundAmount(world: World, paymentIntentId: string, asked: number | undefined): number | undefined {
  const { intent, capturedAmount } = findIntent(world, paymentIntentId);
  const left = intent.status === 'Captured' ? capturedAmount - (intent.refundedAmount ?? 0) : 0;
  const amount = asked ?? left;
  return amount >= 1 && amount <= left ? amount : undefined;
}

/** The payment went through: the final status and what it does to the payment intent. */
function complete(world: World, record: SessionRecord): void {
  const { session } = record;
  const d = session.details;
  let refundAmount: number | undefined;
  if (d?.sessionType === 'MatchedRefund') {
    refundAmount = matchedRefundAmount(world, d.matchedRefund.paymentIntentId, d.matchedRefund.amount?.value);
    // Reversed or refunded another way while the card was being read: nothing left to give back.
    if (refundAmount === undefined) return decline(world, record);
  }
  const details = session.paymentDetails ?? paymentDetails(world, record, true);
  session.paymentDetails = details;
  session.customerReceipt = receipt(record, 'CUSTOMER COPY');
  session.merchantReceipt = receipt(record, 'MERCHANT COPY');
  notify(world, session, 'Approved');
  if (d?.sessionType === 'Sale') {
    const intent = findIntent(world, d.sale.paymentIntentId);
    approvePayment(world, intent, details);
    finish(world, record, intent.intent.captureMode === 'Manual' ? 'Authorized' : 'Captured');
    return;
  }
  if (d?.sessionType === 'MatchedRefund' && refundAmount !== undefined) {
    applyRefund(world, findIntent(world, d.matchedRefund.paymentIntentId), refundAmount, { refundReason: 'Refunded on the terminal' }, `session ${session.id}`);
  }
  finish(world, record, 'Captured');
}

function apply(world: World, record: SessionRecord, step: SessionStep): void {
  const { session } = record;
  switch (step) {
    case 'initiated':
      setStatus(world, session, 'Initiated', WINDOWS.initiated);
      notify(world, session, 'PresentCard');
      return;
    case 'terminalOffline': {
      const terminal = world.state.terminals.find((t) => t.id === session.terminalId);
      if (terminal !== undefined) setTerminalStatus(world, terminal, 'Offline');
      return;
    }
    case 'cardPresented': {
      record.cardPresented = true;
      session.expireAt = iso(world.now() + world.scaled(WINDOWS.inPayment));
      const behaviour = behaviourOf(record);
      notify(world, session, behaviour.action === 'presentCard' ? behaviourPrompt(behaviour) : 'EnterPin');
      return;
    }
    case 'pleaseWait':
      notify(world, session, 'PleaseWait');
      return;
    case 'authorise': {
      const behaviour = behaviourOf(record);
      const present = behaviour.action === 'presentCard' ? behaviour : undefined;
      if (present?.decline !== undefined) {
        decline(world, record);
      } else if (present?.signature === true && session.details?.sessionType === 'Sale') {
        // Authorised, waiting for the cashier's check: the receipts (for the signature) exist already, as in Dojo's answer.
        session.paymentDetails = paymentDetails(world, record, true);
        session.customerReceipt = receipt(record, 'CUSTOMER COPY');
        session.merchantReceipt = receipt(record, 'MERCHANT COPY');
        setStatus(world, session, 'SignatureVerificationRequired', WINDOWS.signature);
        record.plan = [{ at: Date.parse(session.expireAt), step: 'signatureDeadline' }];
      } else {
        complete(world, record);
      }
      return;
    }
    case 'signatureDeadline':
      acceptSignature(world, record);
      return;
    case 'complete':
      complete(world, record);
      return;
    case 'canceled':
      finish(world, record, 'Canceled');
      return;
    case 'expire':
      finish(world, record, 'Expired');
      return;
  }
}

function acceptSignature(world: World, record: SessionRecord): void {
  setStatus(world, record.session, 'SignatureVerificationAccepted');
  record.plan = [{ at: world.now() + world.scaled(timingsFor(record.scenario).confirmAnswer), step: 'complete' }];
}

/** Applies every step of every timeline that is due at `now`, oldest first. */
export function advanceSessions(world: World, now: number): void {
  const isDue = (record: SessionRecord) => record.stepped !== true && record.plan[0] !== undefined && record.plan[0].at <= now;
  // A step changes only its own session's plan, so the due sessions can be picked once.
  let due = world.state.sessions.filter(isDue);
  while (due.length > 0) {
    const record = due.reduce((a, b) => (b.plan[0]!.at < a.plan[0]!.at ? b : a));
    const { at, step } = record.plan.shift()!;
    world.runAt(at, () => apply(world, record, step));
    if (!isDue(record)) due = due.filter((r) => r !== record);
  }
}

/** When the next timeline step is due, if any. */
export function nextSessionStep(world: World): number | undefined {
  let next: number | undefined;
  for (const record of world.state.sessions) {
    if (record.stepped === true) continue;
    const at = record.plan[0]?.at;
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}

export function cancelSession(world: World, id: string): TerminalSession {
  const record = findSession(world, id);
  const { session } = record;
  // A repeated cancel (e.g. a retry after a lost answer) gets the session as it is.
  if (session.status === 'CancelRequested' || session.status === 'Canceled') return session;
  if (isFinal(session.status)) throw new ApiProblem(422, `The session has already ended (${session.status}).`, { code: 'SESSION_FINISHED' });
  if (record.cardPresented) {
    throw new ApiProblem(422, 'The customer has already presented a card, so the session can no longer be canceled.', { code: 'CARD_PRESENTED' });
  }
  setStatus(world, session, 'CancelRequested', WINDOWS.initiateRequested);
  record.plan = [{ at: world.now() + world.scaled(timingsFor(record.scenario).confirmAnswer), step: 'canceled' }];
  return session;
}

export function answerSignature(world: World, id: string, input: unknown): TerminalSession {
  const accepted = objectBody(input)['accepted'];
  if (typeof accepted !== 'boolean') throw invalidField('accepted', 'Must be true or false.');
  const record = findSession(world, id);
  const { session } = record;
  const answered = accepted ? 'SignatureVerificationAccepted' : 'SignatureVerificationRejected';
  // The same answer again (a retry) gets the session as it is.
  if (session.statusEvents.some((e) => e.status === answered)) return session;
  if (session.status !== 'SignatureVerificationRequired') {
    throw new ApiProblem(422, `The session is ${session.status}; a signature answer is expected only in SignatureVerificationRequired.`, { code: 'INVALID_STATE' });
  }
  if (accepted) {
    acceptSignature(world, record);
    return session;
  }
  const d = session.details;
  if (d?.sessionType === 'Sale') {
    const intent = findIntent(world, d.sale.paymentIntentId);
    intent.intent.paymentDetails = session.paymentDetails ?? paymentDetails(world, record, true);
    setIntentStatus(world, intent, 'Reversed', intent.intent.paymentDetails);
  }
  finish(world, record, 'SignatureVerificationRejected');
  return session;
}
