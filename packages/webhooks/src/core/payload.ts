import { WEBHOOK_EVENTS, type DojoWebhookEvent, type UnknownValue } from '@dojo-terminals/types';
import { collectUnknownValues, vEventId, WEBHOOK_EVENT_SCHEMAS } from '@dojo-terminals/types/validators';
import { safeParse, type GenericSchema } from 'valibot';
import { WebhookPayloadError, type WebhookIssue } from './errors.js';

/**
 * A correctly signed event of a type this version does not know: Dojo added it after this package was built. It is
 * handed over as sent (its `id` checked, so that deduplication works); narrowing on `event` leaves it apart.
 */
export interface UnknownWebhookEvent {
  id: string;
  event: UnknownValue;
  [field: string]: unknown;
}

/** What a delivery holds: an event this version knows, typed from the spec, or an `UnknownWebhookEvent`. */
export type WebhookEvent = DojoWebhookEvent | UnknownWebhookEvent;

/** Where the lines about values this version does not know go (`warn`). Lines never hold a secret. */
export interface WebhookLogger {
  warn?(message: string): void;
}

/** The event types this version of the package knows (the spec's `webhooks`). */
export const WEBHOOK_EVENT_TYPES = WEBHOOK_EVENTS;

/** `true` for an event of a type this version knows, narrowing away `UnknownWebhookEvent`. */
export function isKnownEvent(event: WebhookEvent): event is DojoWebhookEvent {
  return Object.hasOwn(WEBHOOK_EVENT_SCHEMAS, event.event);
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function issuesOf(result: { issues: ReadonlyArray<{ message: string; path?: ReadonlyArray<{ key: unknown }> | undefined }> }): WebhookIssue[] {
  return result.issues.map((issue) => ({
    path: (issue.path ?? []).map(({ key }) => (typeof key === 'number' ? `[${key}]` : String(key))).join('.').replace(/\.\[/g, '['),
    message: issue.message,
  }));
}

function warn(logger: WebhookLogger | undefined, message: string): void {
  try {
    logger?.warn?.(message);
  } catch {
    // A failing logger must not refuse a genuine delivery.
  }
}

/**
 * Parses and validates an already verified body. Throws `WebhookPayloadError` when it is not UTF-8 JSON or does not
 * match the spec. An event type or an open-enum value (`x-dojo-open-enum`) the spec does not list yet is accepted,
 * kept as sent and reported to `logger.warn`.
 */
export function parsePayload(body: string | Uint8Array, logger?: WebhookLogger): WebhookEvent {
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
  if (eventType === undefined) throw new WebhookPayloadError('invalid_payload', [{ path: 'event', message: 'Invalid type: Expected string' }]);
  const schema: GenericSchema | undefined = Object.hasOwn(WEBHOOK_EVENT_SCHEMAS, eventType)
    ? WEBHOOK_EVENT_SCHEMAS[eventType as keyof typeof WEBHOOK_EVENT_SCHEMAS]
    : undefined;
  if (!schema) {
    const id = safeParse(vEventId, (json as { id?: unknown }).id);
    if (!id.success) throw new WebhookPayloadError('invalid_payload', issuesOf(id).map((issue) => ({ ...issue, path: 'id' })), eventType);
    warn(logger, `webhook ${id.output}: event type ${JSON.stringify(eventType)} is not one this version knows; passed on as an UnknownWebhookEvent`);
    return json as UnknownWebhookEvent;
  }
  const { result, unknownValues } = collectUnknownValues(() => safeParse(schema, json));
  if (!result.success) throw new WebhookPayloadError('invalid_payload', issuesOf(result), eventType);
  for (const { enum: name, value } of unknownValues) {
    warn(logger, `webhook ${eventType}: ${name} ${JSON.stringify(value)} is not a value this version knows; passed on as sent`);
  }
  // The output drops fields the spec does not describe; an absent optional field stays absent.
  return result.output as DojoWebhookEvent;
}
