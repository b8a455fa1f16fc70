/**
 * `@dojo-terminals/webhooks` for Node.js (node:crypto, synchronous). For edge runtimes and browsers use
 * `@dojo-terminals/webhooks/web`, which has the same API with promises over WebCrypto.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookBodyTooLargeError, WebhookSignatureError } from './core/errors.js';
import { decodeSignatureHeader, encodeSignatureHeader } from './core/header.js';
import { parsePayload, type WebhookEvent } from './core/payload.js';
import { assertRawBody, checkMaxBodyBytes, normalizeSecrets } from './core/secrets.js';
import type { ParseWebhookOptions } from './shared.js';

export * from './shared.js';

function matchesAny(body: string | Uint8Array, expected: Uint8Array, secrets: readonly string[]): boolean {
  let matched = false;
  // Every secret is tried, so the time taken does not tell which one matched.
  for (const secret of secrets) {
    const mac = createHmac('sha256', secret).update(body).digest();
    if (timingSafeEqual(mac, expected)) matched = true;
  }
  return matched;
}

/**
 * `true` when `signatureHeader` is Dojo's signature of `rawBody` under any of `secrets`. A missing,
 * empty or malformed header gives `false`; it never throws for what a sender controls. An empty
 * `secrets` list, an empty secret or a parsed (non-raw) body is a programmer error and throws a `TypeError`.
 */
export function verifySignature(
  rawBody: string | Uint8Array,
  signatureHeader: string | null | undefined,
  secrets: string | readonly string[],
): boolean {
  const keys = normalizeSecrets(secrets);
  assertRawBody(rawBody);
  const expected = decodeSignatureHeader(signatureHeader);
  if (expected === null) return false;
  return matchesAny(rawBody, expected, keys);
}

function byteLength(body: string | Uint8Array): number {
  return typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
}

/**
 * Verifies a delivery, then parses and validates it against the spec. Returns the typed event, narrowable
 * on `event`. Throws `WebhookBodyTooLargeError` (before hashing), `WebhookSignatureError` or
 * `WebhookPayloadError`.
 */
export function parseWebhook(options: ParseWebhookOptions): WebhookEvent {
  const { body, signature, secrets } = options;
  const keys = normalizeSecrets(secrets);
  const limit = checkMaxBodyBytes(options.maxBodyBytes);
  assertRawBody(body);
  if (byteLength(body) > limit) throw new WebhookBodyTooLargeError(limit);
  if (typeof signature !== 'string' || signature.trim() === '') throw new WebhookSignatureError('missing');
  const expected = decodeSignatureHeader(signature);
  if (expected === null) throw new WebhookSignatureError('malformed');
  if (!matchesAny(body, expected, keys)) throw new WebhookSignatureError('mismatch');
  return parsePayload(body, options.logger);
}

/** The `dojo-signature` value Dojo would send for `body` signed with `secret`. */
export function signPayload(body: string | Uint8Array, secret: string): string {
  normalizeSecrets(secret);
  assertRawBody(body);
  return encodeSignatureHeader(createHmac('sha256', secret).update(body).digest());
}
