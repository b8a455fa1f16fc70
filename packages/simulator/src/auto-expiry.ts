import type { AutoExpireAction, CaptureMode } from '@dojo-terminals/types';
import { invalidField } from './problems.js';
import type { AutoExpiryPlan, PaymentIntentRecord } from './state.js';
import type { World } from './world.js';

// What Dojo does with a Manual payment intent left uncaptured (its published description of autoExpireIn): after
// `autoExpireIn` from the authorisation, or at `autoExpireAt`, it captures what is still authorised or releases it.
// The window is "more than 30 seconds and less than 7 days".

const MIN_MS = 30_000;
const MAX_MS = 7 * 24 * 60 * 60 * 1000;

/** `[d.]hh:mm:ss[.fff]`, .NET's TimeSpan form as Dojo writes it (`00:00:55`, `2.00:00:00`), in ms. */
export function parseTimespan(value: string): number | undefined {
  const match = /^(?:(\d{1,3})\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?$/.exec(value);
  if (match === null) return undefined;
  const [, days = '0', hours, minutes, seconds, fraction = '0'] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000 + Number(`0.${fraction}`) * 1000;
}

/** Reads the auto-expiry fields of a create request, in either spelling Dojo accepts; undefined when none is set. */
export function readAutoExpiry(
  world: World,
  body: Record<string, unknown>,
  captureMode: CaptureMode,
): { action: AutoExpireAction; in: string | null; plan: AutoExpiryPlan } | undefined {
  const action = (body['autoExpireAction'] ?? body['AutoExpireAction']) as unknown;
  const within = (body['autoExpireIn'] ?? body['AutoExpireIn']) as unknown;
  const at = body['autoExpireAt'] as unknown;
  if (action == null && within == null && at == null) return undefined;
  if (captureMode !== 'Manual') throw invalidField('autoExpireAction', 'Auto-expiry applies to Manual capture mode only.');
  if (action != null && action !== 'Capture' && action !== 'Release') throw invalidField('autoExpireAction', 'Must be Capture or Release.');
  if (within != null && at != null) throw invalidField('autoExpireAt', 'Give autoExpireIn or autoExpireAt, not both.');
  // Releasing is what happens to any pre-authorisation left alone: the default when only the time is given.
  const chosen = action === 'Capture' ? 'Capture' : 'Release';
  if (within != null) {
    const ms = typeof within === 'string' ? parseTimespan(within) : undefined;
    if (ms === undefined || ms <= MIN_MS || ms >= MAX_MS) throw invalidField('autoExpireIn', 'Must be a [d.]hh:mm:ss time span of more than 30 seconds and less than 7 days.');
    return { action: chosen, in: within as string, plan: { action: chosen, afterMs: ms } };
  }
  if (at != null) {
    // Dojo's samples send it without an offset, which Dojo reads as UTC.
    const when = typeof at === 'string' ? Date.parse(/(?:Z|[+-]\d{2}:\d{2})$/i.test(at) ? at : `${at}Z`) : NaN;
    const ahead = when - world.now();
    if (Number.isNaN(when) || ahead <= MIN_MS || ahead >= MAX_MS) throw invalidField('autoExpireAt', 'Must be an RFC 3339 date-time more than 30 seconds and less than 7 days ahead.');
    return { action: chosen, in: null, plan: { action: chosen, at: when } };
  }
  throw invalidField('autoExpireIn', 'autoExpireAction needs autoExpireIn or autoExpireAt.');
}

/** At authorisation: when the action falls due (a duration is scaled like every simulated one). */
export function startAutoExpiry(world: World, record: PaymentIntentRecord): void {
  const plan = record.autoExpiry;
  if (plan === undefined) return;
  plan.dueAt = plan.at ?? world.now() + world.scaled(plan.afterMs ?? 0);
}

export interface ExpiryActions {
  captureRest(record: PaymentIntentRecord): void;
  release(record: PaymentIntentRecord): void;
}

/** Applies every auto-expiry that is due at `now`, at the time it was due. */
export function expireIntents(world: World, now: number, actions: ExpiryActions): void {
  const due = world.state.paymentIntents
    .filter((r) => r.autoExpiry?.dueAt !== undefined && r.autoExpiry.dueAt <= now)
    .sort((a, b) => a.autoExpiry!.dueAt! - b.autoExpiry!.dueAt!);
  for (const record of due) {
    const plan = record.autoExpiry!;
    const at = plan.dueAt!;
    delete plan.dueAt;
    world.runAt(at, () => {
      if (record.authorisedAmount <= 0) return; // captured in full or reversed meanwhile: nothing left to act on
      if (plan.action === 'Capture') actions.captureRest(record);
      else actions.release(record);
    });
  }
}

/** When the next auto-expiry is due, if any. */
export function nextIntentExpiry(world: World): number | undefined {
  let next: number | undefined;
  for (const { autoExpiry } of world.state.paymentIntents) {
    const at = autoExpiry?.dueAt;
    if (at !== undefined && (next === undefined || at < next)) next = at;
  }
  return next;
}
