import { describe, expect, it } from 'vitest';
import { amountLeftToCapture, amountLeftToRefund, capturePreAuthorization, DojoCaptureRefusedError, DojoConflictError, DojoInvalidArgumentError } from '../index.js';
import { fakeDojo, inTurn, PAYMENT_INTENT_ID, paymentIntent, problem, reply } from './test-support.js';

const authorized = paymentIntent({ status: 'Authorized', captureMode: 'Manual' });
const GBP = (value: number) => ({ value, currencyCode: 'GBP' });

describe('capturePreAuthorization', () => {
  it('captures the whole authorised amount by default and returns the payment intent read afterwards', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': inTurn(reply(authorized), reply(paymentIntent({ status: 'Captured', captureMode: 'Manual' }))),
      'POST /payment-intents/:id/captures': reply({ captureId: 'cp_sandbox_abc123', message: 'Captured' }),
    });
    const result = await capturePreAuthorization(api.dojo, PAYMENT_INTENT_ID);
    expect(api.sent('POST', '/payment-intents/')[0]).toMatchObject({
      path: `/payment-intents/${PAYMENT_INTENT_ID}/captures`,
      body: { amount: 1250 },
    });
    expect(result).toEqual({
      capture: { captureId: 'cp_sandbox_abc123', message: 'Captured' },
      paymentIntent: expect.objectContaining({ status: 'Captured' }),
    });
  });

  it('captures what is left after earlier captures by default, not counting failed ones', async () => {
    const partly = paymentIntent({
      status: 'Authorized',
      captureMode: 'Manual',
      captures: [
        { id: 'cp_sandbox_first', amount: 500, status: 'Successful', createdAt: '2026-11-25T10:00:00Z' },
        { id: 'cp_sandbox_failed', amount: 300, status: 'Failed', createdAt: '2026-11-25T10:01:00Z' },
      ],
    });
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(partly),
      'POST /payment-intents/:id/captures': reply({ captureId: 'cp_sandbox_rest' }),
    });
    await capturePreAuthorization(api.dojo, PAYMENT_INTENT_ID);
    expect(api.sent('POST', '/payment-intents/')[0]?.body).toEqual({ amount: 750 });
  });

  it('captures part of it with a tip, amounts in the shape every flow takes', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(authorized),
      'POST /payment-intents/:id/captures': reply({ captureId: 'cp_sandbox_abc124' }),
    });
    await capturePreAuthorization(api.dojo, PAYMENT_INTENT_ID, { amount: GBP(1000), tipsAmount: GBP(100) });
    expect(api.sent('POST', '/payment-intents/')[0]?.body).toEqual({ amount: 1000, tipsAmount: 100 });
  });

  it('refuses an amount in another currency than the payment intent, before sending the capture', async () => {
    const api = fakeDojo({ 'GET /payment-intents/:id': reply(authorized) });
    const error = await capturePreAuthorization(api.dojo, PAYMENT_INTENT_ID, { amount: { value: 1000, currencyCode: 'EUR' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DojoInvalidArgumentError);
    expect(api.sent('POST', '/payment-intents/')).toEqual([]);
  });

  it('turns a 409 into DojoCaptureRefusedError carrying the payment intent state', async () => {
    const api = fakeDojo({
      'GET /payment-intents/:id': reply(paymentIntent({ status: 'Captured', captureMode: 'Auto' })),
      'POST /payment-intents/:id/captures': () => problem(409, 'Payment intent is not authorized'),
    });
    const error = await capturePreAuthorization(api.dojo, PAYMENT_INTENT_ID, { amount: GBP(1250) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DojoCaptureRefusedError);
    expect(error).toBeInstanceOf(DojoConflictError);
    expect(error).toMatchObject({ status: 409, traceId: 'trace-1', paymentIntent: { status: 'Captured' } });
    expect((error as Error).message).toMatch(/status Captured, capture mode Auto/);
    expect(api.sent('POST', '/payment-intents/')).toHaveLength(1);
  });
});

describe('amountLeftToCapture and amountLeftToRefund', () => {
  const captures = [
    { id: 'cp_sandbox_first', amount: 500, status: 'Successful' as const, createdAt: '2026-11-25T10:00:00Z' },
    { id: 'cp_sandbox_failed', amount: 300, status: 'Failed' as const, createdAt: '2026-11-25T10:01:00Z' },
  ];

  it('leave out failed captures, and nothing is left to capture of what is not a Manual pre-authorisation', () => {
    expect(amountLeftToCapture(paymentIntent({ status: 'Authorized', captureMode: 'Manual', captures }))).toEqual(GBP(750));
    expect(amountLeftToCapture(paymentIntent({ status: 'Captured', captureMode: 'Manual', captures }))).toEqual(GBP(750));
    expect(amountLeftToCapture(paymentIntent({ status: 'Captured', captureMode: 'Auto' }))).toEqual(GBP(0));
    expect(amountLeftToCapture(paymentIntent({ status: 'Created' }))).toEqual(GBP(0));
  });

  it('count what was refunded, and nothing is left to refund of what was not taken', () => {
    expect(amountLeftToRefund(paymentIntent({ status: 'Captured', refundedAmount: 250 }))).toEqual(GBP(1000));
    expect(amountLeftToRefund(paymentIntent({ status: 'Refunded', refundedAmount: 1250 }))).toEqual(GBP(0));
    expect(amountLeftToRefund(paymentIntent({ status: 'Authorized' }))).toEqual(GBP(0));
    expect(amountLeftToRefund(paymentIntent({ status: 'Reversed' }))).toEqual(GBP(0));
  });
});
