export type * from './generated/types.gen.js';
// The facts the spec holds besides its types: API version, id patterns, final session statuses, webhook events.
export * from './generated/dojo-facts.gen.js';

import type {
  PaymentIntentCreatedEvent,
  PaymentIntentSendReceiptEvent,
  PaymentIntentStatusUpdatedEvent,
} from './generated/types.gen.js';

/** Any webhook event Dojo delivers; narrow it on `event`. */
export type DojoWebhookEvent = PaymentIntentCreatedEvent | PaymentIntentStatusUpdatedEvent | PaymentIntentSendReceiptEvent;

/** The name of a webhook event, such as `payment_intent.created`. */
export type DojoWebhookEventType = DojoWebhookEvent['event'];
