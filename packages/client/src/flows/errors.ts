import type { PaymentIntent, Terminal } from '@dojo-terminals/types';
import { DojoConflictError, DojoError } from '../errors.js';

/**
 * No terminal to run the session on: `terminal: 'first-available'` found none whose status is `Available`, or the
 * terminal named is not `Available` (`terminal` holds it as read). Checked before anything is created: nothing was
 * sent to a terminal and no payment intent was created.
 */
export class DojoNoTerminalAvailableError extends DojoError {
  override name = 'DojoNoTerminalAvailableError';
  readonly terminal: Terminal | undefined;
  constructor(message: string, terminal?: Terminal) {
    super(message);
    this.terminal = terminal;
  }
}

/**
 * `resumePayAtCounter` found no terminal session to follow: the payment intent showed none in its history for
 * `outcomeCheckMs` and was not paid (`paymentIntent` as last read). Nothing was taken; start the sale with
 * `payAtCounter({ paymentIntentId })`.
 */
export class DojoNothingToResumeError extends DojoError {
  override name = 'DojoNothingToResumeError';
  readonly paymentIntent: PaymentIntent;
  constructor(message: string, paymentIntent: PaymentIntent) {
    super(message);
    this.paymentIntent = paymentIntent;
  }
}

/**
 * Dojo refused a capture (409): the payment intent is not an uncaptured pre-authorisation (already captured,
 * reversed, canceled, or taken in `Auto` capture mode). `paymentIntent` is the payment intent as read afterwards.
 */
export class DojoCaptureRefusedError extends DojoConflictError {
  override name = 'DojoCaptureRefusedError';
  readonly paymentIntent: PaymentIntent | undefined;
  constructor(refused: DojoConflictError, paymentIntent: PaymentIntent | undefined) {
    super(refused.operationId, refused.status, refused.body);
    this.paymentIntent = paymentIntent;
    const state = paymentIntent ? ` (status ${paymentIntent.status}, capture mode ${paymentIntent.captureMode ?? 'Auto'})` : '';
    this.message = `Dojo refused to capture payment intent ${
      paymentIntent?.id ?? ''
    }${state}: only an Authorized payment intent in Manual capture mode can be captured. ${this.message}`;
    this.cause = refused;
  }
}
