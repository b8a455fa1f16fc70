import { API_VERSION } from '@dojo-terminals/types';
import { DojoConfigError } from './errors.js';
import { redactText, secretForms } from './redact.js';
import { DEFAULT_RETRY, type ResolvedRetry, type RetryOptions } from './retry.js';
import { MAX_TIMER_MS } from './timeout.js';

export { API_VERSION };

/** A line for the optional logger. Never carries headers or bodies, so never the API key. */
export type Log = (level: 'debug' | 'warn', message: string) => void;

export const DEFAULT_BASE_URL = 'https://api.dojo.tech';

/** 4 MiB: Dojo's answers are a few kilobytes; a page of payment intents a few hundred. */
export const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** The largest `maxResponseBytes` accepted: a body is held as one string, and engines cap string length near 512 MiB. */
export const MAX_RESPONSE_BYTES_LIMIT = 256 * 1024 * 1024;

export interface DojoClientOptions {
  /** Secret API key, `sk_sandbox_…` or `sk_prod_…`, as issued (sent as `Authorization: Basic <key>`). */
  apiKey: string;
  /** Identifies your POS product; required by the terminal and terminal-session operations. */
  softwareHouseId?: string;
  /** Identifies the reseller; sent on terminal and terminal-session operations when set. */
  resellerId?: string;
  /** Default `https://api.dojo.tech`. Plain `http:` is accepted for loopback hosts only (e.g. the Prism mock). */
  baseUrl?: string | undefined;
  /** The Dojo API version to ask for, sent as the `version` header. Default: the version the spec describes. */
  version?: string;
  /** Time limit of one attempt, body included. Default 30 000 ms; at most 2 147 483 647 (what timers allow). */
  timeoutMs?: number;
  /**
   * The largest response body read, in bytes after decompression, counted while it streams; a larger one fails
   * with `DojoResponseTooLargeError`. Default 4 MiB (4 194 304); at most 256 MiB.
   */
  maxResponseBytes?: number;
  /** Retries after a failed attempt, for the operations that are safe to repeat (see the README). Default 2. */
  maxRetries?: number;
  /** Backoff between retries. */
  retry?: Omit<RetryOptions, 'maxRetries'>;
  /** Check every successful response against the spec (loads the validators on first use). Default false. */
  validateResponses?: boolean;
  /** A `fetch` to use instead of the global one (for proxies, tests, instrumentation). */
  fetch?: typeof globalThis.fetch;
  /** Receives one line per attempt (`debug`) and per retry (`warn`). Lines never contain keys, headers or bodies. */
  logger?: { debug?(message: string): void; warn?(message: string): void };
}

export interface ResolvedConfig {
  /** The API key as servers or libraries may write it (raw, encoded): removed from every error and log line. */
  secretForms: readonly string[];
  baseUrl: string;
  headers: Readonly<Record<string, string>>;
  terminalHeaders: Readonly<Record<string, string>> | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
  retry: ResolvedRetry;
  validateResponses: boolean;
  fetch: typeof globalThis.fetch;
  /** Undefined without a logger, so that calls skip formatting lines nobody reads. */
  log: Log | undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
export const HEADER_VALUE = /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/;

/** Validates the options once, up front. Error messages never repeat the API key. */
export function resolveConfig(options: DojoClientOptions): ResolvedConfig {
  if (typeof options !== 'object' || options === null) throw new DojoConfigError('createDojoClient needs an options object');
  const { apiKey } = options;
  if (typeof apiKey !== 'string' || apiKey === '') throw new DojoConfigError('apiKey is required');
  if (/^basic\s/i.test(apiKey)) throw new DojoConfigError('apiKey must be the key alone, without the "Basic " prefix');
  if (!/^sk_(?:sandbox|prod)_[\x21-\x7e]+$/.test(apiKey)) {
    throw new DojoConfigError('apiKey must be a Dojo secret key: "sk_sandbox_" or "sk_prod_" followed by printable characters');
  }
  const version = options.version ?? API_VERSION;
  if (typeof version !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(version)) {
    throw new DojoConfigError(`version must be a Dojo API version date such as "${API_VERSION}"`);
  }
  const headers: Record<string, string> = { Authorization: `Basic ${apiKey}`, version };

  let terminalHeaders: Record<string, string> | undefined;
  for (const name of ['softwareHouseId', 'resellerId'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || value.length > 100 || !HEADER_VALUE.test(value))) {
      throw new DojoConfigError(`${name} must be 1 to 100 printable characters`);
    }
  }
  if (options.softwareHouseId !== undefined) {
    terminalHeaders = { ...headers, 'software-house-id': options.softwareHouseId };
    if (options.resellerId !== undefined) terminalHeaders['reseller-id'] = options.resellerId;
  } else if (options.resellerId !== undefined) {
    throw new DojoConfigError('resellerId is set but softwareHouseId is not; terminal operations need both');
  }

  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!isTimeoutMs(timeoutMs)) throw new DojoConfigError(`timeoutMs must be a number from 1 to ${MAX_TIMER_MS}`);
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 1 || maxResponseBytes > MAX_RESPONSE_BYTES_LIMIT) {
    throw new DojoConfigError(`maxResponseBytes must be an integer from 1 to ${MAX_RESPONSE_BYTES_LIMIT}`);
  }
  const retry = { ...DEFAULT_RETRY, ...options.retry, maxRetries: options.maxRetries ?? DEFAULT_RETRY.maxRetries };
  if (!isMaxRetries(retry.maxRetries)) throw new DojoConfigError('maxRetries must be an integer ≥ 0');
  for (const name of ['baseDelayMs', 'maxDelayMs'] as const) {
    const value = retry[name];
    if (typeof value !== 'number' || !(value >= 0 && value <= MAX_TIMER_MS)) {
      throw new DojoConfigError(`retry.${name} must be a number from 0 to ${MAX_TIMER_MS}`);
    }
  }

  if (options.fetch === undefined ? typeof globalThis.fetch !== 'function' : typeof options.fetch !== 'function') {
    throw new DojoConfigError('no fetch available: pass options.fetch');
  }
  // The global one is looked up per call (so mocks installed later apply) and called on globalThis, as it must be.
  const fetchImpl: typeof globalThis.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  const forms = secretForms(apiKey);
  const { logger } = options;
  // Lines quote causes' messages, which a server can fill: redacted like errors.
  const log: Log | undefined = logger && ((level, message) => logger[level]?.(redactText(message, forms)));

  return {
    secretForms: forms,
    baseUrl: checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL),
    // Shared by every call's RequestInit (see transport.ts), so frozen.
    headers: Object.freeze(headers),
    terminalHeaders: terminalHeaders && Object.freeze(terminalHeaders),
    timeoutMs,
    maxResponseBytes,
    retry,
    validateResponses: options.validateResponses ?? false,
    fetch: fetchImpl,
    log,
  };
}

function checkBaseUrl(value: unknown): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new DojoConfigError(`baseUrl is not a URL: ${JSON.stringify(String(value))}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new DojoConfigError('baseUrl must not contain credentials, a query or a fragment');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
    throw new DojoConfigError('baseUrl must use https: (http: only for localhost, 127.0.0.1 or [::1]), so the API key is never sent in clear');
  }
  return url.href.replace(/\/+$/, '');
}

/** A timer's range: above MAX_TIMER_MS, `setTimeout` fires at once. */
export function isTimeoutMs(value: unknown): value is number {
  return typeof value === 'number' && value >= 1 && value <= MAX_TIMER_MS;
}

export function isMaxRetries(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
