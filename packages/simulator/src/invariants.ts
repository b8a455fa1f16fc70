import type { DojoWebhookEvent } from '@dojo-terminals/types';
import { isFinal, type SimulatorState } from './state.js';

/**
 * The ledger's invariants, written once: what must hold of any state the simulator can reach, whatever the order
 * of the requests. Returns one line per violation (empty when the ledger is sound). The model-based test checks
 * them after every step; the regression tests of single bugs check them too.
 *
 * 1. Nothing is captured beyond what was authorised: captured + still authorised ≤ the intent's total.
 * 2. Nothing is refunded beyond what was captured, and the refunds add up to `refundedAmount`.
 * 3. One capture path at a time: at most one authorisation per intent (a terminal sale or a charge, never both),
 *    an Auto intent has at most one capture, and a running sale session means the intent is still `Created`.
 * 4. No zero or negative movement: every capture and every refund moves at least 1 minor unit.
 * 5. A terminal is `InUse` exactly while a session runs on it (or it was put `InUse` by hand, `manualInUse`).
 * 6. Every event matches a state change: one `payment_intent.created` per intent, and its
 *    `payment_intent.status_updated` events are its status changes in order, ending at its current status.
 */
export function ledgerViolations(state: SimulatorState, manualInUse: ReadonlySet<string> = new Set()): string[] {
  const violations: string[] = [];
  const fail = (line: string) => violations.push(line);
  const running = state.sessions.filter((s) => !isFinal(s.session.status));

  for (const { intent, authorisedAmount, capturedAmount } of state.paymentIntents) {
    const id = intent.id;
    const total = intent.totalAmount?.value ?? intent.amount.value;
    const captures = intent.captures ?? [];
    const captureSum = captures.reduce((sum, c) => sum + (c.amount ?? 0) + (c.tipsAmount ?? 0), 0);
    if (captureSum !== capturedAmount) fail(`${id}: captures add up to ${captureSum}, the ledger says ${capturedAmount}`);
    if (capturedAmount + authorisedAmount > total) fail(`${id}: captured ${capturedAmount} + authorised ${authorisedAmount} > total ${total}`);
    if (authorisedAmount < 0) fail(`${id}: negative authorisation ${authorisedAmount}`);

    const refunds = state.refunds.filter((r) => r.refund.paymentIntentId === id);
    const refundSum = refunds.reduce((sum, r) => sum + r.amount, 0);
    const refunded = intent.refundedAmount ?? 0;
    if (refundSum !== refunded) fail(`${id}: refunds add up to ${refundSum}, refundedAmount is ${refunded}`);
    if (refunded > capturedAmount) fail(`${id}: refunded ${refunded} > captured ${capturedAmount}`);

    const authorisations = (intent.paymentEvents ?? []).filter((e) => e.eventType === 'Authorized').length;
    if (authorisations > 1) fail(`${id}: authorised ${authorisations} times`);
    if (intent.captureMode !== 'Manual' && captures.length > 1) fail(`${id}: an Auto intent captured ${captures.length} times`);
    const sales = running.filter((s) => s.session.details?.sessionType === 'Sale' && s.session.details.sale.paymentIntentId === id);
    if (sales.length > 1) fail(`${id}: ${sales.length} sale sessions at once`);
    if (sales.length > 0 && intent.status !== 'Created') fail(`${id}: ${intent.status} while sale ${sales[0]!.session.id} runs`);

    for (const c of captures) if ((c.amount ?? 0) + (c.tipsAmount ?? 0) < 1 || (c.amount ?? 0) < 0) fail(`${id}: capture ${c.id} of ${c.amount}+${c.tipsAmount}`);
    for (const r of refunds) if (!(r.amount >= 1)) fail(`${id}: refund ${r.refund.refundId} of ${r.amount}`);
    if (intent.status === 'Refunded' && refunded !== capturedAmount) fail(`${id}: Refunded with ${refunded} of ${capturedAmount} given back`);
  }

  for (const terminal of state.terminals) {
    const on = running.filter((s) => s.session.terminalId === terminal.id);
    if (on.length > 1) fail(`${terminal.id}: ${on.length} sessions at once`);
    if (on.length > 0 && terminal.status === 'Available') fail(`${terminal.id}: Available while session ${on[0]!.session.id} runs`);
    if (on.length === 0 && terminal.status === 'InUse' && !manualInUse.has(terminal.id)) fail(`${terminal.id}: InUse with no session`);
  }

  const events = new Map<string, DojoWebhookEvent[]>();
  const seen = new Set<string>();
  for (const delivery of state.deliveries) {
    if (seen.has(delivery.eventId)) continue; // one event, several subscriptions
    seen.add(delivery.eventId);
    const event = JSON.parse(delivery.body) as DojoWebhookEvent;
    const list = events.get(event.data.paymentIntentId) ?? [];
    list.push(event);
    events.set(event.data.paymentIntentId, list);
  }
  if (state.deliveries.length > 0) {
    for (const { intent } of state.paymentIntents) {
      const list = events.get(intent.id) ?? [];
      const created = list.filter((e) => e.event === 'payment_intent.created');
      if (created.length !== 1) fail(`${intent.id}: ${created.length} payment_intent.created events`);
      const changes = list.filter((e) => e.event === 'payment_intent.status_updated').map((e) => e.data.paymentStatus);
      let previous: string = 'Created';
      for (const status of changes) {
        if (status === previous) fail(`${intent.id}: a status_updated event to ${status} that changed nothing`);
        previous = status;
      }
      if (previous !== intent.status) fail(`${intent.id}: is ${intent.status}, the last status_updated event said ${previous}`);
    }
  }
  return violations;
}
