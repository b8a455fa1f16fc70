import type {
  ID_PREFIXES,
  CaptureMode,
  CreatePaymentIntentRequest,
  Money,
  PaymentIntent,
  Terminal,
  TerminalNotificationType,
  TerminalSession,
  TerminalSessionStatus,
} from '@dojo-terminals/types';
import type { SessionWakeupSource } from './wakeups.js';

/** A terminal id as Dojo writes them, `tm_…` (the start of the spec's `TerminalId` pattern); checked in full at run time. */
export type TerminalIdString = `${(typeof ID_PREFIXES)['TerminalId']}${string}`;

/**
 * Where a session runs: a terminal id (`tm_…`), or `'first-available'`, the first terminal whose status is
 * `Available`. Anything else, a misspelt `'first-availble'` included, does not compile.
 */
export type TerminalChoice = 'first-available' | TerminalIdString;

/** Polling of `GET /terminal-sessions/{id}`: exponential backoff, back to `initialDelayMs` on each status change. */
export interface PollOptions {
  /** First wait, and the wait after each status change. Default 1 000 ms. */
  initialDelayMs?: number;
  /** Longest wait between two reads. Default 5 000 ms. */
  maxDelayMs?: number;
  /** Each wait without a change is the previous one times this. Default 1.5. */
  factor?: number;
}

/** What `verifySignature` is given. */
export interface SignatureCheck {
  /** The session in `SignatureVerificationRequired`. */
  session: TerminalSession;
  /** Dojo's deadline for the answer (the session's `expireAt`); with no answer by then the terminal accepts. */
  deadline: Date;
  /** Aborts when the answer can no longer be sent in time, or when the flow's signal fires. */
  signal: AbortSignal;
}

/** Options every counter flow shares. */
export interface CounterFlowOptions {
  /** A terminal id (`tm_…`), or `'first-available'` to use the first terminal listed as `Available`. */
  terminal: TerminalChoice;
  /**
   * Cancels the session: the flow sends `PUT …/cancel` and follows the session to its end. When the customer has
   * already presented a card Dojo refuses (422): the flow then reports the real outcome with `cancelRefused: true`.
   * Before the session is created, aborting rejects the flow with `DojoAbortError` and sends nothing to a terminal.
   */
  signal?: AbortSignal;
  /** Progress for the cashier's screen. Called synchronously; an exception it throws is ignored. */
  onProgress?: (event: CounterProgressEvent) => void;
  /**
   * Asked when the terminal needs the cashier to compare the customer's signature: resolve `true` to accept,
   * `false` to reject (the payment is then reversed). Without it the flow does not answer and the terminal accepts
   * the signature itself at the deadline. An answer that comes later than `deadline` minus
   * `signatureSafetyMarginMs`, or a callback that throws, is not sent (the terminal then accepts at the deadline).
   */
  verifySignature?: (check: SignatureCheck) => Promise<boolean>;
  /** Answers are sent only if they arrive at least this long before the deadline. Default 2 000 ms. */
  signatureSafetyMarginMs?: number;
  poll?: PollOptions;
  /** Wakes a wait between two reads early, e.g. when a payment-intent webhook arrives (see `createSessionWakeups`). */
  wakeups?: SessionWakeupSource;
  /**
   * How long past the session's `expireAt` the flow keeps trying to read it while Dojo is unreachable, before it
   * resolves with outcome `unknown` (reason `session-unreachable`). Default 60 000 ms.
   */
  expiryMarginMs?: number;
  /**
   * After an ambiguous create-session failure, how long the flow reads the payment intent and the terminal to learn
   * what happened before it resolves with outcome `unknown`. Default 90 000 ms (longer than a session waits for a card).
   */
  outcomeCheckMs?: number;
}

/** Options of `payAtCounter`: a new payment intent (`amount`) or an existing one (`paymentIntentId`). */
export type PayAtCounterOptions = CounterFlowOptions &
  (
    | {
        amount: Money;
        reference: string;
        /** `Manual` takes a pre-authorisation (outcome `authorized`), captured later with `capturePreAuthorization`. */
        captureMode?: CaptureMode;
        /** More fields of the create-payment-intent request. */
        paymentIntent?: Omit<CreatePaymentIntentRequest, 'amount' | 'reference' | 'captureMode'>;
        paymentIntentId?: never;
      }
    | { paymentIntentId: string; amount?: never; reference?: never; captureMode?: never; paymentIntent?: never }
  );

/**
 * Options of `resumePayAtCounter`: the id stored before the sale started — the payment intent's (found in its
 * `terminalSessionHistory`) or the terminal session's — and the flow's options for following it.
 */
export type ResumePayAtCounterOptions = Omit<CounterFlowOptions, 'terminal'> &
  ({ paymentIntentId: string; terminalSessionId?: never } | { terminalSessionId: string; paymentIntentId?: never });

/** Options of `refundAtCounter`: a refund of a paid payment intent, to the card the customer presents. */
export interface RefundAtCounterOptions extends CounterFlowOptions {
  paymentIntentId: string;
  /** How much to refund; without it, all that is left unrefunded. */
  amount?: Money;
}

/** Options of `unlinkedRefundAtCounter`: money paid to a card with no earlier payment behind it. */
export interface UnlinkedRefundAtCounterOptions extends Omit<CounterFlowOptions, 'wakeups'> {
  amount: Money;
  /** Key the card number in by hand (cardholder not present). */
  cardholderNotPresent?: boolean;
}

/** Progress of a counter flow, in the order it happens. */
export type CounterProgressEvent =
  | { type: 'payment-intent-created'; paymentIntent: PaymentIntent }
  /** The terminal, read and found `Available` before anything was created. */
  | { type: 'terminal-selected'; terminalId: string; terminal: Terminal | undefined }
  | { type: 'session-created'; session: TerminalSession }
  /** The session's status changed. Reported before the notifications read in the same poll. */
  | { type: 'status'; status: TerminalSessionStatus; previous: TerminalSessionStatus; session: TerminalSession }
  /** A prompt the terminal showed, each reported once however many polls return it. */
  | { type: 'notification'; notification: TerminalNotificationType; createdAt: string; session: TerminalSession }
  | { type: 'signature-required'; session: TerminalSession; deadline: Date }
  | { type: 'signature-answered'; accepted: boolean; session: TerminalSession }
  /** No answer was sent; the terminal accepts the signature at the deadline. */
  | {
      type: 'signature-unanswered';
      reason: 'no-callback' | 'late' | 'callback-failed' | 'answer-failed' | 'aborted';
      error: unknown;
      session: TerminalSession;
    }
  | { type: 'cancel-requested'; session: TerminalSession }
  /** Dojo refused the cancel (a card was already presented): the session goes on to its real outcome. */
  | { type: 'cancel-refused'; error: unknown; session: TerminalSession }
  /** A read of the session failed (Dojo unreachable, 5xx): the flow keeps trying. */
  | { type: 'poll-failed'; error: unknown; session: TerminalSession }
  /** Creating the session failed in a way that may have reached Dojo: the flow reads what happened, never re-sends. */
  | { type: 'checking-outcome'; error: unknown }
  /** The check after an ambiguous create found the session in the payment intent's history; the flow follows it. */
  | { type: 'session-found'; terminalSessionId: string };

/** A payment session ended: its final status, as an outcome. */
export type SettledOutcomeKind = 'captured' | 'authorized' | 'declined' | 'canceled' | 'expired' | 'signature-rejected';

/** A refund session ended: `refunded` (the session's `Captured`) means the money went back to the card. */
export type RefundSettledOutcomeKind = 'refunded' | 'declined' | 'canceled' | 'expired' | 'signature-rejected';

/** Why a flow could not learn its outcome. */
export type UnknownOutcomeReason =
  /** Creating the session failed ambiguously and the checks afterwards found no trace of it. */
  | 'session-create-unconfirmed'
  /**
   * Dojo could not be read until the session's `expireAt` plus `expiryMarginMs`, or a read failed in a way waiting
   * cannot cure (401, 403, 404): `error` says which.
   */
  | 'session-unreachable'
  /** Dojo kept answering a status that is not final past the session's `expireAt` plus `expiryMarginMs`. */
  | 'session-overdue'
  /** The session ended in a status that cannot end this flow (a refund session `Authorized`): check it by hand. */
  | 'unexpected-status';

/** Fields every outcome has, for the receipt and the records. */
interface OutcomeFields {
  /** The payment intent read after the session ended (`undefined` for an unlinked refund or when it could not be read). */
  paymentIntent: PaymentIntent | undefined;
  /** The terminal of the session; `undefined` only when no session and no terminal is known (see `resumePayAtCounter`). */
  terminalId: string | undefined;
  /** The amount of the session: the payment intent's total, or the refund's amount. */
  amount: Money | undefined;
  /** Card scheme, e.g. `VISA`, from the session's `paymentDetails`. */
  cardBrand: string | undefined;
  /** Last four digits of the card, from `paymentDetails`. */
  cardLast4: string | undefined;
  /** The issuer's authorisation code. */
  authCode: string | undefined;
  /** The flow's signal fired but Dojo refused to cancel: a card was already presented. */
  cancelRefused: boolean;
}

/** The session reached a final status (`Kind`: the payment outcomes, or `RefundSettledOutcomeKind` for a refund). */
export interface SettledOutcome<Kind extends string = SettledOutcomeKind> extends OutcomeFields {
  outcome: Kind;
  terminalId: string;
  /** The final session. */
  session: TerminalSession;
}

/**
 * The flow cannot tell what happened. Never start a new session for the same payment before checking the payment
 * intent (or Dojo's dashboard): the customer may have paid.
 */
export interface UnknownOutcome extends OutcomeFields {
  outcome: 'unknown';
  reason: UnknownOutcomeReason;
  /** The last session read, if the session was ever seen. */
  session: TerminalSession | undefined;
  /** The terminal as last read during the check, if it could be read. */
  terminal: Terminal | undefined;
  /** The failure that made the outcome unknown. */
  error: unknown;
}

/**
 * Creating the session failed ambiguously, no session could be found, but the payment intent shows the money was
 * taken (`Captured`) or authorised (`Authorized`), or for a refund that its `refundedAmount` rose (`refunded`): the
 * outcome comes from the payment intent alone.
 */
export interface PaymentIntentOutcome<Kind extends string = 'captured' | 'authorized'> extends OutcomeFields {
  outcome: Kind;
  session: undefined;
  paymentIntent: PaymentIntent;
}

/** How `payAtCounter` ended: discriminate on `outcome`. */
export type CounterOutcome = SettledOutcome | PaymentIntentOutcome | UnknownOutcome;

/** How `refundAtCounter` or `unlinkedRefundAtCounter` ended: discriminate on `outcome` (never `captured`/`authorized`). */
export type RefundOutcome = SettledOutcome<RefundSettledOutcomeKind> | PaymentIntentOutcome<'refunded'> | UnknownOutcome;
