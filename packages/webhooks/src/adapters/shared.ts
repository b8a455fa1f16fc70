import { WebhookBodyTooLargeError, WebhookPayloadError, WebhookSignatureError } from '../core/errors.js';
import type { DojoWebhookEvent } from '@dojo-terminals/types';
import { isKnownEvent, type UnknownWebhookEvent, type WebhookEvent, type WebhookLogger } from '../core/payload.js';
import type { Deduper } from '../dedupe.js';

/** Options every framework adapter takes. `C` is what the adapter passes beside the event (the request). */
export interface WebhookHandlerOptions<C> {
  /** The subscription's secret, or several while rotating. */
  secrets: string | readonly string[];
  /** Bodies larger than this are answered `413` before hashing. Default 1 MiB. */
  maxBodyBytes?: number;
  /** Handles one verified, validated event, narrowable on `event`. Throw (or reject) to answer `500` so that Dojo redelivers. */
  onEvent: (event: DojoWebhookEvent, context: C) => void | Promise<void>;
  /**
   * Handles a verified event of a type Dojo added after this version, as sent. Without it such an event is
   * acknowledged (`200`) and reported to `logger.warn`. Throw (or reject) to answer `500`.
   */
  onUnknownEvent?: ((event: UnknownWebhookEvent, context: C) => void | Promise<void>) | undefined;
  /** Drops redeliveries of an event already handled (`createDeduper()`); a failed event is forgotten again. */
  dedupe?: Deduper;
  /** Hears about every refused delivery and every failure of `onEvent`, for logging. Never given a secret. */
  onError?: (error: unknown) => void;
  /** Told (`warn`) about an event type or enum value this version does not know; the delivery is still handled. */
  logger?: WebhookLogger | undefined;
}

/** What an adapter answers: a status and a small JSON body. */
export interface WebhookReply {
  status: number;
  body: { received: true; duplicate?: true } | { error: string };
}

function report<C>(options: WebhookHandlerOptions<C>, error: unknown): void {
  try {
    options.onError?.(error);
  } catch {
    // A failing logger must not change the answer.
  }
}

/** Maps an error of reading or verifying a delivery to its answer. */
export function replyForError<C>(options: WebhookHandlerOptions<C>, error: unknown): WebhookReply {
  report(options, error);
  if (error instanceof WebhookBodyTooLargeError) return { status: 413, body: { error: 'body_too_large' } };
  if (error instanceof WebhookSignatureError) return { status: 400, body: { error: 'invalid_signature' } };
  if (error instanceof WebhookPayloadError) return { status: 400, body: { error: error.reason } };
  return { status: 500, body: { error: 'internal_error' } };
}

/** Runs dedupe and the user's handler for a verified event. */
export async function handleEvent<C>(options: WebhookHandlerOptions<C>, event: WebhookEvent, context: C): Promise<WebhookReply> {
  const { dedupe } = options;
  try {
    if (dedupe && (await dedupe.seen(event.id))) return { status: 200, body: { received: true, duplicate: true } };
  } catch (error) {
    report(options, error);
    return { status: 500, body: { error: 'internal_error' } };
  }
  try {
    if (isKnownEvent(event)) await options.onEvent(event, context);
    else await options.onUnknownEvent?.(event, context);
    return { status: 200, body: { received: true } };
  } catch (error) {
    report(options, error);
    if (dedupe) await dedupe.forget(event.id).catch((forgetError: unknown) => report(options, forgetError));
    return { status: 500, body: { error: 'handler_failed' } };
  }
}

/** Thrown when a body parser turned the body into an object before the adapter could read the raw bytes. */
export class RawBodyUnavailableError extends Error {
  override name = 'RawBodyUnavailableError';
  constructor() {
    super(
      'Dojo webhooks: the raw request body is gone, a body parser (express.json?) already read and parsed it. ' +
        'Mount the webhook route before express.json(), or give it express.raw({ type: "application/json", limit: "1mb" }).',
    );
  }
}
