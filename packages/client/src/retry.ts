/** How failed attempts are repeated. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2; 0 turns retries off. */
  maxRetries?: number;
  /** First backoff delay; each retry doubles it (with full jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** Longest wait between attempts, also the cap for `Retry-After`. Default 8 000 ms. */
  maxDelayMs?: number;
}

export type ResolvedRetry = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetry = { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 8_000 };

/** Why an attempt failed. */
export type AttemptFailure =
  | { kind: 'status'; status: number }
  | { kind: 'timeout' }
  /** `beforeSend`: the connection was never made (refused, DNS), so Dojo cannot have seen the request. */
  | { kind: 'network'; beforeSend: boolean };

/** Statuses that say "try again later" without the request having been processed. */
const RETRY_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Whether a failed attempt may be repeated. Only `safe` operations are ever re-sent: GET, PUT and DELETE, and
 * refunds, which carry an idempotency key. They are retried on connection errors, timeouts, 429, 502, 503 and
 * 504. Every other POST (creating a payment intent or a terminal session, capture, charge, reversal, search, …)
 * is never re-sent automatically, because a repeat could apply it twice, for example by asking a customer to
 * present their card again.
 */
export function isRetryable(failure: AttemptFailure, safe: boolean): boolean {
  if (!safe) return false;
  if (failure.kind === 'status') return RETRY_STATUSES.has(failure.status);
  return true;
}

/** Milliseconds to wait before retry number `retry` (1-based): `Retry-After` when given, else jittered backoff. */
export function retryDelay(retry: number, options: ResolvedRetry, retryAfter?: string | null, random = Math.random): number {
  const fromHeader = parseRetryAfter(retryAfter);
  if (fromHeader !== undefined) return Math.min(fromHeader, options.maxDelayMs);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** `Retry-After` as milliseconds: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Network error codes that mean the request never left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Whether a fetch failure happened before the request was sent (reads undici's `cause.code`). */
export function failedBeforeSend(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
