import { invalidField } from './problems.js';
import type { ScenarioName } from './scenarios.js';

/** The card the simulated customer presents; what is omitted is the default Visa debit card. */
export interface SimulatedCard {
  /** The scheme, as `paymentDetails.card.cardType` shows it. Default `VISA`. */
  brand?: string;
  /** The last four digits of the card number. Default `0119`. */
  last4?: string;
  /** `paymentDetails.card.cardFundingType`, such as `Debit` (default), `Credit` or `Prepaid`. */
  funding?: string;
}

/** What the simulated customer (and terminal) do once the terminal shows `PresentCard`. */
export type CustomerAction =
  | {
      action: 'presentCard';
      card?: SimulatedCard;
      /** Enter the PIN (`EnterPin` is shown). Default true, false when `signature` is set; false: no cardholder verification. */
      pin?: boolean;
      /** The card asks for a signature (`InsertCard`, then `SignatureVerificationRequired` on a sale). */
      signature?: boolean;
      /** The issuer declines, with this reason as `paymentDetails.message`. */
      decline?: string;
    }
  /** `PresentCard` is shown and no card comes: `Expired` when the window ends (cancel works until then). */
  | { action: 'walkAway' }
  /** The terminal drops `Offline` while it waits for the card: `Expired` when the window ends. */
  | { action: 'terminalOffline' };

/**
 * What a test decides for a session, or for every new session on a terminal: the customer's action (omit it to
 * let the amount's scenario decide) and `step`, to advance the session one prompt at a time with `advanceSession`.
 */
export type CustomerScript = (CustomerAction | { action?: undefined }) & { step?: boolean };

/** The customer's actions, as `action` names them. */
export const CUSTOMER_ACTIONS = ['presentCard', 'walkAway', 'terminalOffline'] as const satisfies readonly CustomerAction['action'][];

/**
 * What the simulator plays: a customer's action, or the amount scenario of a terminal that never confirms the
 * request (`…14`), which no customer can cause.
 */
export type Behaviour = CustomerAction | { action: 'neverConfirms' };

/** The behaviour each amount scenario stands for. */
export function scenarioBehaviour(scenario: ScenarioName): Behaviour {
  switch (scenario) {
    case 'declined':
      return { action: 'presentCard', pin: true, decline: 'DECLINED' };
    case 'signature':
      return { action: 'presentCard', pin: false, signature: true };
    case 'noCard':
      return { action: 'walkAway' };
    case 'terminalOffline':
      return { action: 'neverConfirms' };
    default:
      return { action: 'presentCard', pin: true };
  }
}

const KEYS = new Set(['action', 'card', 'pin', 'signature', 'decline', 'step']);
const CARD_KEYS = new Set(['brand', 'last4', 'funding']);

function text(value: unknown, field: string, pattern: RegExp, rule: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) throw invalidField(field, rule);
  return value;
}

function flag(value: unknown, field: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw invalidField(field, 'Must be true or false.');
  return value;
}

/** Checks a script given over HTTP or to a library call; throws a 400 naming the field at fault. */
export function parseCustomerScript(input: unknown): CustomerScript {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalidField('body', 'A JSON object is required.');
  const body = input as Record<string, unknown>;
  for (const key of Object.keys(body)) if (!KEYS.has(key)) throw invalidField(key, `Unknown field; expected ${[...KEYS].join(', ')}.`);
  const step = flag(body['step'], 'step');
  const withStep = <T extends object>(script: T): T & { step?: boolean } => (step === undefined ? script : { ...script, step });
  const action = body['action'];
  if (action === undefined) {
    for (const key of ['card', 'pin', 'signature', 'decline']) if (body[key] !== undefined) throw invalidField(key, 'Only with action presentCard.');
    return withStep({});
  }
  if (!(CUSTOMER_ACTIONS as readonly unknown[]).includes(action)) throw invalidField('action', `Must be one of ${CUSTOMER_ACTIONS.join(', ')}.`);
  if (action !== 'presentCard') {
    for (const key of ['card', 'pin', 'signature', 'decline']) if (body[key] !== undefined) throw invalidField(key, 'Only with action presentCard.');
    return withStep({ action: action as 'walkAway' | 'terminalOffline' });
  }
  const present: Extract<CustomerAction, { action: 'presentCard' }> = { action: 'presentCard' };
  if (body['card'] !== undefined) {
    const card = body['card'];
    if (typeof card !== 'object' || card === null || Array.isArray(card)) throw invalidField('card', 'Must be an object: { brand?, last4?, funding? }.');
    for (const key of Object.keys(card)) if (!CARD_KEYS.has(key)) throw invalidField(`card.${key}`, 'Unknown field; expected brand, last4, funding.');
    const { brand, last4, funding } = card as Record<string, unknown>;
    const checked: SimulatedCard = {};
    const b = text(brand, 'card.brand', /^[A-Z][A-Z0-9 _-]{0,31}$/, 'Must be a scheme name in upper case, e.g. VISA or MASTERCARD.');
    const l = text(last4, 'card.last4', /^\d{4}$/, 'Must be four digits.');
    const f = text(funding, 'card.funding', /^[A-Za-z]{1,32}$/, 'Must be a word such as Debit, Credit or Prepaid.');
    if (b !== undefined) checked.brand = b;
    if (l !== undefined) checked.last4 = l;
    if (f !== undefined) checked.funding = f;
    present.card = checked;
  }
  const pin = flag(body['pin'], 'pin');
  const signature = flag(body['signature'], 'signature');
  const decline = text(body['decline'], 'decline', /^[\x20-\x7e]{1,100}$/, 'Must be a reason of 1 to 100 printable characters.');
  if (pin !== undefined) present.pin = pin;
  if (signature !== undefined) present.signature = signature;
  if (decline !== undefined) present.decline = decline;
  return withStep(present);
}
