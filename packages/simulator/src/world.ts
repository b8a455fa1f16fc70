import type { DojoWebhookEventType, PaymentIntent } from '@dojo-terminals/types';
import type { SimulatorState } from './state.js';

/** What the domain modules act on: the state, the clock and the webhook outbox. */
export interface World {
  readonly state: SimulatorState;
  /** Wall-clock time, epoch ms (the step's own time while a timeline step runs). */
  now(): number;
  /** Runs `fn` with `now()` fixed at `at`, so a step applied late still carries the time it happened. */
  runAt(at: number, fn: () => void): void;
  /** An unscaled simulated duration (ms) as real milliseconds under the time scale. */
  scaled(ms: number): number;
  /** Queues a webhook event about `intent` for every subscription that wants it. */
  emit(event: DojoWebhookEventType, intent: PaymentIntent): void;
}

export const iso = (ms: number) => new Date(ms).toISOString();
