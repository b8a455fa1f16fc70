import type { FINAL_TERMINAL_SESSION_STATUSES, Money, PaymentDetails, PaymentIntent, Terminal, TerminalSession, TerminalSessionDetails } from '@dojo-terminals/types';
import type { DojoClient } from '../create-dojo-client.js';
import { DojoAbortError, DojoInvalidArgumentError } from '../errors.js';
import { checkPaymentIntent, checkSession, checkTerminal } from './answers.js';
import { isTransient, provesNothingDone } from './failures.js';
import type { FlowContext } from './flow-context.js';
import { followSession, isFinal, type FollowResult } from './follow-session.js';
import { createPause, type Pause } from './pause.js';
import type { PaymentIntentOutcome, SettledOutcome, UnknownOutcome } from './types.js';
import type { SessionWakeupSource } from './wakeups.js';

/**
 * One session to run, as prepared by `payAtCounter`, `refundAtCounter` or `unlinkedRefundAtCounter`. `Settled` names
 * the outcomes of the session's final statuses, `ByIntent` those a payment intent alone can prove.
 */
export interface CounterSessionPlan<Settled extends string, ByIntent extends string> {
  /** Where the session runs; undefined when resuming from a payment intent whose history shows none yet. */
  terminalId: string | undefined;
  details: TerminalSessionDetails;
  /** The payment intent the session works on, as read before it (none for an unlinked refund). */
  paymentIntent: PaymentIntent | undefined;
  /** What the session is for, when no payment intent says it better. */
  amount: Money | undefined;
  wakeups: SessionWakeupSource | undefined;
  /** The outcome each final status of the session means for this flow; a status left out cannot end it. */
  outcomeOfStatus: Readonly<Partial<Record<FinalStatus, Settled>>>;
  /** What a change of the payment intent alone proves happened, after an ambiguous create. */
  settledByIntent(now: PaymentIntent, before: PaymentIntent): ByIntent | undefined;
  /** The amount to report once the session has ended. */
  finalAmount(paymentIntent: PaymentIntent | undefined): Money | undefined;
  /**
   * `resumePayAtCounter`: a session that is already running, followed, never created; or `'look-up'`: none is known,
   * so the payment intent is read (as after an ambiguous create) for one to appear, for up to `outcomeCheckMs`.
   */
  existing?: TerminalSession | 'look-up' | undefined;
}

/** The statuses a session ends in. */
export type FinalStatus = (typeof FINAL_TERMINAL_SESSION_STATUSES)[number];

/** The outcome of a flow that runs `plan`. */
export type PlanOutcome<Settled extends string, ByIntent extends string> =
  | SettledOutcome<Settled>
  | PaymentIntentOutcome<ByIntent>
  | UnknownOutcome;

/** Creates the session (once, never again), follows it to its end and reads the result. */
export async function runCounterSession<Settled extends string, ByIntent extends string>(
  dojo: DojoClient,
  plan: CounterSessionPlan<Settled, ByIntent>,
  context: FlowContext,
): Promise<PlanOutcome<Settled, ByIntent>> {
  if (context.signal?.aborted) {
    throw new DojoAbortError('The flow was aborted before the terminal session was created: nothing was sent to the terminal', {
      cause: context.signal.reason,
    });
  }
  const pause = createPause(context.signal);
  const unsubscribe = plan.paymentIntent && plan.wakeups ? plan.wakeups.subscribe(plan.paymentIntent.id, pause.nudge) : undefined;
  try {
    let session: TerminalSession;
    if (plan.existing === 'look-up') {
      const found = await checkOutcome(dojo, plan, context, pause, undefined);
      if (found.kind === 'outcome') return found.outcome;
      session = found.session;
      context.emit({ type: 'session-found', terminalSessionId: session.id });
    } else if (plan.existing) {
      session = plan.existing;
      context.emit({ type: 'session-found', terminalSessionId: session.id });
    } else try {
      if (plan.terminalId === undefined) throw new DojoInvalidArgumentError('a session needs a terminal');
      // No signal: aborting a create that may already have reached Dojo would only make its outcome unknown.
      const created = await dojo.terminalSessions.create({ terminalId: plan.terminalId, details: plan.details });
      session = checkSession(created, 'createTerminalSession');
      context.emit({ type: 'session-created', session });
    } catch (error) {
      // Only a failure that proves nothing was done rejects; from here on anything else ends on the outcome check.
      if (provesNothingDone(error)) throw error;
      context.emit({ type: 'checking-outcome', error });
      const found = await checkOutcome(dojo, plan, context, pause, error);
      if (found.kind === 'outcome') return found.outcome;
      session = found.session;
      context.emit({ type: 'session-found', terminalSessionId: session.id });
    }
    const followed = await followSession(dojo, session, context, pause);
    const paymentIntent = plan.paymentIntent && (await readFinalPaymentIntent(dojo, plan.paymentIntent.id, context, pause));
    return settle(plan, followed, paymentIntent);
  } finally {
    unsubscribe?.();
    pause.dispose();
  }
}

/** Read attempts of the payment intent once the session has ended, while Dojo is unreachable. */
const FINAL_READ_ATTEMPTS = 5;

/** The payment intent after the session, read again a few times (with the poll backoff) if Dojo is unreachable. */
async function readFinalPaymentIntent(
  dojo: DojoClient,
  id: string,
  context: FlowContext,
  pause: Pause,
): Promise<PaymentIntent | undefined> {
  let delay = context.poll.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return checkPaymentIntent(await dojo.paymentIntents.get(id), 'getPaymentIntent', id);
    } catch (error) {
      if (!isTransient(error) || attempt >= FINAL_READ_ATTEMPTS) return undefined;
    }
    await pause.wait(delay);
    delay = Math.min(context.poll.maxDelayMs, delay * context.poll.factor);
  }
}

function settle<Settled extends string, ByIntent extends string>(
  plan: CounterSessionPlan<Settled, ByIntent>,
  followed: FollowResult,
  paymentIntent: PaymentIntent | undefined,
): PlanOutcome<Settled, ByIntent> {
  const { session } = followed;
  const fields = {
    session,
    paymentIntent,
    terminalId: session.terminalId,
    amount: plan.finalAmount(paymentIntent),
    ...cardFields(session.paymentDetails ?? paymentIntent?.paymentDetails),
    cancelRefused: followed.cancelRefused,
  };
  const outcome = followed.final && isFinalStatus(session.status) ? plan.outcomeOfStatus[session.status] : undefined;
  if (outcome) return { outcome, ...fields };
  if (followed.final) return { outcome: 'unknown', reason: 'unexpected-status', terminal: undefined, error: undefined, ...fields };
  if (followed.error === undefined) return { outcome: 'unknown', reason: 'session-overdue', terminal: undefined, error: undefined, ...fields };
  return { outcome: 'unknown', reason: 'session-unreachable', terminal: undefined, error: followed.error, ...fields };
}

function isFinalStatus(status: TerminalSession['status']): status is FinalStatus {
  return isFinal(status);
}

type Checked<Settled extends string, ByIntent extends string> =
  | { kind: 'session'; session: TerminalSession }
  | { kind: 'outcome'; outcome: PlanOutcome<Settled, ByIntent> };

/**
 * After a create that may have reached Dojo: reads the payment intent (for a session in its history, or a status
 * that proves the payment) and the terminal, until `outcomeCheckMs` has passed or the caller's signal fires.
 * Never sends the create again.
 */
async function checkOutcome<Settled extends string, ByIntent extends string>(
  dojo: DojoClient,
  plan: CounterSessionPlan<Settled, ByIntent>,
  context: FlowContext,
  pause: Pause,
  cause: unknown,
): Promise<Checked<Settled, ByIntent>> {
  const before = plan.paymentIntent;
  const knownSessions = new Set((before?.terminalSessionHistory ?? []).map((entry) => entry.terminalSession?.id));
  const giveUpAt = Date.now() + context.outcomeCheckMs;
  let delay = context.poll.initialDelayMs;
  let paymentIntent = before;
  let terminal: Terminal | undefined;
  for (;;) {
    if (before) {
      paymentIntent =
        (await readQuietly(async () => checkPaymentIntent(await dojo.paymentIntents.get(before.id), 'getPaymentIntent', before.id))) ??
        paymentIntent;
      const newSessionId = paymentIntent?.terminalSessionHistory
        ?.map((entry) => entry.terminalSession)
        .find(
          (summary) =>
            summary?.id &&
            !knownSessions.has(summary.id) &&
            (plan.terminalId === undefined || (summary.terminalId ?? plan.terminalId) === plan.terminalId),
        )?.id;
      if (newSessionId) {
        const session = await readQuietly(async () =>
          checkSession(await dojo.terminalSessions.get(newSessionId), 'getTerminalSession', newSessionId),
        );
        if (session) return { kind: 'session', session };
      }
      const settled = paymentIntent && plan.settledByIntent(paymentIntent, before);
      if (settled && paymentIntent) return { kind: 'outcome', outcome: intentOutcome(plan, paymentIntent, settled) };
    }
    const { terminalId } = plan;
    if (terminalId !== undefined) {
      terminal = (await readQuietly(async () => checkTerminal(await dojo.terminals.get(terminalId), 'getTerminal', terminalId))) ?? terminal;
    }
    if (Date.now() >= giveUpAt || context.signal?.aborted) break;
    await pause.wait(Math.min(delay, Math.max(0, giveUpAt - Date.now())));
    delay = Math.min(context.poll.maxDelayMs, delay * context.poll.factor);
  }
  return {
    kind: 'outcome',
    outcome: {
      outcome: 'unknown',
      reason: 'session-create-unconfirmed',
      session: undefined,
      paymentIntent,
      terminal,
      terminalId: plan.terminalId,
      amount: plan.finalAmount(paymentIntent),
      ...cardFields(paymentIntent?.paymentDetails),
      cancelRefused: false,
      error: cause,
    },
  };
}

/** An outcome the payment intent alone proves, with no session to show for it. */
export function intentOutcome<Settled extends string, ByIntent extends string>(
  plan: CounterSessionPlan<Settled, ByIntent>,
  paymentIntent: PaymentIntent,
  outcome: ByIntent,
): PaymentIntentOutcome<ByIntent> {
  return {
    outcome,
    session: undefined,
    paymentIntent,
    terminalId: plan.terminalId,
    amount: plan.finalAmount(paymentIntent),
    ...cardFields(paymentIntent.paymentDetails),
    cancelRefused: false,
  };
}

/** What a receipt prints about the card. */
function cardFields(details: PaymentDetails | null | undefined) {
  return {
    cardBrand: details?.card?.cardType ?? undefined,
    cardLast4: details?.card?.last4PAN ?? lastFour(details?.card?.cardNumber),
    authCode: details?.authCode ?? undefined,
  };
}

function lastFour(maskedNumber: unknown): string | undefined {
  const digits = typeof maskedNumber === 'string' ? maskedNumber.match(/(\d{4})$/)?.[1] : undefined;
  return digits ?? undefined;
}

/** The result of a read, or `undefined` when it failed: used where a failed read only means "not known yet". */
async function readQuietly<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch {
    return undefined;
  }
}
