import type { PaymentIntent } from '@dojo-terminals/types';
import type { DojoClient } from '../create-dojo-client.js';
import { DojoInvalidArgumentError } from '../errors.js';
import { chooseTerminal } from './choose-terminal.js';
import { resolveFlowContext } from './flow-context.js';
import { runCounterSession, type FinalStatus } from './run-counter-session.js';
import type { CounterOutcome, PayAtCounterOptions, SettledOutcomeKind } from './types.js';

const PAYMENT_OUTCOMES: Readonly<Record<FinalStatus, SettledOutcomeKind>> = {
  Captured: 'captured',
  Authorized: 'authorized',
  Declined: 'declined',
  Canceled: 'canceled',
  Expired: 'expired',
  SignatureVerificationRejected: 'signature-rejected',
};

/**
 * Takes a card payment on a terminal: creates the payment intent (with `amount`) or uses an existing one
 * (`paymentIntentId`), picks the terminal, starts a `Sale` session and follows it to its end, reporting progress.
 * Resolves with the outcome and the final session and payment intent; rejects only when nothing can have been
 * taken from the customer (a typed `DojoError`: invalid options, no terminal available, a create refused by Dojo or
 * not sent, abort before the session was created, an unexpected failure of a read).
 *
 * The create-session request is never sent twice. When it fails after it may have reached Dojo, the flow reads the
 * payment intent and the terminal to learn what happened: it follows the session if the payment intent's history
 * shows it, resolves `captured`/`authorized` if the payment intent shows the money was taken, and otherwise resolves
 * `unknown` (reason `session-create-unconfirmed`) after `outcomeCheckMs`.
 */
export async function payAtCounter(dojo: DojoClient, options: PayAtCounterOptions): Promise<CounterOutcome> {
  const context = resolveFlowContext(options);
  let paymentIntent: PaymentIntent;
  if (options.paymentIntentId !== undefined) {
    paymentIntent = await dojo.paymentIntents.get(options.paymentIntentId, {}, { ...(options.signal && { signal: options.signal }) });
  } else {
    if (!options.amount || typeof options.reference !== 'string') {
      throw new DojoInvalidArgumentError('payAtCounter needs either paymentIntentId, or amount and reference');
    }
    // Never re-sent after an ambiguous failure (the client's rule for creates): the caller sees the typed error.
    paymentIntent = await dojo.paymentIntents.create({
      ...options.paymentIntent,
      amount: options.amount,
      reference: options.reference,
      ...(options.captureMode && { captureMode: options.captureMode }),
    });
    context.emit({ type: 'payment-intent-created', paymentIntent });
  }
  const terminalId = await chooseTerminal(dojo, options.terminal, context);
  return runCounterSession(
    dojo,
    {
      terminalId,
      details: { sessionType: 'Sale', sale: { paymentIntentId: paymentIntent.id } },
      paymentIntent,
      amount: paymentIntent.totalAmount ?? paymentIntent.amount,
      wakeups: options.wakeups,
      outcomeOfStatus: PAYMENT_OUTCOMES,
      settledByIntent: (now, before) =>
        before.status === 'Created' && now.status === 'Captured'
          ? 'captured'
          : before.status === 'Created' && now.status === 'Authorized'
          ? 'authorized'
          : undefined,
      finalAmount: (now) => (now ? now.totalAmount ?? now.amount : paymentIntent.totalAmount ?? paymentIntent.amount),
    },
    context,
  );
}
