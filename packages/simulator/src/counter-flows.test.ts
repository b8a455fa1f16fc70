import {
  capturePreAuthorization,
  DojoCaptureRefusedError,
  payAtCounter,
  refundAtCounter,
  unlinkedRefundAtCounter,
  type CounterFlowOptions,
  type CounterProgressEvent,
} from '@dojo-terminals/client';
import { describe, expect, it } from 'vitest';
import { simulatorBehindProxy } from './test-support.js';

// The client's counter flows end to end: the simulator's lifecycle behind Prism's validating proxy, so both the
// flows' requests and the simulator's answers are held to the spec. A 0.025 time scale turns the 80 s signature
// window into 2 s and a normal sale into about 0.2 s.
const TIME_SCALE = 0.025;
const checked = simulatorBehindProxy({ timeScale: TIME_SCALE, terminals: 4 }, 2);

const GBP = (value: number) => ({ value, currencyCode: 'GBP' });
const counter = (events: CounterProgressEvent[] = []): CounterFlowOptions => ({
  terminal: 'first-available',
  poll: { initialDelayMs: 20, maxDelayMs: 100, factor: 1.5 },
  signatureSafetyMarginMs: 200,
  onProgress: (event) => events.push(event),
});

describe('payAtCounter on the simulator', () => {
  it('rejects a signature through the callback: the payment is reversed', async () => {
    const events: CounterProgressEvent[] = [];
    const outcome = await payAtCounter(checked.dojo, {
      ...counter(events),
      amount: GBP(2512),
      reference: 'Signature rejected',
      verifySignature: async ({ deadline }) => {
        expect(deadline.getTime()).toBeGreaterThan(Date.now());
        return false;
      },
    });
    expect(outcome.outcome).toBe('signature-rejected');
    expect(outcome.paymentIntent?.status).toBe('Reversed');
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['signature-required', 'signature-answered']));
  });

  it('lets the terminal accept the signature at the deadline when no callback is given', async () => {
    const events: CounterProgressEvent[] = [];
    const outcome = await payAtCounter(checked.dojo, { ...counter(events), amount: GBP(1812), reference: 'No callback' });
    expect(outcome.outcome).toBe('captured');
    expect(outcome.session?.statusEvents.map((e) => e.status)).toContain('SignatureVerificationAccepted');
    expect(events.find((e) => e.type === 'signature-unanswered')).toMatchObject({ reason: 'no-callback' });
  });

  it('cancels when the signal fires before the card is presented', async () => {
    const controller = new AbortController();
    const outcome = await payAtCounter(checked.dojo, {
      ...counter(),
      amount: GBP(3015), // …15: the customer never presents a card
      reference: 'Cashier cancels',
      signal: controller.signal,
      onProgress: (event) => {
        if (event.type === 'notification' && event.notification === 'PresentCard') controller.abort();
      },
    });
    expect(outcome).toMatchObject({ outcome: 'canceled', cancelRefused: false });
    expect(outcome.paymentIntent?.status).toBe('Created');
  });

  it('reports the real outcome when the cancel comes after the card (Dojo answers 422)', async () => {
    const controller = new AbortController();
    const events: CounterProgressEvent[] = [];
    const outcome = await payAtCounter(checked.dojo, {
      ...counter(events),
      amount: GBP(1000),
      reference: 'Cancel too late',
      signal: controller.signal,
      onProgress: (event) => {
        events.push(event);
        if (event.type === 'notification' && event.notification === 'EnterPin') controller.abort();
      },
    });
    expect(outcome).toMatchObject({ outcome: 'captured', cancelRefused: true });
    expect(events.map((e) => e.type)).toContain('cancel-refused');
  });

  it('ends expired when the terminal goes offline and never confirms', async () => {
    const outcome = await payAtCounter(checked.dojo, { ...counter(), amount: GBP(4014), reference: 'Terminal offline' });
    expect(outcome.outcome).toBe('expired');
    expect(outcome.paymentIntent?.status).toBe('Created');
  });
});

describe('pre-authorisation and refunds on the simulator', () => {
  it('captures a pre-authorisation in two parts, then refuses a third capture with the state it read', async () => {
    const authorized = await payAtCounter(checked.dojo, { ...counter(), amount: GBP(6000), reference: 'Hotel', captureMode: 'Manual' });
    expect(authorized.outcome).toBe('authorized');
    const id = authorized.paymentIntent!.id;
    const first = await capturePreAuthorization(checked.dojo, id, { amount: GBP(2500) });
    expect(first.capture.captureId).toMatch(/^cp_/);
    expect(first.paymentIntent.captures?.map((c) => c.amount)).toEqual([2500]);
    const rest = await capturePreAuthorization(checked.dojo, id);
    expect(rest.paymentIntent.status).toBe('Captured');
    expect(rest.paymentIntent.captures?.map((c) => c.amount)).toEqual([2500, 3500]);
    const refused = await capturePreAuthorization(checked.dojo, id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DojoCaptureRefusedError);
    expect((refused as DojoCaptureRefusedError).paymentIntent?.status).toBe('Captured');
  });

  it('refunds a sale to the card presented (matched refund), then pays out an unlinked refund', async () => {
    const sale = await payAtCounter(checked.dojo, { ...counter(), amount: GBP(2200), reference: 'To refund' });
    expect(sale.outcome).toBe('captured');
    const refund = await refundAtCounter(checked.dojo, { ...counter(), paymentIntentId: sale.paymentIntent!.id });
    expect(refund.outcome).toBe('refunded');
    expect(refund.paymentIntent?.status).toBe('Refunded');
    const unlinked = await unlinkedRefundAtCounter(checked.dojo, { ...counter(), amount: GBP(900) });
    expect(unlinked).toMatchObject({ outcome: 'refunded', amount: GBP(900) });
  });
});
