import { DojoInvalidArgumentError } from '../errors.js';
import { checkId } from '../path-params.js';
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

export function resolveFlowContext(options: CounterFlowOptions): FlowContext {
  const { onProgress } = options;
  const poll = {
    initialDelayMs: options.poll?.initialDelayMs ?? 1_000,
    maxDelayMs: options.poll?.maxDelayMs ?? 5_000,
    factor: options.poll?.factor ?? 1.5,
  };
  const positive = (value: number) => Number.isFinite(value) && value > 0;
  if (!positive(poll.initialDelayMs) || !positive(poll.maxDelayMs) || poll.maxDelayMs < poll.initialDelayMs || !(poll.factor >= 1)) {
    throw new DojoInvalidArgumentError('poll needs 0 < initialDelayMs ≤ maxDelayMs and factor ≥ 1');
  }
  if (options.terminal !== 'first-available') checkId('TerminalId', options.terminal);
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
    signatureSafetyMarginMs: options.signatureSafetyMarginMs ?? 2_000,
    expiryMarginMs: options.expiryMarginMs ?? 60_000,
    outcomeCheckMs: options.outcomeCheckMs ?? 90_000,
  };
}
