import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, failedBeforeSend, isRetryable, parseRetryAfter, retryDelay } from './retry.js';

describe('isRetryable', () => {
  it('retries safe operations on connection errors, timeouts, 429, 502, 503 and 504', () => {
    for (const status of [429, 502, 503, 504]) expect(isRetryable({ kind: 'status', status }, true)).toBe(true);
    expect(isRetryable({ kind: 'timeout' }, true)).toBe(true);
    expect(isRetryable({ kind: 'network', beforeSend: false }, true)).toBe(true);
    expect(isRetryable({ kind: 'network', beforeSend: true }, true)).toBe(true);
  });

  it('never retries client errors or other server errors', () => {
    for (const status of [400, 401, 403, 404, 405, 408, 409, 422, 500, 501]) {
      expect(isRetryable({ kind: 'status', status }, true)).toBe(false);
    }
  });

  it('never re-sends an operation that could be applied twice', () => {
    for (const status of [429, 502, 503, 504]) expect(isRetryable({ kind: 'status', status }, false)).toBe(false);
    expect(isRetryable({ kind: 'network', beforeSend: true }, false)).toBe(false);
    expect(isRetryable({ kind: 'network', beforeSend: false }, false)).toBe(false);
    expect(isRetryable({ kind: 'timeout' }, false)).toBe(false);
  });
});

describe('retryDelay', () => {
  it('doubles with jitter up to the cap', () => {
    const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 300 };
    expect(retryDelay(1, options, null, () => 0)).toBe(50);
    expect(retryDelay(1, options, null, () => 1)).toBe(100);
    expect(retryDelay(2, options, null, () => 1)).toBe(200);
    expect(retryDelay(5, options, null, () => 1)).toBe(300);
  });

  it('follows Retry-After, capped', () => {
    expect(retryDelay(1, { ...DEFAULT_RETRY, maxDelayMs: 10_000 }, '2')).toBe(2_000);
    expect(retryDelay(1, { ...DEFAULT_RETRY, maxDelayMs: 1_000 }, '120')).toBe(1_000);
  });

  it('parses both forms of Retry-After', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('failedBeforeSend', () => {
  it('finds connection codes in the cause chain', () => {
    expect(failedBeforeSend(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe(true);
    expect(failedBeforeSend(new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } }))).toBe(false);
    expect(failedBeforeSend(undefined)).toBe(false);
  });
});
