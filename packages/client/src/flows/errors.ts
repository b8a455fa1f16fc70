import type { PaymentIntent } from '@dojo-terminals/types';
import { DojoConflictError, DojoError } from '../errors.js';

/** `terminal: 'first-available'` found no terminal whose status is `Available`. Nothing was sent to a terminal. */
export class DojoNoTerminalAvailableError extends DojoError {
  override name = 'DojoNoTerminalAvailableError';
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
