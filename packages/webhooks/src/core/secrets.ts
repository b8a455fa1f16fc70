/**
 * Checks the `secrets` argument and returns it as an array. An empty list, an empty secret or a value
 * that is not a string is a programmer error and throws a `TypeError` (that never repeats a secret).
 */
export function normalizeSecrets(secrets: string | readonly string[]): readonly string[] {
  const list: readonly unknown[] = typeof secrets === 'string' ? [secrets] : Array.isArray(secrets) ? secrets : [secrets];
  if (list.length === 0) throw new TypeError('Dojo webhooks: `secrets` is empty; pass at least one webhook secret.');
  for (const secret of list) {
    if (typeof secret !== 'string' || secret.length === 0) {
      throw new TypeError('Dojo webhooks: every webhook secret must be a non-empty string.');
    }
  }
  return list as readonly string[];
}

/** The raw body must be what arrived on the wire: a string or bytes, never a parsed object. */
export function assertRawBody(body: unknown): asserts body is string | Uint8Array {
  if (typeof body === 'string' || body instanceof Uint8Array) return;
  throw new TypeError(
    'Dojo webhooks: the body must be the raw request body (a string or a Uint8Array/Buffer), not a parsed object. ' +
      'A JSON body parser ran before verification; re-serialised JSON does not match the signature. ' +
      'Use express.raw({ type: "application/json" }) or read the request text.',
  );
}

/** Bodies larger than this are refused before hashing unless `maxBodyBytes` says otherwise: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export function checkMaxBodyBytes(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError('Dojo webhooks: `maxBodyBytes` must be a non-negative integer.');
  return value;
}
