// What both runtimes export unchanged.
export type {
  DojoWebhookEvent,
  DojoWebhookEventType,
  PaymentIntentCreatedEvent,
  PaymentIntentSendReceiptEvent,
  PaymentIntentStatusUpdatedEvent,
} from '@dojo-terminals/types';
export {
  WebhookBodyTooLargeError,
  WebhookError,
  WebhookPayloadError,
  WebhookSignatureError,
  type WebhookIssue,
  type WebhookPayloadReason,
  type WebhookSignatureReason,
} from './core/errors.js';
export { decodeSignatureHeader, encodeSignatureHeader } from './core/header.js';
export {
  isKnownEvent,
  parsePayload,
  WEBHOOK_EVENT_TYPES,
  type UnknownWebhookEvent,
  type WebhookEvent,
  type WebhookLogger,
} from './core/payload.js';
import type { WebhookLogger } from './core/payload.js';
export { DEFAULT_MAX_BODY_BYTES } from './core/secrets.js';
export { createDeduper, MemoryDedupeStore, type DedupeStore, type Deduper, type MemoryDedupeStoreOptions } from './dedupe.js';

/** The header Dojo signs deliveries with. */
export const SIGNATURE_HEADER = 'dojo-signature';

/** What `parseWebhook` takes. */
export interface ParseWebhookOptions {
  /** The raw request body, exactly as received: a string or bytes, never re-serialised JSON. */
  body: string | Uint8Array;
  /** The value of the `dojo-signature` header. */
  signature: string | null | undefined;
  /** The subscription's secret, or several while rotating. */
  secrets: string | readonly string[];
  /** Bodies larger than this are refused before hashing. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Told (`warn`) about an event type or enum value this version does not know; the delivery is still accepted. */
  logger?: WebhookLogger | undefined;
}
