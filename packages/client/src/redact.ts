import { DojoError } from './errors.js';

const REDACTED = '[redacted]';

/** Deeper than this, a value is not walked: it is replaced (a cause) or cut (a body). JSON bodies are shallower. */
const MAX_DEPTH = 100;
/** Causes kept in a sanitized chain. */
const MAX_CAUSES = 5;

/**
 * The ways the API key can be written by a server or a library: as is, URL-encoded (also with every symbol
 * escaped), JSON-escaped, in hex, and in base64 and base64url at each of the three byte alignments it can have
 * inside a longer encoded text (only the characters that depend on the key alone). Longest first, so that one form
 * never leaves part of another behind.
 */
export function secretForms(secret: string): readonly string[] {
  const bytes = new TextEncoder().encode(secret);
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  const escaped = Array.from(bytes, (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
  const forms = new Set([
    secret,
    encodeURIComponent(secret),
    escaped,
    escaped.replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase()),
    JSON.stringify(secret).slice(1, -1),
    hex,
    hex.toUpperCase(),
  ]);
  for (const offset of [0, 1, 2]) {
    const shifted = new Uint8Array(offset + bytes.length);
    shifted.set(bytes, offset);
    const whole = shifted.subarray(0, shifted.length - (shifted.length % 3));
    // The first characters also encode the bytes before the key: [0, 2, 3] of them at offsets 0, 1 and 2.
    const base64 = btoa(String.fromCharCode(...whole)).slice([0, 2, 3][offset]);
    forms.add(base64);
    forms.add(base64.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((form) => form.length >= 8).sort((a, b) => b.length - a.length);
}

export function redactText(text: string, forms: readonly string[]): string {
  let result = text;
  for (const form of forms) if (result.includes(form)) result = result.split(form).join(REDACTED);
  return result;
}

/** A JSON-like value with the key removed from every string, keys included; cut below MAX_DEPTH. */
export function redactValue<T>(value: T, forms: readonly string[], depth = 0): T {
  if (typeof value === 'string') return redactText(value, forms) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[too deep]' as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item, forms, depth + 1)) as T;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [redactText(key, forms), redactValue(item, forms, depth + 1)]),
  ) as T;
}

/**
 * The one exit of every error the transport throws: the key is removed from its message, stack and fields, and a
 * cause chain that holds the key anywhere (undici's parser errors keep the raw bytes of a malformed answer) is
 * replaced by a copy of names, codes and redacted messages. A cause chain without the key is kept as it is.
 * Anything that is not a `DojoError` is wrapped in one.
 */
export function scrubError(error: unknown, forms: readonly string[]): DojoError {
  const scrubbed = error instanceof DojoError ? error : new DojoError(`unexpected failure: ${describe(error)}`, { cause: error });
  const fields = scrubbed as unknown as Record<string, unknown>;
  for (const key of Object.keys(scrubbed)) fields[key] = redactValue(fields[key], forms);
  scrubbed.message = redactText(scrubbed.message, forms);
  if (typeof scrubbed.stack === 'string') scrubbed.stack = redactText(scrubbed.stack, forms);
  if (Object.hasOwn(scrubbed, 'cause') && holdsSecret(scrubbed.cause, forms, 0, new Set())) {
    Object.defineProperty(scrubbed, 'cause', { value: sanitizedCause(scrubbed.cause, forms, 0), writable: true, configurable: true });
  }
  return scrubbed;
}

/** Whether any string reachable from `value` (own properties, hidden ones too, and bytes) holds the key. */
function holdsSecret(value: unknown, forms: readonly string[], depth: number, seen: Set<object>): boolean {
  if (typeof value === 'string') return forms.some((form) => value.includes(form));
  if (typeof value !== 'object' || value === null) return false;
  if (seen.has(value)) return false;
  // Too deep to prove clean: treated as holding it.
  if (depth >= MAX_DEPTH) return true;
  seen.add(value);
  if (ArrayBuffer.isView(value)) {
    return holdsSecret(new TextDecoder('latin1').decode(value), forms, depth + 1, seen);
  }
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (typeof key === 'string' && holdsSecret(key, forms, depth + 1, seen)) return true;
    if (descriptor && 'value' in descriptor && holdsSecret(descriptor.value, forms, depth + 1, seen)) return true;
  }
  return false;
}

/** A copy of an error chain with only its names, string codes, redacted messages and stacks. */
function sanitizedCause(cause: unknown, forms: readonly string[], depth: number): unknown {
  if (!(cause instanceof Error)) return typeof cause === 'string' ? redactText(cause, forms) : REDACTED;
  const copy = new Error(redactText(cause.message, forms));
  copy.name = redactText(cause.name, forms);
  copy.stack = typeof cause.stack === 'string' ? redactText(cause.stack, forms) : `${copy.name}: ${copy.message}`;
  const { code } = cause as { code?: unknown };
  if (typeof code === 'string') Object.assign(copy, { code: redactText(code, forms) });
  if (cause.cause !== undefined && depth + 1 < MAX_CAUSES) {
    Object.defineProperty(copy, 'cause', { value: sanitizedCause(cause.cause, forms, depth + 1), writable: true, configurable: true });
  }
  return copy;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
}
