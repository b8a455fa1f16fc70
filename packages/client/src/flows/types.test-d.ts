import type { Money, PaymentIntent, Terminal, TerminalSession } from '@dojo-terminals/types';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  amountLeftToCapture,
  amountLeftToRefund,
  CapturePreAuthorizationOptions,
  createSessionWakeups,
  RefundAtCounterOptions,
  SessionWakeups,
  UnlinkedRefundAtCounterOptions,
  CounterOutcome,
  CounterProgressEvent,
  PayAtCounterOptions,
  refundAtCounter,
  ResumePayAtCounterOptions,
  TerminalChoice,
  unlinkedRefundAtCounter,
} from '../index.js';

describe('flow types', () => {
  it('narrow the outcome on `outcome`', () => {
    const read = (outcome: CounterOutcome) => {
      if (outcome.outcome === 'unknown') {
        expectTypeOf(outcome.reason).toEqualTypeOf<'session-create-unconfirmed' | 'session-unreachable' | 'session-overdue' | 'unexpected-status'>();
        expectTypeOf(outcome.terminal).toEqualTypeOf<Terminal | undefined>();
      } else if (outcome.outcome === 'declined') {
        expectTypeOf(outcome.session).toEqualTypeOf<TerminalSession>();
      } else if (outcome.outcome === 'captured') {
        // Learned from the payment intent alone after an ambiguous create: no session then.
        expectTypeOf(outcome.session).toEqualTypeOf<TerminalSession | undefined>();
      }
      expectTypeOf(outcome.paymentIntent).toEqualTypeOf<PaymentIntent | undefined>();
      expectTypeOf(outcome.outcome).toEqualTypeOf<
        'captured' | 'authorized' | 'declined' | 'canceled' | 'expired' | 'signature-rejected' | 'unknown'
      >();
    };
    expectTypeOf(read).toBeFunction();
  });

  it('give refunds their own outcomes: refunded, never captured or authorized', () => {
    type MatchedRefundOutcome = Awaited<ReturnType<typeof refundAtCounter>>;
    type UnlinkedRefundOutcome = Awaited<ReturnType<typeof unlinkedRefundAtCounter>>;
    const read = (outcome: MatchedRefundOutcome) => {
      expectTypeOf(outcome.outcome).toEqualTypeOf<'refunded' | 'declined' | 'canceled' | 'expired' | 'signature-rejected' | 'unknown'>();
      if (outcome.outcome === 'refunded') {
        // Learned from the payment intent's refundedAmount after an ambiguous create: no session then.
        expectTypeOf(outcome.session).toEqualTypeOf<TerminalSession | undefined>();
      }
      if (outcome.outcome === 'declined') expectTypeOf(outcome.session).toEqualTypeOf<TerminalSession>();
    };
    expectTypeOf(read).toBeFunction();
    expectTypeOf<UnlinkedRefundOutcome>().toEqualTypeOf<MatchedRefundOutcome>();
  });

  it('narrow progress events on `type`', () => {
    const show = (event: CounterProgressEvent) => {
      if (event.type === 'notification')
        expectTypeOf(event.notification).toEqualTypeOf<TerminalSession['notificationEvents'][number]['notificationType']>();
      if (event.type === 'signature-required') expectTypeOf(event.deadline).toEqualTypeOf<Date>();
      if (event.type === 'status') expectTypeOf(event.previous).toEqualTypeOf<TerminalSession['status']>();
    };
    expectTypeOf(show).toBeFunction();
  });

  it('take either an amount or an existing payment intent, not both', () => {
    expectTypeOf<{ paymentIntentId: string; terminal: 'first-available' }>().toExtend<PayAtCounterOptions>();
    expectTypeOf<{
      amount: { value: number; currencyCode: string };
      reference: string;
      terminal: 'tm_sandbox_65c5fe8a104a1222b2d8b968';
    }>().toExtend<PayAtCounterOptions>();
    expectTypeOf<{
      paymentIntentId: string;
      amount: { value: number; currencyCode: string };
      reference: string;
      terminal: 'first-available';
    }>().not.toExtend<PayAtCounterOptions>();
  });

  it('name what createSessionWakeups returns SessionWakeups, with notify', () => {
    expectTypeOf<typeof createSessionWakeups>().returns.toEqualTypeOf<SessionWakeups>();
    expectTypeOf<SessionWakeups>().toHaveProperty('notify');
    expectTypeOf<SessionWakeups>().toExtend<NonNullable<PayAtCounterOptions['wakeups']>>();
  });

  it('take amounts in one shape in every flow', () => {
    expectTypeOf<NonNullable<CapturePreAuthorizationOptions['amount']>>().toEqualTypeOf<Money>();
    expectTypeOf<NonNullable<RefundAtCounterOptions['amount']>>().toEqualTypeOf<Money>();
    expectTypeOf<UnlinkedRefundAtCounterOptions['amount']>().toEqualTypeOf<Money>();
    expectTypeOf<typeof amountLeftToCapture>().returns.toEqualTypeOf<Money>();
    expectTypeOf<typeof amountLeftToRefund>().returns.toEqualTypeOf<Money>();
  });

  it("take 'first-available' or a terminal id, and nothing else", () => {
    expectTypeOf<TerminalChoice>().toEqualTypeOf<'first-available' | `tm_${string}`>();
    expectTypeOf<'first-available'>().toExtend<TerminalChoice>();
    expectTypeOf<'tm_sandbox_65c5fe8a104a1222b2d8b968'>().toExtend<TerminalChoice>();
    expectTypeOf<'first-availble'>().not.toExtend<TerminalChoice>();
    expectTypeOf<string>().not.toExtend<TerminalChoice>();
    expectTypeOf<ResumePayAtCounterOptions>().not.toHaveProperty('terminal');
  });
});
