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
  log: Log;
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Sends `request` with a timeout per attempt and retries what `isRetryable` allows. Each attempt reads the whole
 * body within its timeout, so a server that stalls mid-body times out too. Returns the last response (an error
 * status included); throws DojoTimeoutError, DojoConnectionError or DojoAbortError when there is none.
 */
export async function send(request: Request, context: SendContext): Promise<Response> {
  const { retry, signal, log } = context;
  const what = `${context.operationId} ${request.method} ${new URL(request.url).pathname}`;
  for (let attempt = 0; ; attempt++) {
    const started = Date.now();
    const attemptControl = attemptSignal(context.timeoutMs, signal);
    let failure: AttemptFailure;
    let error: unknown;
    let retryAfter: string | null = null;
    try {
      const { fetch } = context; // called as a function, not as a method of `context`
      // Only an attempt that may be followed by another needs a copy of the request (its body can be read once).
      // Redirects are never followed: the API key goes to the configured base URL and nowhere else. A 3xx
      // (or, in browsers, an opaque redirect) comes back as a DojoApiError.
      const response = await fetch(attempt < retry.maxRetries ? request.clone() : request, {
        signal: attemptControl.signal,
        redirect: 'manual',
      });
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      if (response.ok && body !== null && body.byteLength === 0) {
        // Every success of this API but 204 has a JSON body: an empty one is a broken answer, never `{}`.
        throw new DojoError(`${what}: the response body is empty (status ${response.status})`);
      }
      const buffered = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      log('debug', `dojo: ${what} → ${response.status} in ${Date.now() - started} ms`);
      failure = { kind: 'status', status: response.status };
      retryAfter = response.headers.get('retry-after');
      if (response.ok || attempt >= retry.maxRetries || !isRetryable(failure, context.safe)) return buffered;
    } catch (caught) {
      if (caught instanceof DojoError) throw caught;
      if (signal?.aborted) throw new DojoAbortError(`${context.operationId} was aborted`, { cause: signal.reason });
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
      log('debug', `dojo: ${(error as Error).message}`);
      if (attempt >= retry.maxRetries || !isRetryable(failure, context.safe)) throw error;
    } finally {
      attemptControl.clear();
    }
    const delay = retryDelay(attempt + 1, retry, retryAfter);
    const reason = failure.kind === 'status' ? `status ${failure.status}` : failure.kind;
    log('warn', `dojo: ${what} failed (${reason}); retry ${attempt + 1} of ${retry.maxRetries} in ${delay} ms`);
    try {
      await sleep(delay, signal);
    } catch (reasonForAbort) {
      throw new DojoAbortError(`${context.operationId} was aborted`, { cause: reasonForAbort });
    }
  }
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail = typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${detail})` : message;
}
