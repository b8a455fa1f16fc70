import type {
  Capture,
  ChargeResult,
  CreatePaymentIntentRequest,
  Money,
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
import { readAutoExpiry, startAutoExpiry } from './auto-expiry.js';
import { money, minorUnits, objectBody, requiredString } from './validate.js';
import { iso, type World } from './world.js';

// Dojo's published refresh and get answers: a secret expires 30 minutes after it is issued.
const SECRET_LIFETIME_MS = 30 * 60 * 1000;
// Dojo's published description: an unpaid intent with no expireAt is voided after 30 days (its examples agree).
const UNPAID_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
/** The expiration date Dojo answers for an intent that has no secret (.NET's default date). */
const NO_SECRET = '0001-01-01T00:00:00Z';

/** The record of a payment intent; an unknown id is answered with `missingStatus` (404, or 400 where the spec has no 404). */
export function findIntent(world: World, id: string, missingStatus: 400 | 404 = 404): PaymentIntentRecord {
  const record = world.state.paymentIntents.find((r) => r.intent.id === id);
  if (record === undefined) throw new ApiProblem(missingStatus, `No payment intent ${id} exists for this account.`, { code: 'NOT_FOUND' });
  return record;
}

/** The card is charged the amount plus tip, service charge and cashback (the spec's descriptions of each). */
const total = (intent: PaymentIntent) =>
  intent.amount.value + (intent.tipsAmount?.value ?? 0) + (intent.serviceChargeAmount?.value ?? 0) + (intent.cashbackAmount?.value ?? 0);

function touch(world: World, intent: PaymentIntent, eventType?: PaymentEventType, details: PaymentDetails = {}): void {
  intent.updatedAt = iso(world.now());
  if (eventType !== undefined) {
    // With the card's fields, as in Dojo's published answers (its schema's CardExpiry form for the expiry).
    const card = details.card ?? intent.paymentDetails?.card;
    (intent.paymentEvents ??= []).push({
      eventType,
      transactionId: details.transactionId ?? null,
      transactionDateTime: intent.updatedAt,
      authCode: details.authCode ?? null,
      ...(card == null
        ? {}
        : {
            ...(card.cardNumber == null ? {} : { cardNumber: card.cardNumber }),
            ...(card.expiryDate == null ? {} : { expiryDate: card.expiryDate }),
            cardType: card.cardType ?? null,
            cardholderName: card.cardName ?? null,
            paymentMethodId: details.paymentMethodId ?? '',
          }),
    });
  }
}

/** Moves a payment intent to `status`, records the event and queues `payment_intent.status_updated`. */
export function setIntentStatus(world: World, record: PaymentIntentRecord, status: PaymentIntentStatus, details?: PaymentDetails, paymentEvent = true): void {
  record.intent.status = status;
  touch(world, record.intent, paymentEvent ? status : undefined, details);
  world.emit('payment_intent.status_updated', record.intent);
}

/** Money in the intent's currency, or null when absent. */
function extra(value: unknown, field: string, currencyCode: string): Money | null {
  if (value == null) return null;
  const checked = money(value, field);
  if (checked.currencyCode !== currencyCode) throw invalidField(`${field}.currencyCode`, `Must be the amount's currency, ${currencyCode}.`);
  return checked;
}

/** Dojo stores an address with every line: the ones not given come back empty (the spec's `Address`). */
function storedAddress(value: unknown, field: string): NonNullable<PaymentIntent['billingAddress']> | null {
  if (value == null) return null;
  const input = objectBody(value) as Record<string, unknown>;
  const line = (name: string) => (typeof input[name] === 'string' ? (input[name] as string) : '');
  return {
    address1: line('address1'), address2: line('address2'), address3: line('address3'), address4: line('address4'),
    city: line('city'), state: line('state'), county: line('county'), locality: line('locality'), postcode: line('postcode'),
    countryCode: requiredString(input['countryCode'], `${field}.countryCode`),
  };
}

/** An object field given as is (its shape is the spec's; the validating proxy checks it), or null. */
function kept<T>(value: unknown): T | null {
  return value == null ? null : (objectBody(value) as T);
}

/** What Dojo's account shows for every intent (its published create answers carry it); the simulator's merchant. */
const MERCHANT_CONFIG: NonNullable<PaymentIntent['merchantConfig']> = {
  supportedPaymentMethods: { cardSchemes: ['VISA', 'MASTERCARD', 'MAESTRO', 'AMEX'], wallets: ['APPLE_PAY', 'GOOGLE_PAY'] },
};
const TRADING_NAME = 'Dojo Simulator';
const LOCATION_ID = 'rpl_sandbox_simulator';

export function createIntent(world: World, input: unknown): PaymentIntent {
  const body = objectBody(input) as Partial<CreatePaymentIntentRequest>;
  const amount = money(body.amount, 'amount');
  const reference = requiredString(body.reference, 'reference');
  const captureMode = body.captureMode ?? 'Auto';
  if (captureMode !== 'Auto' && captureMode !== 'Manual') throw invalidField('captureMode', 'Must be Auto or Manual.');
  const { currencyCode } = amount;
  const tipsAmount = extra(body.tipsAmount, 'tipsAmount', currencyCode);
  const serviceChargeAmount = extra(body.serviceChargeAmount, 'serviceChargeAmount', currencyCode);
  const cashbackAmount = extra(body.cashbackAmount, 'cashbackAmount', currencyCode);
  const autoExpiry = readAutoExpiry(world, body as Record<string, unknown>, captureMode);
  const created = world.now();
  const now = iso(created);
  const expireAt = body.expireAt == null ? iso(created + UNPAID_LIFETIME_MS) : body.expireAt;
  if (Number.isNaN(Date.parse(expireAt))) throw invalidField('expireAt', 'Must be an RFC 3339 date-time.');
  const intent: PaymentIntent = {
    id: newId.paymentIntent(),
    status: 'Created',
    captureMode,
    reference,
    description: body.description ?? null,
    amount,
    tipsAmount,
    serviceChargeAmount,
    cashbackAmount,
    totalAmount: { value: 0, currencyCode },
    refundedAmount: 0,
    cardHolderNotPresent: body.cardHolderNotPresent === true || body.cardHolderNotPresent === 'true',
    // Dojo's published create answers carry no secret: it comes from refresh-client-session-secret (for online checkout).
    clientSessionSecretExpirationDate: NO_SECRET,
    paymentMethods: body.paymentMethods ?? ['Card'],
    // Dojo adds the location of the API key to the metadata (every intent in its published answers carries it).
    metadata: { 'location-id': LOCATION_ID, ...(body.metadata ?? {}) },
    itemLines: body.itemLines ?? [],
    taxLines: body.taxLines ?? [],
    merchantConfig: structuredClone(MERCHANT_CONFIG),
    // Dojo answers the intent's configuration with the merchant's branding and trading name added.
    config: { ...(body.config ?? {}), branding: {}, tradingName: TRADING_NAME } as NonNullable<PaymentIntent['config']>,
    billingAddress: storedAddress(body.billingAddress, 'billingAddress'),
    shippingDetails:
      body.shippingDetails == null
        ? null
        : { ...kept<NonNullable<PaymentIntent['shippingDetails']>>(body.shippingDetails), address: storedAddress(body.shippingDetails.address, 'shippingDetails.address') },
    requestSecurity: kept(body.requestSecurity),
    orderDetails: kept(body.orderDetails),
    actionLink: kept(body.actionLink),
    autoExpireAction: autoExpiry?.action ?? null,
    autoExpireIn: autoExpiry?.in ?? null,
    expireAt,
    setupIntentId: body.setupIntentId ?? null,
    paymentSource: typeof body.paymentSource === 'string' ? body.paymentSource : 'api',
    paymentEvents: [],
    terminalSessionHistory: [],
    captures: [],
    createdAt: now,
    updatedAt: now,
  };
  intent.totalAmount = { value: total(intent), currencyCode };
  if (body.customer != null) {
    const { id, emailAddress, phoneNumber } = body.customer;
    intent.customer = { id: id ?? null, emailAddress: emailAddress ?? null, phoneNumber: phoneNumber ?? null };
  }
  const record: PaymentIntentRecord = { intent, authorisedAmount: 0, capturedAmount: 0 };
  if (autoExpiry !== undefined) record.autoExpiry = autoExpiry.plan;
  world.state.paymentIntents.push(record);
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
  // No payment event: nothing was paid (Dojo's published cancel answer has none).
  setIntentStatus(world, record, 'Canceled', undefined, false);
  return record.intent;
}

/** The card authorised the whole amount: Captured at once (Auto) or Authorized for a later capture (Manual). */
export function approvePayment(world: World, record: PaymentIntentRecord, details: PaymentDetails): void {
  const { intent } = record;
  intent.paymentDetails = details;
  if (intent.captureMode === 'Manual') {
    record.authorisedAmount = total(intent);
    setIntentStatus(world, record, 'Authorized', details);
    startAutoExpiry(world, record);
  } else {
    record.capturedAmount = total(intent);
    // As in POST …/captures, `amount` is without the tip, which `tipsAmount` carries.
    const tips = intent.tipsAmount?.value ?? 0;
    (intent.captures ??= []).push({ id: newId.capture(), amount: record.capturedAmount - tips, tipsAmount: intent.tipsAmount?.value ?? null, status: 'Successful', createdAt: iso(world.now()) });
    setIntentStatus(world, record, 'Captured', details);
  }
}

/** Auto-expiry with `Capture`: what is still authorised is captured. */
export function captureRest(world: World, record: PaymentIntentRecord): void {
  const rest = record.authorisedAmount;
  record.authorisedAmount = 0;
  record.capturedAmount += rest;
  (record.intent.captures ??= []).push({ id: newId.capture(), amount: rest, tipsAmount: 0, status: 'Successful', createdAt: iso(world.now()) });
  if (record.intent.status === 'Authorized') setIntentStatus(world, record, 'Captured');
  else touch(world, record.intent, 'Captured');
}

/** Auto-expiry with `Release`: what is still authorised is let go; an intent with nothing captured is Reversed. */
export function releaseRest(world: World, record: PaymentIntentRecord): void {
  record.authorisedAmount = 0;
  if (record.intent.status === 'Authorized') setIntentStatus(world, record, 'Reversed');
  else touch(world, record.intent);
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
  return { paymentIntentId: id, status: 'Successful', message: 'DEPOSITED' }; // Dojo's published charge answer
}

export function authCode(): string {
  return String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
}

export function refreshSecret(world: World, id: string): PaymentIntent {
  const { intent } = findIntent(world, id, 400);
  if (intent.status !== 'Created') throw new ApiProblem(400, `Payment intent ${id} is ${intent.status}; its secret can no longer be used.`, { code: 'INVALID_STATE' });
  // Issued and recorded at one instant: the secret expires exactly its lifetime after updatedAt.
  world.runAt(world.now(), () => {
    intent.clientSessionSecret = newId.clientSecret();
    intent.clientSessionSecretExpirationDate = iso(world.now() + SECRET_LIFETIME_MS);
    touch(world, intent);
  });
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
    // The wording of the answer in Dojo's refund guide ("refund for the order 3443").
    message: `refund for the ${record.intent.reference ?? record.intent.id}`,
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
