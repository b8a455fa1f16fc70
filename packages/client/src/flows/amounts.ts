import type { Money, PaymentIntent } from '@dojo-terminals/types';

/** Captures that took nothing (the spec's capture statuses for a capture that did not go through). */
const FAILED_CAPTURES = new Set(['Declined', 'Failed']);

/**
 * What is left to capture of a pre-authorisation: the authorised `amount` less the captures that did not fail, in
 * its currency; `value` 0 when nothing is left, or when the payment intent is not a `Manual` one that is
 * `Authorized` (or `Captured` in part).
 */
export function amountLeftToCapture(paymentIntent: PaymentIntent): Money {
  const captured = (paymentIntent.captures ?? [])
    .filter((capture) => !FAILED_CAPTURES.has(capture.status ?? ''))
    .reduce((sum, capture) => sum + (capture.amount ?? 0), 0);
  const capturable = paymentIntent.captureMode === 'Manual' && (paymentIntent.status === 'Authorized' || paymentIntent.status === 'Captured');
  const left = capturable ? paymentIntent.amount.value - captured : 0;
  return { value: Math.max(0, left), currencyCode: paymentIntent.amount.currencyCode };
}

/** Payment intent statuses whose money was taken, so can be refunded. */
const PAID = new Set(['Captured', 'Refunded']);

/**
 * What is left to refund of a payment: its `amount` less its `refundedAmount`, in its currency; `value` 0 when
 * nothing is left or nothing was taken (not `Captured` or `Refunded`).
 */
export function amountLeftToRefund(paymentIntent: PaymentIntent): Money {
  const left = PAID.has(paymentIntent.status) ? paymentIntent.amount.value - (paymentIntent.refundedAmount ?? 0) : 0;
  return { value: Math.max(0, left), currencyCode: paymentIntent.amount.currencyCode };
}
