import { resolveConfig, type DojoClientOptions } from './config.js';
import { createApiError, DojoConfigError, DojoError, DojoInvalidArgumentError, DojoResponseValidationError, redact } from './errors.js';
import { createClient } from './generated/client/index.js';
import { send } from './response.js';

/** Options for one call. */
export interface CallOptions {
  /** Aborts the call (and its retries); the call then rejects with DojoAbortError. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `retry.maxRetries` for this call. */
  maxRetries?: number;
}

/** What the front knows about an operation besides its generated SDK function. */
export interface Operation {
  id: string;
  /** Repeating it cannot apply it twice: retried on timeouts, network errors and 5xx. */
  safe: boolean;
  /** Needs `software-house-id` (terminal and terminal-session operations). */
  terminal: boolean;
}

interface SdkResult {
  data?: unknown;
  error?: unknown;
  response?: Response;
}
// The generated SDK functions, seen loosely: each call site below passes the options its function expects.
type SdkFunction = (options: never) => Promise<SdkResult>;

export interface Transport {
  call<T>(sdkFunction: SdkFunction, operation: Operation, input: Record<string, unknown>, options?: CallOptions): Promise<T>;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;

/** Validates the options and returns the function every resource method calls. */
export function createTransport(options: DojoClientOptions): Transport {
  const config = resolveConfig(options);
  const client = createClient({ baseUrl: config.baseUrl });
  return {
    async call<T>(sdkFunction: SdkFunction, operation: Operation, input: Record<string, unknown>, callOptions: CallOptions = {}) {
      const headers = operation.terminal ? config.terminalHeaders : config.headers;
      if (!headers) throw new DojoConfigError(`${operation.id} needs the softwareHouseId client option`);
      const timeoutMs = callOptions.timeoutMs ?? config.timeoutMs;
      const maxRetries = callOptions.maxRetries ?? config.retry.maxRetries;
      if (!(timeoutMs > 0) || !Number.isInteger(maxRetries) || maxRetries < 0) {
        throw new DojoInvalidArgumentError('timeoutMs must be a positive number and maxRetries an integer ≥ 0');
      }
      const context = {
        operationId: operation.id,
        safe: operation.safe,
        timeoutMs,
        retry: { ...config.retry, maxRetries },
        fetch: config.fetch,
        signal: callOptions.signal,
        log: config.log,
      };
      let result: SdkResult;
      try {
        result = await (sdkFunction as (options: object) => Promise<SdkResult>)({
          ...input,
          client,
          headers: { ...headers, ...(input.headers as object | undefined) },
          fetch: (request: Request) => send(request, context),
        });
      } catch (error) {
        // A success body that is not JSON: the parser's message quotes the body, so it is redacted too.
        const reason = redact(error instanceof Error ? error.message : String(error), config.apiKey);
        throw new DojoError(`${operation.id}: could not read the response: ${reason}`);
      }
      const { response } = result;
      if (!response) {
        throw result.error instanceof DojoError ? result.error : new DojoError(`${operation.id} failed`, { cause: result.error });
      }
      if (!response.ok) {
        // Some servers echo request headers in their errors: the key must not travel on in an exception.
        throw createApiError(operation.id, response.status, redact(result.error, config.apiKey));
      }
      const data = response.status === 204 ? undefined : result.data;
      if (response.status !== 204) {
        // A proxy's HTML page, a missing content type or an empty body is never handed back as data.
        const type = response.headers.get('content-type') ?? '';
        if (!JSON_MEDIA_TYPE.test(type)) {
          throw new DojoError(`${operation.id}: expected a JSON response, got ${type ? `"${type.split(';')[0]}"` : 'no content type'} with status ${response.status}`);
        }
        if (typeof data !== 'object' || data === null || response.headers.get('content-length') === '0') {
          throw new DojoError(`${operation.id}: could not read the response: the body is empty or not a JSON object or array`);
        }
      }
      if (config.validateResponses && data !== undefined) {
        const { validateResponse } = await import('./validate-response.js');
        try {
          await validateResponse(operation.id, data);
        } catch (error) {
          if (!(error instanceof DojoResponseValidationError)) throw error;
          throw new DojoResponseValidationError(redact(error.message, config.apiKey), redact(error.issues, config.apiKey));
        }
      }
      return data as T;
    },
  };
}
