// The sessions of a run: a fixed mix of kinds (mostly plain sales, some pre-authorisations, declines, signature checks
// and slow cards), each with an amount whose last two digits choose its scenario in the simulator, and what the
// simulator's scenario table says must come of it. The same --sessions always gives the same sessions.
import { scenarioForAmount } from '@dojo-terminals/simulator';

/**
 * Share of the run, the simulator scenario the amount must select, how the flow is driven, and the expected end:
 * the flow's `outcome`, the session's final status and the payment intent's final status.
 * `timelineMs`: how long the simulator's timeline takes at time scale 1 (README "Timeline"), without the cashier.
 */
export const KINDS = {
  sale: { share: 0.7, scenario: 'approved', outcome: 'captured', session: 'Captured', intent: 'Captured', timelineMs: 6_900 },
  preAuth: { share: 0.05, scenario: 'approved', captureMode: 'Manual', outcome: 'authorized', session: 'Authorized', intent: 'Authorized', timelineMs: 6_900 },
  declined: { share: 0.1, scenario: 'declined', outcome: 'declined', session: 'Declined', intent: 'Created', timelineMs: 6_900 },
  // Accepted: SignatureVerificationAccepted, then Captured 0.5 s later.
  signatureAccepted: { share: 0.08, scenario: 'signature', accept: true, outcome: 'captured', session: 'Captured', intent: 'Captured', timelineMs: 7_400 },
  signatureRejected: { share: 0.02, scenario: 'signature', accept: false, outcome: 'signature-rejected', session: 'SignatureVerificationRejected', intent: 'Reversed', timelineMs: 6_900 },
  slowCard: { share: 0.05, scenario: 'slowCard', outcome: 'captured', session: 'Captured', intent: 'Captured', timelineMs: 34_500 },
};

export const LAST_TWO_DIGITS = { declined: [11], signature: [12], slowCard: [13], approved: [0, 0, 0, 50, 99, 25, 49, 75, 95, 20] };

/** A small seeded PRNG (mulberry32): the mix must not change from run to run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exact counts per kind for `n` sessions (largest remainder), so the shares hold for any n. */
function countsFor(n) {
  const names = Object.keys(KINDS);
  const exact = names.map((name) => KINDS[name].share * n);
  const counts = exact.map(Math.floor);
  const byRemainder = names.map((_, i) => i).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]));
  for (let left = n - counts.reduce((sum, c) => sum + c, 0), i = 0; left > 0; left--, i++) counts[byRemainder[i]]++;
  return Object.fromEntries(names.map((name, i) => [name, counts[i]]));
}

/** `n` sessions in a shuffled order: `{ index, kind, amount: { value, currencyCode }, reference }`. */
export function buildSessions(n) {
  const rand = random(20261125);
  const kinds = Object.entries(countsFor(n)).flatMap(([kind, count]) => Array(count).fill(kind));
  for (let i = kinds.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [kinds[i], kinds[j]] = [kinds[j], kinds[i]];
  }
  return kinds.map((kind, index) => {
    const { scenario } = KINDS[kind];
    const digits = LAST_TWO_DIGITS[scenario];
    const value = (1 + Math.floor(rand() * 120)) * 100 + digits[Math.floor(rand() * digits.length)];
    // The bench's own check that the amounts say what the mix means, by the simulator's own rule.
    if (scenarioForAmount(value).name !== scenario) throw new Error(`amount ${value} selects ${scenarioForAmount(value).name}, not ${scenario}`);
    return { index, kind, amount: { value, currencyCode: 'GBP' }, reference: `Bench order ${index + 1}` };
  });
}
