import { DojoInvalidArgumentError } from '../errors.js';
import { ID_PATTERNS } from '@dojo-terminals/types';
import { MAX_TIMER_MS } from '../timeout.js';
import { checkId } from '../transport.js';
import type { CounterFlowOptions, CounterProgressEvent, SignatureCheck } from './types.js';

/** The options of a flow with their defaults applied, checked before anything is sent. */
export interface FlowContext {
  signal: AbortSignal | undefined;
  emit(event: CounterProgressEvent): void;
  poll: { initialDelayMs: number; maxDelayMs: number; factor: number };
  verifySignature: ((check: SignatureCheck) => Promise<boolean>) | undefined;
  signatureSafetyMarginMs: number;
  expiryMarginMs: number;
  outcomeCheckMs: number;
}

/** The waits of a counter flow. */
export type CounterFlowTimings = Pick<FlowContext, 'poll' | 'signatureSafetyMarginMs' | 'expiryMarginMs' | 'outcomeCheckMs'>;

/**
 * The flows' default waits (1 s first poll backing off to 5 s, a 2 s signature margin, 60 s past expiry, 90 s of
 * checks after an ambiguous create), multiplied by `timeScale`: pass `counterFlowTimings(0.01)` to flows that run
 * against a simulator started with `timeScale: 0.01`, so that they poll as often, relative to its clock, as against Dojo.
 */
export function counterFlowTimings(timeScale = 1): CounterFlowTimings {
  if (!(Number.isFinite(timeScale) && timeScale > 0)) throw new DojoInvalidArgumentError('timeScale must be a positive number');
  return {
    poll: { initialDelayMs: 1_000 * timeScale, maxDelayMs: 5_000 * timeScale, factor: 1.5 },
    signatureSafetyMarginMs: 2_000 * timeScale,
    expiryMarginMs: 60_000 * timeScale,
    outcomeCheckMs: 90_000 * timeScale,
  };
}

export function resolveFlowContext(options: Omit<CounterFlowOptions, 'terminal'> & { terminal?: CounterFlowOptions['terminal'] }): FlowContext {
  const { onProgress } = options;
  const defaults = counterFlowTimings();
  const poll = {
    initialDelayMs: options.poll?.initialDelayMs ?? defaults.poll.initialDelayMs,
    maxDelayMs: options.poll?.maxDelayMs ?? defaults.poll.maxDelayMs,
    factor: options.poll?.factor ?? defaults.poll.factor,
  };
  // Above MAX_TIMER_MS a timer fires at once, and NaN never ends a wait: both would make a flow poll without pause or forever.
  const delay = (value: unknown, min: number) => typeof value === 'number' && value >= min && value <= MAX_TIMER_MS;
  if (
    !delay(poll.initialDelayMs, Number.MIN_VALUE) ||
    !delay(poll.maxDelayMs, Number.MIN_VALUE) ||
    poll.maxDelayMs < poll.initialDelayMs ||
    !(typeof poll.factor === 'number' && poll.factor >= 1 && Number.isFinite(poll.factor))
  ) {
    throw new DojoInvalidArgumentError(`poll needs 0 < initialDelayMs ≤ maxDelayMs ≤ ${MAX_TIMER_MS} and a finite factor ≥ 1`);
  }
  if ('terminal' in options && options.terminal !== 'first-available') checkId('TerminalId', ID_PATTERNS.TerminalId, options.terminal);
  const margins = {
    signatureSafetyMarginMs: options.signatureSafetyMarginMs ?? defaults.signatureSafetyMarginMs,
    expiryMarginMs: options.expiryMarginMs ?? defaults.expiryMarginMs,
    outcomeCheckMs: options.outcomeCheckMs ?? defaults.outcomeCheckMs,
  };
  for (const [name, value] of Object.entries(margins)) {
    if (!delay(value, 0)) throw new DojoInvalidArgumentError(`${name} must be a number from 0 to ${MAX_TIMER_MS}`);
  }
  if (options.verifySignature !== undefined && typeof options.verifySignature !== 'function') {
    throw new DojoInvalidArgumentError('verifySignature must be a function');
  }
  return {
    signal: options.signal,
    emit(event) {
      try {
        onProgress?.(event);
      } catch {
        // A display bug must not abandon a payment that is in progress on the terminal.
      }
    },
    poll,
    verifySignature: options.verifySignature,
    ...margins,
  };
}
