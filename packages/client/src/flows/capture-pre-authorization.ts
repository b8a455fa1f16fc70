import type { Capture, Money, PaymentIntent } from '@dojo-terminals/types';
import type { DojoClient } from '../create-dojo-client.js';
import { DojoConflictError, DojoInvalidArgumentError } from '../errors.js';
import { amountLeftToCapture } from './amounts.js';
import { checkPaymentIntent } from './answers.js';
import { DojoCaptureRefusedError } from './errors.js';

export interface CapturePreAuthorizationOptions {
  /**
   * How much to capture, in the payment intent's currency, as every flow takes amounts (`{ value, currencyCode }`,
   * minor units); default: what is left (`amountLeftToCapture`), so a last partial capture needs no arithmetic.
   */
  amount?: Money;
  /** A tip to capture with it, in the payment intent's currency. */
  tipsAmount?: Money;
  signal?: AbortSignal;
}

export interface CapturedPreAuthorization {
  capture: Capture;
  /** The payment intent read after the capture. */
  paymentIntent: PaymentIntent;
}

/**
 * Captures a pre-authorisation (a payment intent in `Manual` capture mode, left `Authorized` by `payAtCounter`)
 * and reads the payment intent again. An amount in another currency than the payment intent's is refused before
 * anything is sent (`DojoInvalidArgumentError`). A refusal (409: not an uncaptured pre-authorisation) becomes a
 * `DojoCaptureRefusedError` that carries the payment intent's state. The capture is a `POST` that is never re-sent:
 * after a `DojoConnectionError` with `outcomeUnknown`, read the payment intent's `captures` before trying again.
 */
export async function capturePreAuthorization(
  dojo: DojoClient,
  paymentIntentId: string,
  options: CapturePreAuthorizationOptions = {},
): Promise<CapturedPreAuthorization> {
  const callOptions = { ...(options.signal && { signal: options.signal }) };
  const before = checkPaymentIntent(await dojo.paymentIntents.get(paymentIntentId, {}, callOptions), 'getPaymentIntent', paymentIntentId);
  const { currencyCode } = before.amount;
  for (const [name, money] of [['amount', options.amount], ['tipsAmount', options.tipsAmount]] as const) {
    if (money !== undefined && (money.currencyCode !== currencyCode || !Number.isSafeInteger(money.value) || money.value < 0)) {
      throw new DojoInvalidArgumentError(`${name} must be a whole number of minor units in ${currencyCode}, the payment intent's currency`);
    }
  }
  const left = amountLeftToCapture(before).value;
  // Nothing left: asking for the whole amount lets Dojo refuse (409), which says why.
  const amount = options.amount?.value ?? (left >= 1 ? left : before.amount.value);
  let capture: Capture;
  try {
    capture = await dojo.paymentIntents.capture(
      paymentIntentId,
      { amount, ...(options.tipsAmount !== undefined && { tipsAmount: options.tipsAmount.value }) },
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
