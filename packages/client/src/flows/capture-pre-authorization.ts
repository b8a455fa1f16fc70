import type { Capture, PaymentIntent } from '@dojo-terminals/types';
import type { DojoClient } from '../create-dojo-client.js';
import { DojoConflictError } from '../errors.js';
import { DojoCaptureRefusedError } from './errors.js';

export interface CapturePreAuthorizationOptions {
  /**
   * Minor units to capture; default: what is left of the authorised amount (the payment intent's `amount` less its
   * captures that did not fail), so a last partial capture needs no arithmetic.
   */
  amount?: number;
  /** A tip to capture with it, in minor units. */
  tipsAmount?: number;
  signal?: AbortSignal;
}

export interface CapturedPreAuthorization {
  capture: Capture;
  /** The payment intent read after the capture. */
  paymentIntent: PaymentIntent;
}

/**
 * Captures a pre-authorisation (a payment intent in `Manual` capture mode, left `Authorized` by `payAtCounter`)
 * and reads the payment intent again. A refusal (409: not an uncaptured pre-authorisation) becomes a
 * `DojoCaptureRefusedError` that carries the payment intent's state. The capture is a `POST` that is never re-sent:
 * after a `DojoConnectionError` with `outcomeUnknown`, read the payment intent's `captures` before trying again.
 */
export async function capturePreAuthorization(
  dojo: DojoClient,
  paymentIntentId: string,
  options: CapturePreAuthorizationOptions = {},
): Promise<CapturedPreAuthorization> {
  const callOptions = { ...(options.signal && { signal: options.signal }) };
  const amount = options.amount ?? uncaptured(await dojo.paymentIntents.get(paymentIntentId, {}, callOptions));
  let capture: Capture;
  try {
    capture = await dojo.paymentIntents.capture(
      paymentIntentId,
      { amount, ...(options.tipsAmount !== undefined && { tipsAmount: options.tipsAmount }) },
      callOptions,
    );
  } catch (error) {
    if (!(error instanceof DojoConflictError)) throw error;
    const paymentIntent = await dojo.paymentIntents.get(paymentIntentId, { returnCanceled: true }).catch(() => undefined);
    throw new DojoCaptureRefusedError(error, paymentIntent);
  }
  const paymentIntent = await dojo.paymentIntents.get(paymentIntentId, {}, callOptions);
  return { capture, paymentIntent };
}

const FAILED_CAPTURES = new Set(['Declined', 'Failed']);

/** The authorised amount not captured yet; the whole amount when nothing is left (Dojo then refuses with 409). */
function uncaptured(paymentIntent: PaymentIntent): number {
  const captured = (paymentIntent.captures ?? [])
    .filter((capture) => !FAILED_CAPTURES.has(capture.status ?? ''))
    .reduce((sum, capture) => sum + (capture.amount ?? 0), 0);
  const left = paymentIntent.amount.value - captured;
  return left >= 1 ? left : paymentIntent.amount.value;
}
