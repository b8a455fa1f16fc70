import { describe, expect, it } from 'vitest';
import { refundAtCounter, unlinkedRefundAtCounter } from '../index.js';
import {
  CARD_PAYMENT,
  connectionReset,
  FAST_POLL,
  fakeDojo,
  inTurn,
  PAYMENT_INTENT_ID,
  paymentIntent,
  reply,
  session,
  terminal,
  TERMINAL_ID,
} from './test-support.js';

const paid = paymentIntent({ status: 'Captured', refundedAmount: 250 });

describe('refundAtCounter', () => {
  it('runs a MatchedRefund session for the payment intent and resolves with the refunded amount', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': inTurn(reply(paid), reply(paymentIntent({ status: 'Captured', refundedAmount: 750 }))),
      'GET /terminals': reply([terminal()]),
      'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
      'GET /terminal-sessions/:id': inTurn(
        reply(session('Initiated', ['PresentCard'])),
        reply(session('Captured', ['PresentCard'], { paymentDetails: CARD_PAYMENT })),
      ),
    });
    const result = await refundAtCounter(api.dojo, {
      paymentIntentId: PAYMENT_INTENT_ID,
      amount: { value: 500, currencyCode: 'GBP' },
      terminal: 'first-available',
      poll: FAST_POLL,
    });
    expect(api.sent('POST', '/terminal-sessions')[0]?.body).toEqual({
      terminalId: TERMINAL_ID,
      details: {
        sessionType: 'MatchedRefund',
        matchedRefund: { paymentIntentId: PAYMENT_INTENT_ID, amount: { value: 500, currencyCode: 'GBP' } },
      },
    });
    expect(result).toMatchObject({
      outcome: 'refunded',
      amount: { value: 500 },
      paymentIntent: { refundedAmount: 750 },
      cardLast4: '1096',
    });
  });

  it('without an amount refunds what is left, and learns from refundedAmount after an ambiguous create', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': inTurn(reply(paid), reply(paid), reply(paymentIntent({ status: 'Refunded', refundedAmount: 1250 }))),
      'POST /terminal-sessions': () => connectionReset(),
      'GET /terminals/:id': inTurn(reply(terminal()), reply(terminal({ status: 'InUse' }))), // Available when checked, then busy
    });
    const result = await refundAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, terminal: TERMINAL_ID, poll: FAST_POLL });
    expect(api.sent('POST', '/terminal-sessions')).toHaveLength(1);
    expect(api.sent('POST', '/terminal-sessions')[0]?.body).toMatchObject({
      details: { matchedRefund: { paymentIntentId: PAYMENT_INTENT_ID } },
    });
    expect(
      (api.sent('POST', '/terminal-sessions')[0]?.body as { details: { matchedRefund: object } }).details.matchedRefund,
    ).not.toHaveProperty('amount');
    expect(result).toMatchObject({ outcome: 'refunded', session: undefined, amount: { value: 1000, currencyCode: 'GBP' } });
  });

  it('resolves unknown (unexpected-status), never refunded, when a refund session ends Authorized', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paid),
      'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
      'GET /terminal-sessions/:id': reply(session('Authorized', ['PresentCard'])),
    });
    const result = await refundAtCounter(api.dojo, { paymentIntentId: PAYMENT_INTENT_ID, terminal: TERMINAL_ID, poll: FAST_POLL });
    expect(result).toMatchObject({ outcome: 'unknown', reason: 'unexpected-status', session: { status: 'Authorized' } });
  });
});

describe('unlinkedRefundAtCounter', () => {
  it('runs an UnlinkedRefund session without any payment intent', async () => {
    const api = fakeDojo({
      'POST /terminal-sessions': reply(
        session('InitiateRequested', [], {
          details: { sessionType: 'UnlinkedRefund', unlinkedRefund: { amount: { value: 900, currencyCode: 'GBP' } } },
        }),
        201,
      ),
      'GET /terminal-sessions/:id': reply(session('Declined', ['CardUnsupported'])),
    });
    const result = await unlinkedRefundAtCounter(api.dojo, {
      amount: { value: 900, currencyCode: 'GBP' },
      cardholderNotPresent: true,
      terminal: TERMINAL_ID,
      poll: FAST_POLL,
    });
    expect(api.sent('POST', '/terminal-sessions')[0]?.body).toEqual({
      terminalId: TERMINAL_ID,
      details: {
        sessionType: 'UnlinkedRefund',
        unlinkedRefund: { amount: { value: 900, currencyCode: 'GBP' }, cardholderNotPresent: true },
      },
    });
    expect(result).toMatchObject({ outcome: 'declined', paymentIntent: undefined, amount: { value: 900 } });
    expect(api.sent('GET', '/payment-intents')).toEqual([]);
    expect(api.unexpected).toEqual([]);
  });

  it('resolves refunded when the session ends Captured', async () => {
    const api = fakeDojo({
      'POST /terminal-sessions': reply(session('InitiateRequested'), 201),
      'GET /terminal-sessions/:id': reply(session('Captured', ['PresentCard'], { paymentDetails: CARD_PAYMENT })),
    });
    const result = await unlinkedRefundAtCounter(api.dojo, { amount: { value: 900, currencyCode: 'GBP' }, terminal: TERMINAL_ID, poll: FAST_POLL });
    expect(result).toMatchObject({ outcome: 'refunded', paymentIntent: undefined, amount: { value: 900 }, cardLast4: '1096' });
  });

  it('resolves unknown after an ambiguous create, reading only the terminal', async () => {
    const api = fakeDojo({
      'POST /terminal-sessions': () => connectionReset(),
      'GET /terminals/:id': reply(terminal({ status: 'Available' })),
    });
    const result = await unlinkedRefundAtCounter(api.dojo, {
      amount: { value: 900, currencyCode: 'GBP' },
      terminal: TERMINAL_ID,
      poll: FAST_POLL,
      outcomeCheckMs: 30,
    });
    expect(result).toMatchObject({
      outcome: 'unknown',
      reason: 'session-create-unconfirmed',
      terminal: { status: 'Available' },
      paymentIntent: undefined,
    });
    expect(api.sent('POST', '/terminal-sessions')).toHaveLength(1);
  });
});
