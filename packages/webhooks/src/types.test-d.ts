import type { DojoWebhookEvent as SpecEvent } from '@dojo-terminals/types';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { DojoWebhookEvent, PaymentIntentCreatedEvent, PaymentIntentStatusUpdatedEvent, webhookEventSchema } from './index.js';
import type { sampleEvent } from './testing.js';
import type * as web from './web.js';
import { parseWebhook } from './index.js';

/** Removes `| undefined` from optional properties, which is how zod types them. */
type Exact<T> = T extends object ? { [K in keyof T]: Exact<Exclude<T[K], undefined>> } : T;

describe('types', () => {
  it('returns the spec types of @dojo-terminals/types, one source', () => {
    expectTypeOf<DojoWebhookEvent>().toEqualTypeOf<SpecEvent>();
    expectTypeOf(parseWebhook).returns.toEqualTypeOf<SpecEvent>();
    expectTypeOf<ReturnType<typeof web.parseWebhook>>().toEqualTypeOf<Promise<SpecEvent>>();
  });

  it('sampleEvent gives the type of the event asked for', () => {
    expectTypeOf<ReturnType<typeof sampleEvent<'payment_intent.created'>>>().toEqualTypeOf<PaymentIntentCreatedEvent>();
  });

  it('both runtimes parse to the spec union', () => {
    expectTypeOf<Awaited<ReturnType<typeof web.parseWebhook>>>().toEqualTypeOf<DojoWebhookEvent>();
  });

  it('the generated validator checks exactly that type', () => {
    expectTypeOf<Exact<z.output<typeof webhookEventSchema>>>().toEqualTypeOf<Exact<SpecEvent>>();
  });

  it('narrows on event', () => {
    const event = {} as DojoWebhookEvent;
    if (event.event === 'payment_intent.status_updated') {
      expectTypeOf(event).toEqualTypeOf<PaymentIntentStatusUpdatedEvent>();
      expectTypeOf(event.data.paymentStatus).toEqualTypeOf<'Created' | 'Authorized' | 'Captured' | 'Reversed' | 'Refunded' | 'Canceled'>();
    }
  });
});
