import { describe, expect, it } from 'vitest';
import type { FlowReport } from './flows.js';
import type { OutputStyle } from './format.js';
import { formatReceipt, formatTally } from './receipt.js';

const PLAIN: OutputStyle = { tty: false, color: false, columns: undefined };

const sale: FlowReport = {
  name: 'Sale',
  expected: 'captured',
  outcome: 'captured',
  ok: true,
  problem: undefined,
  amount: { value: 1250, currencyCode: 'GBP' },
  cardBrand: 'VISA',
  cardLast4: '0119',
  authCode: '204511',
  paymentIntentId: 'pi_sandbox_abc',
  paymentIntentStatus: 'Captured',
  sessionId: 'ts_sandbox_def',
};

describe('formatReceipt', () => {
  it('gives the outcome, amount, card, auth code and the ids to look the payment up by', () => {
    expect(formatReceipt(PLAIN, 1, sale)).toBe(
      '✔ 1. Sale: captured, £12.50, VISA •••• 0119, auth code 204511\n' +
        '     payment intent pi_sandbox_abc (Captured) · session ts_sandbox_def\n',
    );
  });

  it('leaves out what the flow did not learn, and says what was expected when it went wrong', () => {
    const declined: FlowReport = {
      ...sale,
      name: 'Declined card',
      expected: 'declined',
      outcome: 'captured',
      ok: false,
      authCode: undefined,
      cardBrand: undefined,
      cardLast4: undefined,
    };
    expect(formatReceipt(PLAIN, 4, declined)).toBe(
      '✘ 4. Declined card: captured, £12.50\n' +
        '     payment intent pi_sandbox_abc (Captured) · session ts_sandbox_def\n' +
        '     expected declined\n',
    );
  });

  it('says why a flow failed when it rejected or was skipped', () => {
    const refund: FlowReport = {
      ...sale,
      name: 'Refund of the sale',
      expected: 'refunded',
      outcome: 'failed',
      ok: false,
      problem: 'DojoConnectionError: connection refused',
      amount: undefined,
      cardBrand: undefined,
      cardLast4: undefined,
      authCode: undefined,
      paymentIntentId: undefined,
      sessionId: undefined,
    };
    expect(formatReceipt(PLAIN, 5, refund)).toBe(
      '✘ 5. Refund of the sale: failed\n     expected refunded: DojoConnectionError: connection refused\n',
    );
  });
});

describe('formatTally', () => {
  it('counts the flows that ended as expected and the verified webhook events', () => {
    const webhooks = { verified: 9, refused: 0, byType: {} };
    expect(formatTally(PLAIN, [sale, sale], 2, webhooks)).toBe('\n2 of 2 flows ended as expected · 9 webhook events received and verified\n');
    expect(formatTally(PLAIN, [sale, { ...sale, ok: false }], 5, { verified: 1, refused: 1, byType: {} })).toBe(
      '\n1 of 5 flows ended as expected · 1 webhook event received and verified, 1 refused\n',
    );
  });
});
