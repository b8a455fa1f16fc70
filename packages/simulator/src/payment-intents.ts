import type {
  Capture,
  ChargeResult,
  CreatePaymentIntentRequest,
  PaymentDetails,
  PaymentEventType,
  PaymentIntent,
  PaymentIntentPage,
  PaymentIntentStatus,
  Refund,
  Reversal,
  SearchPaymentIntentsRequest,
} from '@dojo-terminals/types';
import { PAYMENT_INTENT_STATUSES } from '@dojo-terminals/types';
import { newId } from './ids.js';
import { ApiProblem, invalidField } from './problems.js';
import { scenarioForAmount } from './scenarios.js';
import type { PaymentIntentRecord } from './state.js';
import { money, minorUnits, objectBody, requiredString } from './validate.js';
import { iso, type World } from './world.js';

const SECRET_LIFETIME_MS = 60 * 60 * 1000;

/** The record of a payment intent; an unknown id is answered with `missingStatus` (404, or 400 where the spec has no 404). */
export function findIntent(world: World, id: string, missingStatus: 400 | 404 = 404): PaymentIntentRecord {
  const record = world.state.paymentIntents.find((r) => r.intent.id === id);
  if (record === undefined) throw new ApiProblem(missingStatus, `No payment intent ${id} exists for this account.`, { code: 'NOT_FOUND' });
  return record;
}

const total = (intent: PaymentIntent) => intent.amount.value + (intent.tipsAmount?.value ?? 0);

function touch(world: World, intent: PaymentIntent, eventType?: PaymentEventType, details: PaymentDetails = {}): void {
  intent.updatedAt = iso(world.now());
  if (eventType !== undefined) {
    (intent.paymentEvents ??= []).push({
      eventType,
      transactionId: details.transactionId ?? null,
      transactionDateTime: intent.updatedAt,
      authCode: details.authCode ?? null,
    });
  }
}

/** Moves a payment intent to `status`, records the event and queues `payment_intent.status_updated`. */
export function setIntentStatus(world: World, record: PaymentIntentRecord, status: PaymentIntentStatus, details?: PaymentDetails): void {
  record.intent.status = status;
  touch(world, record.intent, status, details);
  world.emit('payment_intent.status_updated', record.intent);
}

export function createIntent(world: World, input: unknown): PaymentIntent {
  const body = objectBody(input) as Partial<CreatePaymentIntentRequest>;
  const amount = money(body.amount, 'amount');
  const reference = requiredString(body.reference, 'reference');
  const captureMode = body.captureMode ?? 'Auto';
  if (captureMode !== 'Auto' && captureMode !== 'Manual') throw invalidField('captureMode', 'Must be Auto or Manual.');
  const tipsAmount = body.tipsAmount == null ? null : money(body.tipsAmount, 'tipsAmount');
  const now = iso(world.now());
  const intent: PaymentIntent = {
    id: newId.paymentIntent(),
    status: 'Created',
    captureMode,
    reference,
    description: body.description ?? null,
    amount,
    totalAmount: { value: amount.value + (tipsAmount?.value ?? 0), currencyCode: amount.currencyCode },
    tipsAmount,
    refundedAmount: 0,
    cardHolderNotPresent: body.cardHolderNotPresent === true || body.cardHolderNotPresent === 'true',
    clientSessionSecret: newId.clientSecret(),
    clientSessionSecretExpirationDate: iso(world.now() + SECRET_LIFETIME_MS),
    paymentMethods: body.paymentMethods ?? ['Card'],
    metadata: body.metadata ?? null,
    itemLines: body.itemLines ?? null,
    taxLines: body.taxLines ?? null,
    config: body.config ?? null,
    autoExpireAction: body.autoExpireAction ?? null,
    expireAt: body.expireAt ?? null,
    setupIntentId: body.setupIntentId ?? null,
    paymentEvents: [{ eventType: 'Created', transactionDateTime: now }],
    terminalSessionHistory: [],
    captures: [],
    createdAt: now,
    updatedAt: now,
  };
  if (body.customer != null) {
    const { id, emailAddress, phoneNumber } = body.customer;
    intent.customer = { id: id ?? null, emailAddress: emailAddress ?? null, phoneNumber: phoneNumber ?? null };
  }
  world.state.paymentIntents.push({ intent, authorisedAmount: 0, capturedAmount: 0 });
  world.emit('payment_intent.created', intent);
  return intent;
}

export function getIntent(world: World, id: string, returnCanceled: boolean): PaymentIntent {
  const record = findIntent(world, id);
  if (record.intent.status === 'Canceled' && !returnCanceled) {
    throw new ApiProblem(404, `Payment intent ${id} was canceled; ask with returnCanceled=true to read it.`, { code: 'NOT_FOUND' });
  }
  return record.intent;
}

/** Fails when a terminal session is still working on the payment intent. */
function assertNoActiveSession(world: World, id: string, action: string): void {
  const busy = world.state.sessions.some(
    (s) => s.plan.length > 0 && s.session.details?.sessionType === 'Sale' && s.session.details.sale.paymentIntentId === id,
  );
  if (busy) throw new ApiProblem(400, `Payment intent ${id} has a terminal session in progress; ${action} it after the session ends.`, { code: 'SESSION_IN_PROGRESS' });
}

export function cancelIntent(world: World, id: string): PaymentIntent {
  const record = findIntent(world, id);
  if (record.intent.status !== 'Created') {
    throw new ApiProblem(400, `Payment intent ${id} is ${record.intent.status}; only an unpaid (Created) one can be canceled.`, { code: 'INVALID_STATE' });
  }
  assertNoActiveSession(world, id, 'cancel');
  setIntentStatus(world, record, 'Canceled');
  return record.intent;
}

/** The card authorised the whole amount: Captured at once (Auto) or Authorized for a later capture (Manual). */
export function approvePayment(world: World, record: PaymentIntentRecord, details: PaymentDetails): void {
  const { intent } = record;
  intent.paymentDetails = details;
  if (intent.captureMode === 'Manual') {
    record.authorisedAmount = total(intent);
    setIntentStatus(world, record, 'Authorized', details);
  } else {
    record.capturedAmount = total(intent);
    // As in POST …/captures, `amount` is without the tip, which `tipsAmount` carries.
    (intent.captures ??= []).push({ id: newId.capture(), amount: intent.amount.value, tipsAmount: intent.tipsAmount?.value ?? null, status: 'Successful', createdAt: iso(world.now()) });
    setIntentStatus(world, record, 'Captured', details);
  }
}

export function declinePayment(world: World, record: PaymentIntentRecord, details: PaymentDetails): void {
  touch(world, record.intent, 'Declined', details);
}

export function capture(world: World, id: string, input: unknown): Capture {
  const body = objectBody(input);
  const amount = minorUnits(body['amount'], 'amount');
  const tips = body['tipsAmount'] == null ? 0 : minorUnits(body['tipsAmount'], 'tipsAmount');
  if (amount + tips < 1) throw invalidField('amount', 'A capture must be of at least 1 minor unit.');
  const record = findIntent(world, id, 400);
  const { intent } = record;
  const capturable = intent.status === 'Authorized' || (intent.status === 'Captured' && record.authorisedAmount > 0);
  if (!capturable) {
    const why = intent.status === 'Captured' ? 'has already been captured in full' : `is ${intent.status}, not authorised`;
    throw new ApiProblem(409, `The payment intent ${why}.`, { code: 'INVALID_STATE' });
  }
  if (amount + tips > record.authorisedAmount) {
    throw invalidField('amount', `Cannot capture more than the ${record.authorisedAmount} minor units still authorised.`);
  }
  record.authorisedAmount -= amount + tips;
  record.capturedAmount += amount + tips;
  const captureId = newId.capture();
  (intent.captures ??= []).push({ id: captureId, amount, tipsAmount: tips, status: 'Successful', createdAt: iso(world.now()) });
  if (intent.status === 'Authorized') setIntentStatus(world, record, 'Captured');
  else touch(world, intent, 'Captured');
  return { captureId, message: 'Captured' };
}

export function charge(world: World, id: string): ChargeResult {
  const record = findIntent(world, id, 400);
  const { intent } = record;
  if (intent.status !== 'Created') throw new ApiProblem(400, `Payment intent ${id} is ${intent.status}; only a Created one can be charged.`, { code: 'INVALID_STATE' });
  // One capture path at a time: a terminal sale that is running will authorise this intent itself.
  assertNoActiveSession(world, id, 'charge');
  if (!intent.setupIntentId) throw new ApiProblem(400, `Payment intent ${id} has no saved card: create it with a setupIntentId to charge it.`, { code: 'NO_SAVED_CARD' });
  const details: PaymentDetails = { transactionId: newId.transaction(), transactionDateTime: iso(world.now()), message: 'MIT', paymentMethodId: intent.setupIntentId };
  if (scenarioForAmount(intent.amount.value).name === 'declined') {
    declinePayment(world, record, details);
    return { paymentIntentId: id, status: 'Declined', message: 'Declined by the issuer' };
  }
  approvePayment(world, record, { ...details, authCode: authCode() });
  return { paymentIntentId: id, status: 'Successful', message: 'Charged' };
}

export function authCode(): string {
  return String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
}

export function refreshSecret(world: World, id: string): PaymentIntent {
  const { intent } = findIntent(world, id, 400);
  if (intent.status !== 'Created') throw new ApiProblem(400, `Payment intent ${id} is ${intent.status}; its secret can no longer be used.`, { code: 'INVALID_STATE' });
  intent.clientSessionSecret = newId.clientSecret();
  intent.clientSessionSecretExpirationDate = iso(world.now() + SECRET_LIFETIME_MS);
  touch(world, intent);
  return intent;
}

function assertChangeable(world: World, record: PaymentIntentRecord, allowed: boolean | null | undefined, what: string, flag: string): void {
  if (allowed !== true) throw new ApiProblem(405, `The payment intent was created without config.payment.${flag}, so its ${what} cannot change.`, { code: 'METHOD_NOT_ALLOWED' });
  if (record.intent.status !== 'Created') throw new ApiProblem(400, `Payment intent ${record.intent.id} is ${record.intent.status}; only an unpaid one can change.`, { code: 'INVALID_STATE' });
  assertNoActiveSession(world, record.intent.id, `change the ${what} of`);
}

function sameCurrency(intent: PaymentIntent, currencyCode: string, field: string): void {
  if (currencyCode !== intent.amount.currencyCode) throw invalidField(field, `Must be in the payment intent's currency, ${intent.amount.currencyCode}.`);
}

export function setTipsAmount(world: World, id: string, input: unknown): PaymentIntent {
  const tipsAmount = money(objectBody(input)['tipsAmount'], 'tipsAmount');
  const record = findIntent(world, id, 400);
  assertChangeable(world, record, record.intent.config?.payment?.tipsAllowed, 'tip', 'tipsAllowed');
  sameCurrency(record.intent, tipsAmount.currencyCode, 'tipsAmount.currencyCode');
  record.intent.tipsAmount = tipsAmount;
  record.intent.totalAmount = { value: total(record.intent), currencyCode: record.intent.amount.currencyCode };
  touch(world, record.intent);
  return record.intent;
}

export function setAmount(world: World, id: string, input: unknown): PaymentIntent {
  const body = objectBody(input);
  const amount = money(body['amount'], 'amount');
  const record = findIntent(world, id, 400);
  const { intent } = record;
  assertChangeable(world, record, intent.config?.payment?.customAmountAllowed, 'amount', 'customAmountAllowed');
  sameCurrency(intent, amount.currencyCode, 'amount.currencyCode');
  intent.requestedAmount ??= intent.amount;
  intent.amount = amount;
  if (Array.isArray(body['itemLines'])) intent.itemLines = body['itemLines'] as NonNullable<PaymentIntent['itemLines']>;
  if (Array.isArray(body['taxLines'])) intent.taxLines = body['taxLines'] as NonNullable<PaymentIntent['taxLines']>;
  intent.totalAmount = { value: total(intent), currencyCode: amount.currencyCode };
  touch(world, intent);
  return intent;
}

const PAID: ReadonlySet<PaymentIntentStatus> = new Set(['Authorized', 'Captured', 'Refunded', 'Reversed']);

export function sendReceipt(world: World, id: string, input: unknown): void {
  const emails = objectBody(input)['emails'];
  if (!Array.isArray(emails) || emails.length === 0 || !emails.every((e) => typeof e === 'string' && /^[^@\s]+@[^@\s]+$/.test(e))) {
    throw invalidField('emails', 'One or more email addresses are required.');
  }
  const record = findIntent(world, id);
  if (!PAID.has(record.intent.status)) throw new ApiProblem(400, `Payment intent ${id} is ${record.intent.status}; it has no receipt yet.`, { code: 'INVALID_STATE' });
  world.emit('payment_intent.send-receipt', record.intent);
}

/** Records `amount` refunded; the intent becomes Refunded once everything captured has been given back. */
export function applyRefund(world: World, record: PaymentIntentRecord, amount: number, input: { refundReason?: string | null; notes?: string | null }, idempotencyKey: string): Refund {
  const refund: Refund = {
    refundId: newId.refund(),
    paymentIntentId: record.intent.id,
    refundReason: input.refundReason ?? null,
    notes: input.notes ?? null,
  };
  world.state.refunds.push({ refund, amount, idempotencyKey });
  record.intent.refundedAmount = (record.intent.refundedAmount ?? 0) + amount;
  if (record.intent.refundedAmount >= record.capturedAmount) setIntentStatus(world, record, 'Refunded');
  else touch(world, record.intent, 'Refunded');
  return refund;
}

/** Minor units that can still be refunded; fails when the intent was not captured. */
export function refundable(record: PaymentIntentRecord): number {
  if (record.intent.status !== 'Captured') {
    throw new ApiProblem(400, `Payment intent ${record.intent.id} is ${record.intent.status}; only a captured payment can be refunded.`, { code: 'INVALID_STATE' });
  }
  return record.capturedAmount - (record.intent.refundedAmount ?? 0);
}

export function createRefund(world: World, id: string, input: unknown, idempotencyKey: string | undefined): Refund {
  if (idempotencyKey === undefined || idempotencyKey === '') throw invalidField('IdempotencyKey', 'The IdempotencyKey header is required.');
  const key = `${id} ${idempotencyKey}`;
  const earlier = world.state.refunds.find((r) => r.idempotencyKey === key);
  if (earlier !== undefined) return earlier.refund;
  const body = objectBody(input);
  const amount = minorUnits(body['amount'], 'amount');
  if (amount === 0) throw invalidField('amount', 'A refund must be of at least 1 minor unit.');
  const record = findIntent(world, id, 400);
  const left = refundable(record);
  if (amount > left) throw invalidField('amount', `Only ${left} minor units are left to refund.`);
  const text = (field: string) => (typeof body[field] === 'string' ? (body[field] as string) : null);
  return applyRefund(world, record, amount, { refundReason: text('refundReason'), notes: text('notes') }, key);
}

export function getRefund(world: World, refundId: string): Refund {
  const found = world.state.refunds.find((r) => r.refund.refundId === refundId);
  // The spec documents no 404 for this operation: an unknown id is a bad request.
  if (found === undefined) throw new ApiProblem(400, `No refund ${refundId} exists for this account.`, { code: 'NOT_FOUND' });
  return found.refund;
}

export function reverse(world: World, id: string): Reversal {
  const record = findIntent(world, id, 400);
  const { status } = record.intent;
  if (status !== 'Authorized' && !(status === 'Captured' && !record.intent.refundedAmount)) {
    throw new ApiProblem(409, `Payment intent ${id} is ${status}${status === 'Captured' ? ' and partly refunded' : ''}; it cannot be reversed.`, { code: 'INVALID_STATE' });
  }
  record.authorisedAmount = 0;
  setIntentStatus(world, record, 'Reversed');
  return { reversalId: newId.reversal(), message: 'Reversed' };
}

export function search(world: World, input: unknown): PaymentIntentPage {
  const body = objectBody(input) as SearchPaymentIntentsRequest;
  const since = body.startDate == null ? -Infinity : Date.parse(body.startDate);
  const until = body.endDate == null ? Infinity : Date.parse(body.endDate);
  if (Number.isNaN(since)) throw invalidField('startDate', 'Must be an RFC 3339 date-time.');
  if (Number.isNaN(until)) throw invalidField('endDate', 'Must be an RFC 3339 date-time.');
  const limit = body.cursor?.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw invalidField('cursor.limit', 'Must be between 1 and 100.');
  const statuses = body.statuses == null || body.statuses.length === 0 ? null : new Set(statusList(body.statuses));
  // Newest first; intents created in the same millisecond keep their creation order reversed.
  const all = world.state.paymentIntents
    .map((r) => r.intent)
    .filter((i) => (statuses === null || statuses.has(i.status)) && Date.parse(i.createdAt) >= since && Date.parse(i.createdAt) <= until)
    .reverse();
  let start = 0;
  let end = all.length;
  if (body.cursor?.after) start = cursorIndex(all, body.cursor.after, 'cursor.after') + 1;
  if (body.cursor?.before) end = cursorIndex(all, body.cursor.before, 'cursor.before');
  const fromEnd = Boolean(body.cursor?.before) && !body.cursor?.after;
  const page = fromEnd ? all.slice(Math.max(start, end - limit), end) : all.slice(start, Math.min(end, start + limit));
  const first = all.indexOf(page[0]!);
  const last = first + page.length - 1;
  return {
    data: page,
    before: page.length > 0 && first > 0 ? page[0]!.id : null,
    after: page.length > 0 && last < all.length - 1 ? page[page.length - 1]!.id : null,
  };
}

function statusList(value: unknown): PaymentIntentStatus[] {
  if (!Array.isArray(value) || !value.every((s) => (PAYMENT_INTENT_STATUSES as readonly unknown[]).includes(s))) {
    throw invalidField('statuses', `Must be a list of payment intent statuses (${PAYMENT_INTENT_STATUSES.join(', ')}).`);
  }
  return value as PaymentIntentStatus[];
}

function cursorIndex(all: PaymentIntent[], id: string, field: string): number {
  const index = all.findIndex((i) => i.id === id);
  if (index < 0) throw invalidField(field, 'Not a cursor from an earlier page of this search.');
  return index;
}
