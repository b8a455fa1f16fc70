import { DojoAbortError, DojoConnectionError, DojoError, DojoTimeoutError } from './errors.js';
import { failedBeforeSend, isRetryable, retryDelay, type AttemptFailure, type ResolvedRetry } from './retry.js';
import { attemptSignal, sleep } from './timeout.js';

/** A line for the optional logger. Never carries headers or bodies, so never the API key. */
export type Log = (level: 'debug' | 'warn', message: string) => void;

export interface SendContext {
  operationId: string;
  /** Whether repeating the request cannot apply it twice. */
  safe: boolean;
  timeoutMs: number;
  retry: ResolvedRetry;
  fetch: typeof globalThis.fetch;
  signal: AbortSignal | undefined;
  /** Undefined when no logger is set: then no log line is even formatted. */
  log: Log | undefined;
  /** Set by `send` to the body of a successful response, which it returns read (see `send`). */
  body?: string;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Sends `request` with a timeout per attempt and retries what `isRetryable` allows. Each attempt reads the whole
 * body within its timeout, so a server that stalls mid-body times out too. A successful response is returned with
 * its body already read into `context.body` (the caller parses it; hey-api is told not to read it, `parseAs:
 * 'stream'`); any other response is returned re-wrapped around its read body, for hey-api's error parsing. Throws
 * DojoTimeoutError, DojoConnectionError or DojoAbortError when there is no response.
 */
export async function send(request: Request, context: SendContext): Promise<Response> {
  const { retry, signal, log } = context;
  const { maxRetries } = retry;
  // A request without a body can be sent again as it is; one with a body needs a copy per attempt but the last.
  const reusable = request.body === null;
  for (let attempt = 0; ; attempt++) {
    const started = log && Date.now();
    const attemptControl = attemptSignal(context.timeoutMs, signal);
    let failure: AttemptFailure;
    let error: unknown;
    let retryAfter: string | null = null;
    try {
      const { fetch } = context; // called as a function, not as a method of `context`
      // Redirects are never followed: the API key goes to the configured base URL and nowhere else. A 3xx
      // (or, in browsers, an opaque redirect) comes back as a DojoApiError.
      const response = await fetch(reusable || attempt >= maxRetries ? request : request.clone(), {
        signal: attemptControl.signal,
        redirect: 'manual',
      });
      const { status } = response;
      const body = NULL_BODY_STATUSES.has(status) ? null : await response.text();
      if (log) log('debug', `dojo: ${describeRequest(context, request)} → ${status} in ${Date.now() - (started as number)} ms`);
      if (response.ok) {
        // Every success of this API but 204 has a JSON body: an empty one is a broken answer, never `{}`.
        if (body === '') throw new DojoError(`${describeRequest(context, request)}: the response body is empty (status ${status})`);
        if (body !== null) context.body = body;
        return response;
      }
      failure = { kind: 'status', status };
      retryAfter = response.headers.get('retry-after');
      if (attempt >= maxRetries || !isRetryable(failure, context.safe)) {
        return new Response(body, { status, statusText: response.statusText, headers: response.headers });
      }
    } catch (caught) {
      if (caught instanceof DojoError) throw caught;
      if (signal?.aborted) throw new DojoAbortError(`${context.operationId} was aborted`, { cause: signal.reason });
      const what = describeRequest(context, request);
      if (attemptControl.timedOut()) {
        failure = { kind: 'timeout' };
        error = new DojoTimeoutError(`${what} timed out after ${context.timeoutMs} ms`, {
          cause: caught,
          outcomeUnknown: !context.safe,
        });
      } else {
        failure = { kind: 'network', beforeSend: failedBeforeSend(caught) };
        error = new DojoConnectionError(`${what} failed: ${describe(caught)}`, {
          cause: caught,
          outcomeUnknown: !context.safe && !failure.beforeSend,
        });
      }
      if (log) log('debug', `dojo: ${(error as Error).message}`);
      if (attempt >= maxRetries || !isRetryable(failure, context.safe)) throw error;
    } finally {
      attemptControl.clear();
    }
    const delay = retryDelay(attempt + 1, retry, retryAfter);
    const reason = failure.kind === 'status' ? `status ${failure.status}` : failure.kind;
    if (log) log('warn', `dojo: ${describeRequest(context, request)} failed (${reason}); retry ${attempt + 1} of ${maxRetries} in ${delay} ms`);
    try {
      await sleep(delay, signal);
    } catch (reasonForAbort) {
      throw new DojoAbortError(`${context.operationId} was aborted`, { cause: reasonForAbort });
    }
  }
}

/** `getTerminal GET /terminals/tm_…`, for messages: built only when one is written. */
function describeRequest(context: SendContext, request: Request): string {
  return `${context.operationId} ${request.method} ${new URL(request.url).pathname}`;
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${detail})` : message;
}
