import type { DojoWebhookEvent as SpecEvent, PaymentIntentStatus, UnknownValue } from '@dojo-terminals/types';
import type { WEBHOOK_EVENT_SCHEMAS } from '@dojo-terminals/types/validators';
import type { InferOutput } from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import type { DojoWebhookEvent, PaymentIntentCreatedEvent, PaymentIntentStatusUpdatedEvent, UnknownWebhookEvent, WebhookEvent } from './index.js';
import { isKnownEvent, parseWebhook } from './index.js';
import type { sampleEvent } from './testing.js';
import type * as web from './web.js';

describe('types', () => {
  it('returns the spec types of @dojo-terminals/types, or an event of a type added later', () => {
    expectTypeOf<DojoWebhookEvent>().toEqualTypeOf<SpecEvent>();
    expectTypeOf<WebhookEvent>().toEqualTypeOf<SpecEvent | UnknownWebhookEvent>();
    expectTypeOf(parseWebhook).returns.toEqualTypeOf<WebhookEvent>();
    expectTypeOf<ReturnType<typeof web.parseWebhook>>().toEqualTypeOf<Promise<WebhookEvent>>();
  });

  it('sampleEvent gives the type of the event asked for', () => {
    expectTypeOf<ReturnType<typeof sampleEvent<'payment_intent.created'>>>().toEqualTypeOf<PaymentIntentCreatedEvent>();
  });

  it('has a generated validator per event type the spec lists', () => {
    expectTypeOf<keyof typeof WEBHOOK_EVENT_SCHEMAS>().toEqualTypeOf<SpecEvent['event']>();
    expectTypeOf<InferOutput<(typeof WEBHOOK_EVENT_SCHEMAS)['payment_intent.status_updated']>['data']['paymentStatus']>().toExtend<string>();
  });

  it('tells an unknown event type apart, then narrows on event', () => {
    const received = {} as WebhookEvent;
    if (!isKnownEvent(received)) {
      expectTypeOf(received).toEqualTypeOf<UnknownWebhookEvent>();
      expectTypeOf(received.event).toEqualTypeOf<UnknownValue>();
      return;
    }
    expectTypeOf(received).toEqualTypeOf<SpecEvent>();
    const event = received;
    if (event.event === 'payment_intent.status_updated') {
      expectTypeOf(event).toEqualTypeOf<PaymentIntentStatusUpdatedEvent>();
      expectTypeOf(event.data.paymentStatus).toEqualTypeOf<PaymentIntentStatus>();
      expectTypeOf(event.data.paymentStatus).toExtend<'Created' | 'Authorized' | 'Captured' | 'Reversed' | 'Refunded' | 'Canceled' | UnknownValue>();
    }
  });
});
