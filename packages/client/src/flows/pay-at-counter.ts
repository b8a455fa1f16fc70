import type { PaymentIntent, TerminalSession } from '@dojo-terminals/types';
import type { DojoClient } from '../create-dojo-client.js';
import { DojoAbortError, DojoError, DojoInvalidArgumentError } from '../errors.js';
import { checkPaymentIntent, checkSession } from './answers.js';
import { chooseTerminal } from './choose-terminal.js';
import { DojoNothingToResumeError } from './errors.js';
import { resolveFlowContext, type FlowContext } from './flow-context.js';
import { intentOutcome, runCounterSession, type CounterSessionPlan, type FinalStatus } from './run-counter-session.js';
import type { CounterOutcome, PayAtCounterOptions, ResumePayAtCounterOptions, SettledOutcomeKind } from './types.js';

const PAYMENT_OUTCOMES: Readonly<Record<FinalStatus, SettledOutcomeKind>> = {
  Captured: 'captured',
  Authorized: 'authorized',
  Declined: 'declined',
  Canceled: 'canceled',
  Expired: 'expired',
  SignatureVerificationRejected: 'signature-rejected',
};

/**
 * Takes a card payment on a terminal: checks the terminal (the one named, or the first `Available`), creates the
 * payment intent (with `amount`) or uses an existing one (`paymentIntentId`), starts a `Sale` session and follows it
 * to its end, reporting progress. Resolves with the outcome and the final session and payment intent; rejects only
 * when nothing can have been taken from the customer (a typed `DojoError`: invalid options, no terminal available,
 * a create refused by Dojo or not sent, abort before the session was created). A rejection after the payment intent
 * exists carries its id (`error.paymentIntentId`): pass it as `paymentIntentId` to try again.
 *
 * The create-session request is never sent twice. When it fails after it may have reached Dojo, the flow reads the
 * payment intent and the terminal to learn what happened: it follows the session if the payment intent's history
 * shows it, resolves `captured`/`authorized` if the payment intent shows the money was taken, and otherwise resolves
 * `unknown` (reason `session-create-unconfirmed`) after `outcomeCheckMs`.
 */
export async function payAtCounter(dojo: DojoClient, options: PayAtCounterOptions): Promise<CounterOutcome> {
  const context = resolveFlowContext(options);
  if (options.paymentIntentId === undefined && (!options.amount || typeof options.reference !== 'string')) {
    throw new DojoInvalidArgumentError('payAtCounter needs either paymentIntentId, or amount and reference');
  }
  throwIfAborted(context, 'before anything was created');
  // What can be checked is checked before anything is created: a busy terminal leaves no payment intent behind.
  const terminal = await chooseTerminal(dojo, options.terminal, context);
  const callOptions = { ...(context.signal && { signal: context.signal }) };
  let paymentIntent: PaymentIntent;
  if (options.paymentIntentId !== undefined) {
    paymentIntent = checkPaymentIntent(
      await dojo.paymentIntents.get(options.paymentIntentId, {}, callOptions),
      'getPaymentIntent',
      options.paymentIntentId,
    );
  } else {
    throwIfAborted(context, 'before the payment intent was created');
    // Never re-sent after an ambiguous failure (the client's rule for creates): the caller sees the typed error.
    paymentIntent = checkPaymentIntent(
      await dojo.paymentIntents.create({
        ...options.paymentIntent,
        amount: options.amount,
        reference: options.reference,
        ...(options.captureMode && { captureMode: options.captureMode }),
      }),
      'createPaymentIntent',
    );
    context.emit({ type: 'payment-intent-created', paymentIntent });
  }
  return withPaymentIntentId(paymentIntent.id, () => runCounterSession(dojo, salePlan(paymentIntent, terminal.id, options), context));
}

/**
 * Picks up a sale after a crash or a restart of the POS: from the payment intent id (or the terminal session id)
 * stored before the sale started, it finds the session already running and follows it, never starting another,
 * and resolves with the outcome `payAtCounter` would have given (a session that already ended is settled at once).
 * When the payment intent shows no session, it is read for up to `outcomeCheckMs` for one to appear; if none does
 * and it was not paid, it rejects with `DojoNothingToResumeError`: nothing was taken, and
 * `payAtCounter({ paymentIntentId })` starts the sale.
 */
export async function resumePayAtCounter(dojo: DojoClient, options: ResumePayAtCounterOptions): Promise<CounterOutcome> {
  const context = resolveFlowContext(options);
  throwIfAborted(context, 'before the session was read');
  const callOptions = { ...(context.signal && { signal: context.signal }) };
  let session: TerminalSession | undefined;
  let paymentIntentId = options.paymentIntentId;
  if (options.terminalSessionId !== undefined) {
    session = checkSession(await dojo.terminalSessions.get(options.terminalSessionId, callOptions), 'getTerminalSession', options.terminalSessionId);
    if (session.details?.sessionType !== 'Sale' || !session.details.sale) {
      throw new DojoInvalidArgumentError(`${session.id} is not a Sale session (${session.details?.sessionType ?? 'no details'})`);
    }
    paymentIntentId = session.details.sale.paymentIntentId;
  }
  if (paymentIntentId === undefined) throw new DojoInvalidArgumentError('resumePayAtCounter needs paymentIntentId or terminalSessionId');
  const id = paymentIntentId;
  const paymentIntent = checkPaymentIntent(await dojo.paymentIntents.get(id, {}, callOptions), 'getPaymentIntent', id);
  return withPaymentIntentId(id, async () => {
    if (!session) {
      const latest = latestSessionId(paymentIntent);
      if (latest !== undefined) {
        session = checkSession(await dojo.terminalSessions.get(latest, callOptions), 'getTerminalSession', latest);
      } else {
        // Paid, with no session in its history to show for it: the payment intent alone proves it.
        if (paymentIntent.status === 'Captured') return intentOutcome(salePlan(paymentIntent, undefined, options), paymentIntent, 'captured');
        if (paymentIntent.status === 'Authorized') return intentOutcome(salePlan(paymentIntent, undefined, options), paymentIntent, 'authorized');
        // None yet: read the payment intent for up to outcomeCheckMs for a session to appear, as after an ambiguous create.
        const outcome = await runCounterSession(dojo, { ...salePlan(paymentIntent, undefined, options), existing: 'look-up' }, context);
        if (outcome.outcome === 'unknown' && outcome.session === undefined) {
          const last = outcome.paymentIntent ?? paymentIntent;
          throw new DojoNothingToResumeError(
            `Payment intent ${id} shows no terminal session and is ${last.status}: nothing was taken; start the sale with payAtCounter({ paymentIntentId })`,
            last,
          );
        }
        return outcome;
      }
    }
    return runCounterSession(dojo, { ...salePlan(paymentIntent, session.terminalId, options), existing: session }, context);
  });
}

/** The sale session of `paymentIntent` on a terminal, as `payAtCounter` runs it. */
function salePlan(
  paymentIntent: PaymentIntent,
  terminalId: string | undefined,
  options: Pick<PayAtCounterOptions, 'wakeups'>,
): CounterSessionPlan<SettledOutcomeKind, 'captured' | 'authorized'> {
  return {
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
    finalAmount: (now) => (now ? (now.totalAmount ?? now.amount) : (paymentIntent.totalAmount ?? paymentIntent.amount)),
  };
}

/** The newest session in the payment intent's history (by `createdAt`, else the last listed). */
function latestSessionId(paymentIntent: PaymentIntent): string | undefined {
  let latest: { id: string; at: number } | undefined;
  for (const entry of paymentIntent.terminalSessionHistory ?? []) {
    const summary = entry?.terminalSession;
    if (typeof summary?.id !== 'string') continue;
    const at = Date.parse(summary.createdAt ?? '');
    if (!latest || Number.isNaN(at) || Number.isNaN(latest.at) || at >= latest.at) latest = { id: summary.id, at };
  }
  return latest?.id;
}

function throwIfAborted(context: FlowContext, when: string): void {
  if (context.signal?.aborted) {
    throw new DojoAbortError(`The flow was aborted ${when}: nothing was sent to the terminal`, { cause: context.signal.reason });
  }
}

/** Runs `flow`; a `DojoError` it rejects with carries the payment intent's id, so nothing is left without a handle. */
async function withPaymentIntentId<T>(paymentIntentId: string, flow: () => Promise<T>): Promise<T> {
  try {
    return await flow();
  } catch (error) {
    if (error instanceof DojoError) error.paymentIntentId ??= paymentIntentId;
    throw error;
  }
}
