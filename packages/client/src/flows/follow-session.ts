import { FINAL_TERMINAL_SESSION_STATUSES, type TerminalSession, type TerminalSessionStatus } from '@dojo-terminals/types';
import type { DojoClient } from '../create-dojo-client.js';
import { attemptSignal } from '../timeout.js';
import { checkSession } from './answers.js';
import { isCancelRefused, isTransient } from './failures.js';
import type { FlowContext } from './flow-context.js';
import type { Pause } from './pause.js';
import type { CounterProgressEvent } from './types.js';

const FINAL_STATUSES: ReadonlySet<TerminalSessionStatus> = new Set(FINAL_TERMINAL_SESSION_STATUSES);

export const isFinal = (status: TerminalSessionStatus): boolean => FINAL_STATUSES.has(status);

/**
 * How following a session ended: at a final status, or (`final: false`) past its expiry plus the margin, either
 * unreachable (`error` is the last read failure) or still answering a status that is not final.
 */
export interface FollowResult {
  session: TerminalSession;
  final: boolean;
  cancelRefused: boolean;
  /** The last read failure, when the session could not be read to its end. */
  error: unknown;
}

/**
 * The longest a session is followed in one status, whatever `expireAt` says: Dojo's windows are 60 to 90 s, so a
 * later `expireAt` (a server that pushes it on and on) is not believed past this.
 */
export const LONGEST_STATUS_MS = 10 * 60_000;

type CancelState = 'none' | 'pending' | 'requested' | 'refused';

/**
 * Reads the session until its status is final: waits with backoff between reads (reset on each status change,
 * cut short by `pause.nudge()`), reports status changes and new notifications, asks for the signature check, and
 * requests a cancel once the caller's signal fires. Transient read failures are reported and retried. It never
 * rejects and never runs past the session's `expireAt` (at most LONGEST_STATUS_MS after the status began) plus
 * `expiryMarginMs`, whatever the server answers; a read failure that waiting cannot cure ends it at once.
 */
export async function followSession(dojo: DojoClient, first: TerminalSession, context: FlowContext, pause: Pause): Promise<FollowResult> {
  const { poll, signal, emit } = context;
  const seenNotifications = new Set<string>();
  let session = first;
  let delay = poll.initialDelayMs;
  let cancel: CancelState = 'none';
  let lastError: unknown;
  let signatureAsked = false;
  let statusSince = Date.now();
  // Past this the flow stops, whatever the server answers: the session's expiry (bounded) plus the margin.
  const giveUpAt = (): number => Math.min(expiryOf(session, statusSince), statusSince + LONGEST_STATUS_MS) + context.expiryMarginMs;

  const observe = (next: TerminalSession): void => {
    const previous = session.status;
    session = next;
    if (next.status !== previous) {
      statusSince = Date.now();
      delay = poll.initialDelayMs;
      emit({ type: 'status', status: next.status, previous, session: next });
    }
    for (const notification of next.notificationEvents ?? []) {
      const key = `${notification.notificationType}@${notification.createdAt}`;
      if (seenNotifications.has(key)) continue;
      seenNotifications.add(key);
      emit({ type: 'notification', notification: notification.notificationType, createdAt: notification.createdAt, session: next });
    }
  };
  observe(first);

  while (!isFinal(session.status)) {
    if (Date.now() > giveUpAt()) return { session, final: false, cancelRefused: cancel === 'refused', error: lastError };
    if (signal?.aborted && (cancel === 'none' || cancel === 'pending')) {
      cancel = await requestCancel(dojo, session, emit, (next) => observe(next));
      if (isFinal(session.status)) break;
    }
    // Asked once per session: a stale read after the answer must not ask the cashier again.
    if (session.status === 'SignatureVerificationRequired' && !signatureAsked) {
      signatureAsked = true;
      const answered = await askSignature(dojo, session, context);
      if (answered) observe(answered);
      continue;
    }
    await pause.wait(Math.min(delay, Math.max(0, giveUpAt() - Date.now())));
    if (signal?.aborted && cancel === 'none') continue; // cancel first, then read
    try {
      const next = checkSession(await dojo.terminalSessions.get(session.id), 'getTerminalSession', session.id);
      lastError = undefined;
      const changed = next.status !== session.status;
      observe(next);
      if (!changed) delay = Math.min(poll.maxDelayMs, delay * poll.factor);
    } catch (error) {
      // A failure waiting cannot cure (401, 403, 404): the flow cannot learn the outcome, which is not a rejection.
      if (!isTransient(error)) return { session, final: false, cancelRefused: cancel === 'refused', error };
      lastError = error;
      emit({ type: 'poll-failed', error, session });
      delay = Math.min(poll.maxDelayMs, delay * poll.factor);
    }
  }
  return { session, final: true, cancelRefused: cancel === 'refused', error: lastError };
}

/** How long Dojo waits for a card: the expiry assumed when `expireAt` cannot be read. */
const SESSION_LIFETIME_MS = 80_000;

function expiryOf(session: TerminalSession, statusSince: number): number {
  const expireAt = Date.parse(session.expireAt);
  return Number.isNaN(expireAt) ? statusSince + SESSION_LIFETIME_MS : expireAt;
}

/** `PUT …/cancel`; a failure that may pass leaves the cancel `pending`, to be sent again before the next read. */
async function requestCancel(
  dojo: DojoClient,
  session: TerminalSession,
  emit: (event: CounterProgressEvent) => void,
  observe: (session: TerminalSession) => void,
): Promise<CancelState> {
  try {
    const next = checkSession(await dojo.terminalSessions.cancel(session.id), 'cancelTerminalSession', session.id);
    emit({ type: 'cancel-requested', session: next });
    observe(next);
    return 'requested';
  } catch (error) {
    if (isCancelRefused(error)) {
      emit({ type: 'cancel-refused', error, session });
      return 'refused';
    }
    if (isTransient(error)) return 'pending';
    // Dojo refuses for another reason (e.g. the session ended meanwhile): the next read tells.
    emit({ type: 'cancel-refused', error, session });
    return 'refused';
  }
}

/**
 * Asks `verifySignature` and sends its answer if it comes in time. Returns the session Dojo answers with, or
 * `undefined` when no answer was sent (the terminal then accepts at the deadline).
 */
async function askSignature(dojo: DojoClient, session: TerminalSession, context: FlowContext): Promise<TerminalSession | undefined> {
  const { emit, verifySignature, signal } = context;
  const deadline = new Date(session.expireAt);
  emit({ type: 'signature-required', session, deadline });
  const unanswered = (reason: 'no-callback' | 'late' | 'callback-failed' | 'answer-failed' | 'aborted', error: unknown = undefined) => {
    emit({ type: 'signature-unanswered', reason, error, session });
    return undefined;
  };
  if (!verifySignature) return unanswered('no-callback');

  const answerBy = deadline.getTime() - context.signatureSafetyMarginMs;
  // Aborts when the answer could no longer be sent in time, or when the flow's signal fires.
  const window = attemptSignal(Math.max(0, answerBy - Date.now()), signal);
  let accepted: unknown;
  try {
    const stopped = new Promise<typeof STOPPED>((resolve) => {
      if (window.signal.aborted) resolve(STOPPED);
      else window.signal.addEventListener('abort', () => resolve(STOPPED), { once: true });
    });
    const answer = Promise.resolve().then(() => verifySignature({ session, deadline, signal: window.signal }));
    answer.catch(() => undefined); // a rejection after the race is lost must not go unhandled
    accepted = await Promise.race([answer, stopped]);
  } catch (error) {
    return unanswered('callback-failed', error);
  } finally {
    window.clear();
  }
  const late = () => new DOMException('the signature answer would arrive after the deadline', 'TimeoutError');
  if (accepted === STOPPED) return window.timedOut() ? unanswered('late', late()) : unanswered('aborted', window.signal.reason);
  if (typeof accepted !== 'boolean') return unanswered('callback-failed', new TypeError('verifySignature must resolve with true or false'));
  if (Date.now() > answerBy) return unanswered('late', late());
  try {
    const next = checkSession(await dojo.terminalSessions.answerSignature(session.id, { accepted }), 'answerSignatureVerification', session.id);
    emit({ type: 'signature-answered', accepted, session: next });
    return next;
  } catch (error) {
    return unanswered('answer-failed', error);
  }
}

const STOPPED = Symbol('stopped');
