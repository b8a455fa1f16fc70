import { resolveConfig, type DojoClientOptions } from './config.js';
import { createApiError, DojoConfigError, DojoError, DojoInvalidArgumentError, DojoResponseValidationError, redact } from './errors.js';
import { send, type SendContext } from './response.js';

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
  // hey-api builds the request and maps error bodies; the body of a success is read by `send` within the attempt's
  // timeout and parsed here, so hey-api must hand the response back unread ('stream').
  //
  // The calls run on the SDK's own default client with these per-call options, never with a client of ours passed
  // as the SDK's `client` option: hey-api's fetch client spreads every call option into the init of the `new
  // Request(url, init)` it builds (hey-api/hey-api#4177), and Deno reads `init.client` as a `Deno.HttpClient` and
  // throws on anything else. What reaches that init is hey-api's own options besides the standard fields.
  const requestOptions = { baseUrl: config.baseUrl, parseAs: 'stream' } as const;
  return {
    async call<T>(sdkFunction: SdkFunction, operation: Operation, input: Record<string, unknown>, callOptions: CallOptions = {}) {
      const headers = operation.terminal ? config.terminalHeaders : config.headers;
      if (!headers) throw new DojoConfigError(`${operation.id} needs the softwareHouseId client option`);
      const timeoutMs = callOptions.timeoutMs ?? config.timeoutMs;
      const maxRetries = callOptions.maxRetries ?? config.retry.maxRetries;
      if (!(timeoutMs > 0) || !Number.isInteger(maxRetries) || maxRetries < 0) {
        throw new DojoInvalidArgumentError('timeoutMs must be a positive number and maxRetries an integer ≥ 0');
      }
      const context: SendContext = {
        operationId: operation.id,
        safe: operation.safe,
        timeoutMs,
        retry: maxRetries === config.retry.maxRetries ? config.retry : { ...config.retry, maxRetries },
        fetch: config.fetch,
        signal: callOptions.signal,
        log: config.log,
      };
      let result: SdkResult;
      try {
        result = await (sdkFunction as (options: object) => Promise<SdkResult>)({
          ...input,
          ...requestOptions,
          headers: input.headers ? { ...headers, ...input.headers } : headers,
          fetch: (request: Request) => send(request, context),
        });
      } catch (error) {
        // hey-api returns fetch failures as `error`; what it throws is a request it could not build. No `cause`:
        // a header error can quote the header, and the Authorization header holds the key.
        throw new DojoError(`${operation.id} failed: ${redact(describe(error), config.apiKey)}`);
      }
      const { response } = result;
      if (!response) {
        throw result.error instanceof DojoError ? result.error : new DojoError(`${operation.id} failed`, { cause: result.error });
      }
      if (!response.ok) {
        // Some servers echo request headers in their errors: the key must not travel on in an exception.
        throw createApiError(operation.id, response.status, redact(result.error, config.apiKey));
      }
      let data: unknown;
      if (response.status !== 204) {
        // A proxy's HTML page, a missing content type or an empty body is never handed back as data.
        const type = response.headers.get('content-type') ?? '';
        if (!JSON_MEDIA_TYPE.test(type)) {
          throw new DojoError(`${operation.id}: expected a JSON response, got ${type ? `"${type.split(';')[0]}"` : 'no content type'} with status ${response.status}`);
        }
        try {
          data = JSON.parse(context.body ?? '');
        } catch (error) {
          // The parser's message quotes the body, so it is redacted too.
          throw new DojoError(`${operation.id}: could not read the response: ${redact(describe(error), config.apiKey)}`);
        }
        if (typeof data !== 'object' || data === null) {
          throw new DojoError(`${operation.id}: could not read the response: the body is not a JSON object or array`);
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

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
