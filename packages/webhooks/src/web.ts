/**
 * `@dojo-terminals/webhooks/web`: the same API as the Node entry point over WebCrypto (`crypto.subtle`),
 * for edge runtimes (Cloudflare Workers, Vercel Edge, Deno, Bun) and browsers. Every function that hashes
 * returns a promise. No `node:` imports.
 */
import { WebhookBodyTooLargeError, WebhookSignatureError } from './core/errors.js';
import { decodeSignatureHeader, encodeSignatureHeader } from './core/header.js';
import { parsePayload, type WebhookEvent } from './core/payload.js';
import { assertRawBody, checkMaxBodyBytes, normalizeSecrets } from './core/secrets.js';
import type { ParseWebhookOptions } from './shared.js';

export * from './shared.js';

const encoder = new TextEncoder();
const MAX_CACHED_KEYS = 16;
const keyCache = new Map<string, Promise<CryptoKey>>();

function subtle(): SubtleCrypto {
  const api = globalThis.crypto?.subtle;
  if (!api) throw new Error('Dojo webhooks: WebCrypto (crypto.subtle) is not available in this runtime.');
  return api;
}

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    key = subtle().importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keyCache.set(secret, key);
  }
  return key;
}

function toBytes(body: string | Uint8Array): Uint8Array<ArrayBuffer> {
  if (typeof body === 'string') return encoder.encode(body);
  return body.buffer instanceof ArrayBuffer ? (body as Uint8Array<ArrayBuffer>) : new Uint8Array(body);
}

async function matchesAny(bytes: Uint8Array<ArrayBuffer>, expected: Uint8Array<ArrayBuffer>, secrets: readonly string[]): Promise<boolean> {
  // crypto.subtle.verify compares in constant time; every secret is tried.
  const results = await Promise.all(secrets.map(async (secret) => subtle().verify('HMAC', await hmacKey(secret), expected, bytes)));
  return results.includes(true);
}

/** WebCrypto version of `verifySignature`: resolves `true` when the header is Dojo's signature of the body under any secret. */
export async function verifySignature(
  rawBody: string | Uint8Array,
  signatureHeader: string | null | undefined,
  secrets: string | readonly string[],
): Promise<boolean> {
  const keys = normalizeSecrets(secrets);
  assertRawBody(rawBody);
  const expected = decodeSignatureHeader(signatureHeader) as Uint8Array<ArrayBuffer> | null;
  if (expected === null) return false;
  return matchesAny(toBytes(rawBody), expected, keys);
}

/** WebCrypto version of `parseWebhook`: verifies, parses and validates; rejects with the same typed errors. */
export async function parseWebhook(options: ParseWebhookOptions): Promise<WebhookEvent> {
  const { body, signature, secrets } = options;
  const keys = normalizeSecrets(secrets);
  const limit = checkMaxBodyBytes(options.maxBodyBytes);
  assertRawBody(body);
  // A string's UTF-8 length is at least its length in UTF-16 units: refuse the obvious cases before encoding.
  if ((typeof body === 'string' ? body.length : body.byteLength) > limit) throw new WebhookBodyTooLargeError(limit);
  const bytes = toBytes(body);
  if (bytes.byteLength > limit) throw new WebhookBodyTooLargeError(limit);
  if (typeof signature !== 'string' || signature.trim() === '') throw new WebhookSignatureError('missing');
  const expected = decodeSignatureHeader(signature) as Uint8Array<ArrayBuffer> | null;
  if (expected === null) throw new WebhookSignatureError('malformed');
  if (!(await matchesAny(bytes, expected, keys))) throw new WebhookSignatureError('mismatch');
  return parsePayload(bytes, options.logger);
}

/** The `dojo-signature` value Dojo would send for `body` signed with `secret`, computed with WebCrypto. */
export async function signPayload(body: string | Uint8Array, secret: string): Promise<string> {
  normalizeSecrets(secret);
  assertRawBody(body);
  const mac = await subtle().sign('HMAC', await hmacKey(secret), toBytes(body));
  return encodeSignatureHeader(new Uint8Array(mac));
}
