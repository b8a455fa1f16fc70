import { HEADER_VALUE, resolveConfig, type DojoClientOptions, type ResolvedConfig } from './config.js';
import {
  createApiError,
  DojoAbortError,
  DojoConfigError,
  DojoConnectionError,
  DojoError,
  DojoInvalidArgumentError,
  DojoResponseValidationError,
  DojoTimeoutError,
  redact,
} from './errors.js';
import { failedBeforeSend, isRetryable, retryDelay, type AttemptFailure } from './retry.js';
import { attemptSignal, sleep } from './timeout.js';

/** Options for one call. */
export interface CallOptions {
  /** Aborts the call (and its retries); the call then rejects with DojoAbortError. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `retry.maxRetries` for this call. */
  maxRetries?: number;
}

/** Options of an operation that declares an idempotency key header (e.g. `dojo.refunds.create`). */
export interface IdempotentCallOptions extends CallOptions {
  /**
   * Sent as the operation's idempotency key header. Default: a random UUID made once per call and kept across its
   * retries. Store your own key with the object (e.g. your refund record's id) to make a repeat after a crash safe too.
   */
  idempotencyKey?: string;
}

/** What the spec says about an operation: generated into `generated/dojo-operations.gen.ts`, never written by hand. */
export interface Operation {
  id: string;
  method: 'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH';
  /** The path template, e.g. `/terminals/{terminalId}`. */
  path: string;
  /** Each path parameter with its id kind and the pattern a value must match. */
  pathParams: ReadonlyArray<readonly [name: string, kind: string, pattern: RegExp]>;
  /** Repeating it cannot apply it twice: retried on timeouts, network errors, 429, 502, 503 and 504. */
  repeatable: boolean;
  /** Needs `software-house-id` (and `reseller-id` when set). */
  terminal: boolean;
  /** The header the client fills with an idempotency key, once per call. */
  idempotencyKeyHeader?: string;
}

/** The parts of a request that the generated functions pass on. */
export interface CallInput {
  path?: Record<string, string>;
  query?: Record<string, unknown> | undefined;
  body?: unknown;
}

export interface Transport {
  call<T>(operation: Operation, input: CallInput, options?: IdempotentCallOptions): Promise<T>;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/** Validates the options once and returns the transport every generated operation calls. */
export function createTransport(options: DojoClientOptions): Transport {
  const config = resolveConfig(options);
  return {
    async call<T>(operation: Operation, input: CallInput, callOptions: IdempotentCallOptions = {}): Promise<T> {
      const baseHeaders = operation.terminal ? config.terminalHeaders : config.headers;
      if (!baseHeaders) throw new DojoConfigError(`${operation.id} needs the softwareHouseId client option`);
      const timeoutMs = callOptions.timeoutMs ?? config.timeoutMs;
      const maxRetries = callOptions.maxRetries ?? config.retry.maxRetries;
      if (!(timeoutMs > 0) || !Number.isInteger(maxRetries) || maxRetries < 0) {
        throw new DojoInvalidArgumentError('timeoutMs must be a positive number and maxRetries an integer ≥ 0');
      }
      // The resolved headers are shared by every call and copied only when this call adds its own.
      let headers = baseHeaders;
      const { idempotencyKeyHeader } = operation;
      if (idempotencyKeyHeader) {
        const key = callOptions.idempotencyKey ?? globalThis.crypto.randomUUID();
        if (typeof key !== 'string' || !HEADER_VALUE.test(key) || key.length > 100) {
          throw new DojoInvalidArgumentError('idempotencyKey must be 1 to 100 printable characters');
        }
        headers = { ...headers, [idempotencyKeyHeader]: key };
      }
      // Only members of the Fetch standard's RequestInit: runtimes reject or misread anything else (Deno's `client`).
      const init: RequestInit = { method: operation.method, headers, redirect: 'manual' };
      if (input.body !== undefined) {
        init.headers = { ...headers, 'content-type': 'application/json' };
        init.body = JSON.stringify(input.body);
      }
      const request: Attempt = {
        operation,
        url: config.baseUrl + buildPath(operation, input.path) + buildQuery(input.query),
        init,
        timeoutMs,
        maxRetries,
        signal: callOptions.signal,
      };
      const { status, text, contentType } = await send(request, config);
      if (status < 200 || status > 299) {
        // Some servers echo request headers in their errors: the key must not travel on in an exception.
        throw createApiError(operation.id, status, redact(readErrorBody(text, contentType), config.apiKey));
      }
      if (text === null) return undefined as T;
      // A proxy's HTML page, a missing content type or an empty body is never handed back as data.
      if (!JSON_MEDIA_TYPE.test(contentType)) {
        throw new DojoError(
          `${operation.id}: expected a JSON response, got ${contentType ? `"${contentType.split(';')[0]}"` : 'no content type'} with status ${status}`,
        );
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        // The parser's message quotes the body, so it is redacted too.
        throw new DojoError(`${operation.id}: could not read the response: ${redact(describe(error), config.apiKey)}`);
      }
      if (typeof data !== 'object' || data === null) {
        throw new DojoError(`${operation.id}: could not read the response: the body is not a JSON object or array`);
      }
      if (config.validateResponses) {
        const { validateResponse } = await import('./validate-response.js');
        try {
          validateResponse(operation.id, data, config.log);
        } catch (error) {
          if (!(error instanceof DojoResponseValidationError)) throw error;
          throw new DojoResponseValidationError(redact(error.message, config.apiKey), redact(error.issues, config.apiKey));
        }
      }
      return data as T;
    },
  };
}

/** The path with each parameter checked against its id pattern, so `../refunds` or `tm_1?x=y` never reaches Dojo. */
function buildPath(operation: Operation, values: Record<string, string> | undefined): string {
  let path = operation.path;
  for (const [name, kind, pattern] of operation.pathParams) {
    path = path.replace(`{${name}}`, encodeURIComponent(checkId(kind, pattern, values?.[name])));
  }
  return path;
}

/** Returns `value` when it is a well-formed id of this kind; throws DojoInvalidArgumentError otherwise. */
export function checkId(kind: string, pattern: RegExp, value: unknown): string {
  if (typeof value === 'string' && pattern.test(value)) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : typeof value;
  throw new DojoInvalidArgumentError(`${kind} must match ${pattern.source}, got ${shown}`);
}

/** `?a=1&b=x&b=y`: arrays repeat their name (OpenAPI's default `form` style, exploded). */
function buildQuery(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(name, String(item));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function readErrorBody(text: string | null, contentType: string): unknown {
  if (!text) return text ?? undefined;
  if (!JSON_MEDIA_TYPE.test(contentType)) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

interface Attempt {
  operation: Operation;
  url: string;
  init: RequestInit;
  timeoutMs: number;
  maxRetries: number;
  signal: AbortSignal | undefined;
}

interface Answer {
  status: number;
  /** The whole body, read within the attempt's timeout; null for statuses without one. */
  text: string | null;
  contentType: string;
}

/**
 * Sends the request with a timeout per attempt, body included (a server that stalls mid-body times out too), and
 * retries what `isRetryable` allows. Throws DojoTimeoutError, DojoConnectionError or DojoAbortError without an answer.
 */
async function send(attempt: Attempt, config: ResolvedConfig): Promise<Answer> {
  const { operation, signal, maxRetries } = attempt;
  const { log } = config;
  const retry = maxRetries === config.retry.maxRetries ? config.retry : { ...config.retry, maxRetries };
  for (let count = 0; ; count++) {
    const started = log && Date.now();
    const control = attemptSignal(attempt.timeoutMs, signal);
    let failure: AttemptFailure;
    let retryAfter: string | null = null;
    try {
      // Redirects are never followed (`redirect: 'manual'`): the API key goes to the configured base URL and nowhere
      // else. A 3xx (or, in browsers, an opaque redirect) comes back as a DojoApiError.
      attempt.init.signal = control.signal;
      const response = await config.fetch(attempt.url, attempt.init);
      const { status } = response;
      const text = NULL_BODY_STATUSES.has(status) ? null : await response.text();
      if (log) log('debug', `dojo: ${describeRequest(attempt)} → ${status} in ${Date.now() - (started as number)} ms`);
      const answer = { status, text, contentType: response.headers.get('content-type') ?? '' };
      if (response.ok) {
        // Every success of this API but 204 has a JSON body: an empty one is a broken answer, never `{}`.
        if (text === '') throw new DojoError(`${describeRequest(attempt)}: the response body is empty (status ${status})`);
        return answer;
      }
      failure = { kind: 'status', status };
      retryAfter = response.headers.get('retry-after');
      if (count >= maxRetries || !isRetryable(failure, operation.repeatable)) return answer;
    } catch (caught) {
      if (caught instanceof DojoError) throw caught;
      if (signal?.aborted) throw new DojoAbortError(`${operation.id} was aborted`, { cause: signal.reason });
      let error: DojoConnectionError;
      if (control.timedOut()) {
        failure = { kind: 'timeout' };
        error = new DojoTimeoutError(`${describeRequest(attempt)} timed out after ${attempt.timeoutMs} ms`, {
          cause: caught,
          outcomeUnknown: !operation.repeatable,
        });
      } else {
        failure = { kind: 'network', beforeSend: failedBeforeSend(caught) };
        error = new DojoConnectionError(`${describeRequest(attempt)} failed: ${describeCause(caught)}`, {
          cause: caught,
          outcomeUnknown: !operation.repeatable && !failure.beforeSend,
        });
      }
      if (log) log('debug', `dojo: ${error.message}`);
      if (count >= maxRetries || !isRetryable(failure, operation.repeatable)) throw error;
    } finally {
      control.clear();
    }
    const delay = retryDelay(count + 1, retry, retryAfter);
    const reason = failure.kind === 'status' ? `status ${failure.status}` : failure.kind;
    if (log) log('warn', `dojo: ${describeRequest(attempt)} failed (${reason}); retry ${count + 1} of ${maxRetries} in ${delay} ms`);
    try {
      await sleep(delay, signal);
    } catch (reasonForAbort) {
      throw new DojoAbortError(`${operation.id} was aborted`, { cause: reasonForAbort });
    }
  }
}

/** `getTerminal GET /terminals/tm_…`, for messages: built only when one is written. */
function describeRequest({ operation, url }: Attempt): string {
  return `${operation.id} ${operation.method} ${new URL(url).pathname}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  return detail ? `${describe(error)} (${detail})` : describe(error);
}
