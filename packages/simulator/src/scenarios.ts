/** What the simulated customer and terminal do during a session. */
export type ScenarioName = 'approved' | 'declined' | 'signature' | 'slowCard' | 'terminalOffline' | 'noCard';

export interface Scenario {
  readonly name: ScenarioName;
  /** The last two digits of the amount in minor units that choose it; `null` for the default. */
  readonly lastTwoDigits: number | null;
  readonly outcome: string;
}

/**
 * Sandbox-style test amounts: the last two digits of the session's amount in minor units choose what happens,
 * as Dojo's sandbox test cards do. Every other amount (`1000`, `1250`, `999`…) is a plain approval.
 */
export const SCENARIOS: readonly Scenario[] = [
  { name: 'approved', lastTwoDigits: null, outcome: 'PIN entered, approved: Captured (Auto) or Authorized (Manual)' },
  { name: 'declined', lastTwoDigits: 11, outcome: 'the card is declined: Declined, the payment intent stays Created' },
  {
    name: 'signature',
    lastTwoDigits: 12,
    outcome: 'SignatureVerificationRequired for 80 s; accepted (or no answer) completes, rejected reverses the payment',
  },
  { name: 'slowCard', lastTwoDigits: 13, outcome: 'approved, but every step (PresentCard, EnterPin, PleaseWait) takes about 5 times longer' },
  { name: 'terminalOffline', lastTwoDigits: 14, outcome: 'the terminal goes Offline and never confirms: Expired after 60 s' },
  { name: 'noCard', lastTwoDigits: 15, outcome: 'PresentCard is shown but no card comes: Expired after 90 s (cancel works until then)' },
];

/** The scenario an amount (minor units) selects. */
export function scenarioForAmount(value: number): Scenario {
  const digits = Math.abs(Math.trunc(value)) % 100;
  return SCENARIOS.find((scenario) => scenario.lastTwoDigits === digits) ?? SCENARIOS[0]!;
}

/** Unscaled durations (ms) of a session's steps: how long until the next one happens. */
export interface Timings {
  /** InitiateRequested → Initiated (the terminal confirms and shows PresentCard). */
  confirm: number;
  /** PresentCard → card presented (EnterPin). */
  presentCard: number;
  /** EnterPin → PleaseWait. */
  enterPin: number;
  /** PleaseWait → the result. */
  authorise: number;
  /** CancelRequested → Canceled, SignatureVerificationAccepted → final. */
  confirmAnswer: number;
}

const NORMAL: Timings = { confirm: 400, presentCard: 3_000, enterPin: 2_000, authorise: 1_500, confirmAnswer: 500 };
const SLOW: Timings = { confirm: 2_000, presentCard: 15_000, enterPin: 10_000, authorise: 7_500, confirmAnswer: 500 };

export function timingsFor(scenario: ScenarioName): Timings {
  return scenario === 'slowCard' ? SLOW : NORMAL;
}

/** Unscaled windows (ms) that set `expireAt` when a session enters a status. */
export const WINDOWS = {
  /** The terminal must confirm the request within this. */
  initiateRequested: 60_000,
  /** The customer must present a card within this. */
  initiated: 90_000,
  /** Card presented: the payment must finish within this. */
  inPayment: 60_000,
  /** The POS must answer the signature check within this; then it counts as accepted. */
  signature: 80_000,
} as const;
