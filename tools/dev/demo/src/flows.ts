import {
  capturePreAuthorization,
  payAtCounter,
  refundAtCounter,
  type CounterFlowOptions,
  type CounterOutcome,
  type DojoClient,
  type Money,
  type PaymentIntent,
  type RefundOutcome,
} from '@dojo-terminals/client';

/** What a flow prints on its receipt and what the exit code is decided on. */
export interface FlowReport {
  name: string;
  /** The outcome the demo expects, e.g. `captured` or `authorized → captured`. */
  expected: string;
  /** What happened, in the same words. */
  outcome: string;
  ok: boolean;
  /** What went wrong beyond an unexpected outcome (a rejection, a skipped flow). */
  problem: string | undefined;
  amount: Money | undefined;
  cardBrand: string | undefined;
  cardLast4: string | undefined;
  authCode: string | undefined;
  paymentIntentId: string | undefined;
  paymentIntentStatus: string | undefined;
  sessionId: string | undefined;
}

/** What every flow of the demo shares: the client and the counter options (terminal, polling, wakeups, progress). */
export interface DemoFlowContext {
  dojo: DojoClient;
  counter: CounterFlowOptions;
  /** The first sale's payment intent, once it is paid: the refund gives it back. */
  paidSale: PaymentIntent | undefined;
}

export interface DemoFlow {
  name: string;
  expected: string;
  run(context: DemoFlowContext): Promise<FlowReport>;
}

const gbp = (value: number): Money => ({ value, currencyCode: 'GBP' });

/** The amounts choose the simulator's scenario by their last two digits (see the simulator's README). */
export const AMOUNTS = {
  sale: gbp(1250),
  preAuthorization: gbp(4000),
  /** Ends in 12: the card asks for a signature. */
  signature: gbp(3512),
  /** Ends in 11: the card is declined. */
  declined: gbp(2011),
} as const;

type AnyOutcome = CounterOutcome | RefundOutcome;

type ReceiptFields = Pick<
  FlowReport,
  'amount' | 'cardBrand' | 'cardLast4' | 'authCode' | 'paymentIntentId' | 'paymentIntentStatus' | 'sessionId'
>;

const NO_FIELDS: ReceiptFields = {
  amount: undefined,
  cardBrand: undefined,
  cardLast4: undefined,
  authCode: undefined,
  paymentIntentId: undefined,
  paymentIntentStatus: undefined,
  sessionId: undefined,
};

/** The receipt fields of a counter outcome. */
function fieldsOf(result: AnyOutcome): ReceiptFields {
  return {
    amount: result.amount,
    cardBrand: result.cardBrand,
    cardLast4: result.cardLast4,
    authCode: result.authCode,
    paymentIntentId: result.paymentIntent?.id,
    paymentIntentStatus: result.paymentIntent?.status,
    sessionId: result.session?.id,
  };
}

function report(name: string, expected: string, outcome: string, fields: ReceiptFields, problem?: string): FlowReport {
  const ok = outcome === expected && problem === undefined;
  return { name, expected, outcome, ok, problem: ok ? undefined : problem, ...fields };
}

function describeOutcome(result: AnyOutcome): string {
  return result.outcome === 'unknown' ? `unknown (${result.reason})` : result.outcome;
}

const sale: DemoFlow = {
  name: 'Sale',
  expected: 'captured',
  async run(context) {
    const result = await payAtCounter(context.dojo, { ...context.counter, amount: AMOUNTS.sale, reference: 'Demo sale' });
    if (result.outcome === 'captured') context.paidSale = result.paymentIntent;
    return report(this.name, this.expected, describeOutcome(result), fieldsOf(result));
  },
};

const preAuthorization: DemoFlow = {
  name: 'Pre-authorisation and capture',
  expected: 'authorized → captured',
  async run(context) {
    const result = await payAtCounter(context.dojo, {
      ...context.counter,
      amount: AMOUNTS.preAuthorization,
      reference: 'Demo pre-authorisation',
      captureMode: 'Manual',
    });
    const fields = fieldsOf(result);
    if (result.outcome !== 'authorized' || !result.paymentIntent) {
      return report(this.name, this.expected, describeOutcome(result), fields);
    }
    const { paymentIntent } = await capturePreAuthorization(context.dojo, result.paymentIntent.id);
    const outcome = `authorized → ${paymentIntent.status === 'Captured' ? 'captured' : paymentIntent.status}`;
    return report(this.name, this.expected, outcome, { ...fields, paymentIntentStatus: paymentIntent.status });
  },
};

const signature: DemoFlow = {
  name: 'Sale with a signature',
  expected: 'captured, signature accepted',
  async run(context) {
    let answered: boolean | undefined;
    const result = await payAtCounter(context.dojo, {
      ...context.counter,
      amount: AMOUNTS.signature,
      reference: 'Demo signature sale',
      // The cashier compares the signature with the card and accepts it.
      verifySignature: async () => true,
      onProgress: (event) => {
        if (event.type === 'signature-answered') answered = event.accepted;
        context.counter.onProgress?.(event);
      },
    });
    const signatureNote = answered === undefined ? 'signature not answered' : answered ? 'signature accepted' : 'signature rejected';
    return report(this.name, this.expected, `${describeOutcome(result)}, ${signatureNote}`, fieldsOf(result));
  },
};

const declined: DemoFlow = {
  name: 'Declined card',
  expected: 'declined',
  async run(context) {
    const result = await payAtCounter(context.dojo, { ...context.counter, amount: AMOUNTS.declined, reference: 'Demo declined card' });
    return report(this.name, this.expected, describeOutcome(result), fieldsOf(result));
  },
};

const matchedRefund: DemoFlow = {
  name: 'Refund of the sale',
  expected: 'refunded',
  async run(context) {
    if (!context.paidSale) {
      return report(this.name, this.expected, 'skipped', NO_FIELDS, 'the first sale was not captured, so there is nothing to refund');
    }
    // Without an amount: all of the sale that is left unrefunded.
    const result = await refundAtCounter(context.dojo, { ...context.counter, paymentIntentId: context.paidSale.id });
    return report(this.name, this.expected, describeOutcome(result), fieldsOf(result));
  },
};

/** The five flows, in the order the demo runs them. */
export const DEMO_FLOWS: readonly DemoFlow[] = [sale, preAuthorization, signature, declined, matchedRefund];

/** The report of a flow that rejected: the demo goes on with the next one. */
export function failedReport(flow: DemoFlow, error: unknown): FlowReport {
  const problem = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return report(flow.name, flow.expected, 'failed', NO_FIELDS, problem);
}
