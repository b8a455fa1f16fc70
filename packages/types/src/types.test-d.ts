import { describe, expectTypeOf, it } from 'vitest';
import type {
  CreateTerminalSessionRequest,
  DojoWebhookEvent,
  DojoWebhookEventType,
  ListTerminalsData,
  Money,
  PaymentIntentStatus,
  TerminalSession,
  TerminalSessionDetails,
  TerminalSessionStatus,
  UnknownValue,
} from './index.js';

describe('public types', () => {
  it('models money as integer minor units with a currency code', () => {
    expectTypeOf<Money>().toEqualTypeOf<{ value: number; currencyCode: string }>();
  });

  it('narrows terminal session details on sessionType', () => {
    type Sale = Extract<TerminalSessionDetails, { sessionType: 'Sale' }>;
    expectTypeOf<Sale['sale']['paymentIntentId']>().toEqualTypeOf<string>();
    expectTypeOf<Sale>().not.toHaveProperty('matchedRefund');
    expectTypeOf<TerminalSessionDetails['sessionType']>().toEqualTypeOf<'Sale' | 'MatchedRefund' | 'UnlinkedRefund'>();
    // A sale cannot be described with refund details.
    expectTypeOf<{ sessionType: 'Sale'; matchedRefund: { paymentIntentId: string } }>().not.toExtend<TerminalSessionDetails>();
  });

  it('requires a terminal and details to create a session', () => {
    expectTypeOf<CreateTerminalSessionRequest>().toHaveProperty('terminalId').toEqualTypeOf<string>();
    expectTypeOf<CreateTerminalSessionRequest>().toHaveProperty('details').toEqualTypeOf<TerminalSessionDetails>();
  });

  it('lists every status as a literal union, open to values Dojo adds later (x-dojo-open-enum)', () => {
    expectTypeOf<PaymentIntentStatus>().toEqualTypeOf<
      'Created' | 'Authorized' | 'Captured' | 'Reversed' | 'Refunded' | 'Canceled' | UnknownValue
    >();
    expectTypeOf<'Captured'>().toExtend<TerminalSessionStatus>();
    // A misspelt or invented value does not compile where the type is expected; a received new value is UnknownValue.
    expectTypeOf<'Paid'>().not.toExtend<TerminalSessionStatus>();
    expectTypeOf<string>().not.toExtend<TerminalSessionStatus>();
    expectTypeOf<UnknownValue>().toExtend<string>();
    expectTypeOf<TerminalSession['status']>().toEqualTypeOf<TerminalSessionStatus>();
  });

  it('types the terminal headers of an operation', () => {
    expectTypeOf<ListTerminalsData['headers']>().toHaveProperty('software-house-id').toEqualTypeOf<string>();
    expectTypeOf<ListTerminalsData['headers']['reseller-id']>().toEqualTypeOf<string | undefined>();
  });

  it('narrows an open enum on its known values, leaving UnknownValue', () => {
    const handle = (status: PaymentIntentStatus) => {
      if (status === 'Captured' || status === 'Created' || status === 'Authorized') return 'known';
      if (status === 'Reversed' || status === 'Refunded' || status === 'Canceled') return 'known';
      expectTypeOf(status).toEqualTypeOf<UnknownValue>();
      return 'unknown';
    };
    expectTypeOf(handle).returns.toEqualTypeOf<'known' | 'unknown'>();
  });

  it('narrows webhook events on their event name', () => {
    expectTypeOf<DojoWebhookEventType>().toEqualTypeOf<
      'payment_intent.created' | 'payment_intent.status_updated' | 'payment_intent.send-receipt'
    >();
    expectTypeOf<Extract<DojoWebhookEvent, { event: 'payment_intent.status_updated' }>['data']['paymentStatus']>()
      .toEqualTypeOf<PaymentIntentStatus>();
  });
});
