import { FINAL_TERMINAL_SESSION_STATUSES } from '@dojo-terminals/types';
import type {
  DojoWebhookEventType,
  PaymentIntent,
  Refund,
  Terminal,
  TerminalSession,
} from '@dojo-terminals/types';
import type { Behaviour, CustomerScript } from './customer.js';
import type { ScenarioName } from './scenarios.js';

/** A step of a session's timeline that has not happened yet; `at` is a wall-clock time (epoch ms). */
export interface PlannedStep {
  at: number;
  step: SessionStep;
}

export type SessionStep =
  | 'initiated'
  | 'terminalOffline'
  | 'cardPresented'
  | 'pleaseWait'
  | 'authorise'
  | 'signatureDeadline'
  | 'complete'
  | 'canceled'
  | 'expire';

export interface SessionRecord {
  session: TerminalSession;
  /** Chosen by the amount; sets the pace of the steps, and what happens unless `behaviour` says otherwise. */
  scenario: ScenarioName;
  /** What a test helper decided the customer does (absent: the scenario's behaviour). */
  behaviour?: Behaviour;
  /** Step mode: the plan's steps wait for `advanceSession` instead of their times. */
  stepped?: boolean;
  /** True once the customer presented a card: from then on the session cannot be canceled. */
  cardPresented: boolean;
  /** The remaining timeline, in time order. */
  plan: PlannedStep[];
}

/** What happens to an uncaptured Manual intent, and when (once authorised). */
export interface AutoExpiryPlan {
  action: 'Capture' | 'Release';
  /** `autoExpireIn`, unscaled ms from the authorisation. */
  afterMs?: number;
  /** `autoExpireAt`, epoch ms. */
  at?: number;
  /** Set at authorisation: when the action falls due (epoch ms); removed once applied. */
  dueAt?: number;
}

export interface PaymentIntentRecord {
  intent: PaymentIntent;
  autoExpiry?: AutoExpiryPlan;
  /** Minor units authorised by the card (Manual capture) and not yet captured. */
  authorisedAmount: number;
  /** Minor units captured so far. */
  capturedAmount: number;
}

export interface RefundRecord {
  refund: Refund;
  amount: number;
  /** `${paymentIntentId} ${IdempotencyKey}`, so a repeat returns the same refund. */
  idempotencyKey: string;
}

export interface DeliveryRecord {
  /** The event's `id`: the same on every attempt. */
  eventId: string;
  event: DojoWebhookEventType;
  /** The subscription's URL (secrets are never stored). */
  url: string;
  /** The subscription's place in the `webhooks` option: its secret signs the delivery. */
  subscription?: number;
  /** The exact body, signed and sent byte for byte on each attempt. */
  body: string;
  attempts: number;
  nextAttemptAt: number;
  status: 'pending' | 'delivered' | 'failed';
  lastStatus?: number;
  lastError?: string;
}

/** Everything the simulator knows, as plain JSON: `snapshot()` returns it and `startSimulator({ state })` resumes it. */
export interface SimulatorState {
  format: 'dojo-simulator-state/1';
  /** When the snapshot was taken (RFC 3339). */
  takenAt: string;
  accountId: string;
  terminals: Terminal[];
  paymentIntents: PaymentIntentRecord[];
  sessions: SessionRecord[];
  refunds: RefundRecord[];
  deliveries: DeliveryRecord[];
  /** Test helpers' default script for new sessions, by terminal id. */
  terminalCustomers?: Record<string, CustomerScript>;
}

const FINAL: ReadonlySet<TerminalSession['status']> = new Set(FINAL_TERMINAL_SESSION_STATUSES);

export function isFinal(status: TerminalSession['status']): boolean {
  return FINAL.has(status);
}

export function isSimulatorState(value: unknown): value is SimulatorState {
  if (typeof value !== 'object' || value === null) return false;
  const state = value as Partial<SimulatorState>;
  return (
    state.format === 'dojo-simulator-state/1' &&
    typeof state.accountId === 'string' &&
    Array.isArray(state.terminals) &&
    Array.isArray(state.paymentIntents) &&
    Array.isArray(state.sessions) &&
    Array.isArray(state.refunds) &&
    Array.isArray(state.deliveries)
  );
}
