import { WEBHOOK_EVENTS } from '@dojo-terminals/types';
import type { DojoWebhookEvent } from '@dojo-terminals/types';
import { z } from 'zod';
import {
  zPaymentIntentCreatedEvent,
  zPaymentIntentSendReceiptEvent,
  zPaymentIntentStatusUpdatedEvent,
} from '../generated/zod.gen.js';
import { WebhookPayloadError, type WebhookIssue } from './errors.js';

/** The validator of every webhook event, generated from the spec; discriminated on `event`. */
export const webhookEventSchema = z.discriminatedUnion('event', [
  zPaymentIntentCreatedEvent,
  zPaymentIntentStatusUpdatedEvent,
  zPaymentIntentSendReceiptEvent,
]);

/** The event types this version of the package knows. */
export const WEBHOOK_EVENT_TYPES = WEBHOOK_EVENTS;

const decoder = new TextDecoder('utf-8', { fatal: true });

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : String(key))).join('.').replace(/\.\[/g, '[');
}

/**
 * Parses and validates an already verified body. Throws `WebhookPayloadError` when it is not UTF-8 JSON,
 * names an unknown event type, or does not match the schema.
 */
export function parsePayload(body: string | Uint8Array): DojoWebhookEvent {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : decoder.decode(body));
  } catch (error) {
    const message = error instanceof Error ? error.message : 'unreadable body';
    throw new WebhookPayloadError('invalid_json', [{ path: '', message }]);
  }
  const eventType =
    json !== null && typeof json === 'object' && typeof (json as { event?: unknown }).event === 'string'
      ? (json as { event: string }).event
      : undefined;
  if (eventType !== undefined && !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(eventType)) {
    throw new WebhookPayloadError('unknown_event', [{ path: 'event', message: 'unknown event type' }], eventType);
  }
  const result = webhookEventSchema.safeParse(json);
  if (!result.success) {
    const issues: WebhookIssue[] = result.error.issues.map((issue) => ({ path: issuePath(issue.path), message: issue.message }));
    throw new WebhookPayloadError('invalid_payload', issues, eventType);
  }
  // The public type is @dojo-terminals/types' `DojoWebhookEvent`, generated from the same spec. Zod types an
  // optional field as `T | undefined`; at run time it leaves an absent field absent, so the cast is exact.
  return result.data as DojoWebhookEvent;
}
