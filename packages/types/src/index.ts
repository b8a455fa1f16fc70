export type * from './generated/types.gen.js';
// The facts the spec holds besides its types: API version, id patterns, final session statuses, webhook events.
export * from './generated/dojo-facts.gen.js';
export type { UnknownValue } from './unknown-value.js';

import type { DojoWebhookEvent } from './generated/dojo-facts.gen.js';

/** The name of a webhook event, such as `payment_intent.created`. */
export type DojoWebhookEventType = DojoWebhookEvent['event'];
