import type { DojoClient } from '../create-dojo-client.js';
import { amountLeftToRefund } from './amounts.js';
import { checkPaymentIntent } from './answers.js';
import { chooseTerminal } from './choose-terminal.js';
import { resolveFlowContext } from './flow-context.js';
import { runCounterSession, type FinalStatus } from './run-counter-session.js';
import type { RefundAtCounterOptions, RefundOutcome, RefundSettledOutcomeKind, UnlinkedRefundAtCounterOptions } from './types.js';

/** A refund session that ends `Captured` gave the money back. `Authorized` never ends a refund: left out, it is `unknown`. */
const REFUND_OUTCOMES: Readonly<Partial<Record<FinalStatus, RefundSettledOutcomeKind>>> = {
  Captured: 'refunded',
  Declined: 'declined',
  Canceled: 'canceled',
  Expired: 'expired',
  SignatureVerificationRejected: 'signature-rejected',
};

/**
 * Refunds a paid payment intent to the card the customer presents (a `MatchedRefund` session), following it like
 * `payAtCounter`. Outcome `refunded` means the money went back to the card. Without `amount`, Dojo refunds all that
 * is left unrefunded. After an ambiguous create, a rise of the payment intent's `refundedAmount` counts as `refunded`.
 */
export async function refundAtCounter(dojo: DojoClient, options: RefundAtCounterOptions): Promise<RefundOutcome> {
  const context = resolveFlowContext(options);
  const paymentIntent = checkPaymentIntent(
    await dojo.paymentIntents.get(options.paymentIntentId, {}, { ...(options.signal && { signal: options.signal }) }),
    'getPaymentIntent',
    options.paymentIntentId,
  );
  const terminalId = (await chooseTerminal(dojo, options.terminal, context)).id;
  const amount = options.amount ?? amountLeftToRefund(paymentIntent);
  return runCounterSession(
    dojo,
    {
      terminalId,
      details: {
        sessionType: 'MatchedRefund',
        matchedRefund: { paymentIntentId: paymentIntent.id, ...(options.amount && { amount: options.amount }) },
      },
      paymentIntent,
      amount,
      wakeups: options.wakeups,
      outcomeOfStatus: REFUND_OUTCOMES,
      settledByIntent: (now, before) => ((now.refundedAmount ?? 0) > (before.refundedAmount ?? 0) ? 'refunded' : undefined),
      finalAmount: () => amount,
    },
    context,
  );
}

/**
 * Pays `amount` to the card the customer presents, with no earlier payment behind it (an `UnlinkedRefund`
 * session); outcome `refunded` means the money went to the card. There is no payment intent to read, so after an ambiguous create the outcome is `unknown` unless the
 * caller's records show otherwise; webhooks cannot wake this flow (they are about payment intents).
 */
export async function unlinkedRefundAtCounter(dojo: DojoClient, options: UnlinkedRefundAtCounterOptions): Promise<RefundOutcome> {
  const context = resolveFlowContext(options);
  const terminalId = (await chooseTerminal(dojo, options.terminal, context)).id;
  // No payment intent can prove anything about an unlinked refund (`never`).
  return runCounterSession<RefundSettledOutcomeKind, never>(
    dojo,
    {
      terminalId,
      details: {
        sessionType: 'UnlinkedRefund',
        unlinkedRefund: {
          amount: options.amount,
          ...(options.cardholderNotPresent !== undefined && { cardholderNotPresent: options.cardholderNotPresent }),
        },
      },
      paymentIntent: undefined,
      amount: options.amount,
      wakeups: undefined,
      outcomeOfStatus: REFUND_OUTCOMES,
      settledByIntent: () => undefined,
      finalAmount: () => options.amount,
    },
    context,
  );
}
