import type { ErrorCode } from '@dojo-terminals/types';

/** Base class of every error this client throws. Messages never contain the API key. */
export class DojoError extends Error {
  override name = 'DojoError';
  /**
   * Set when a counter flow fails after it created a payment intent (or was given one): its id, so that nothing
   * is left without a handle. Pass it as `paymentIntentId` to try again without creating another.
   */
  declare paymentIntentId?: string;
}

/** The client options are invalid (missing or malformed API key, bad base URL, …). No request was sent. */
export class DojoConfigError extends DojoError {
  override name = 'DojoConfigError';
}

/** An argument is invalid, e.g. an identifier that cannot be a Dojo id. No request was sent. */
export class DojoInvalidArgumentError extends DojoError {
  override name = 'DojoInvalidArgumentError';
}

/**
 * The request did not get an HTTP answer: DNS, connection or socket failure. `cause` holds the original error.
 * `outcomeUnknown` is true when the request may have reached Dojo and the operation is one that is never re-sent
 * automatically (creating a payment intent or terminal session, capture, charge, reversal, …): read the object
 * before deciding to try again.
 */
export class DojoConnectionError extends DojoError {
  override name = 'DojoConnectionError';
  readonly outcomeUnknown: boolean;
  constructor(message: string, options: { cause?: unknown; outcomeUnknown?: boolean } = {}) {
    super(
      options.outcomeUnknown ? `${message}; the outcome is unknown: Dojo may have applied the request, so check before retrying` : message,
      { cause: options.cause },
    );
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}

/** An attempt took longer than `timeoutMs` (and no retry was left or allowed). */
export class DojoTimeoutError extends DojoConnectionError {
  override name = 'DojoTimeoutError';
}

/** The caller's `signal` aborted the call. */
export class DojoAbortError extends DojoError {
  override name = 'DojoAbortError';
}

/**
 * An answer came but cannot be used: a success body that is empty, not JSON, not an object or array, or nested
 * deeper than any Dojo answer; or a body larger than `maxResponseBytes` (`DojoResponseTooLargeError`). `status` is
 * the answer's HTTP status. The request reached the server: for a create, read the object before trying again.
 */
export class DojoUnreadableResponseError extends DojoError {
  override name = 'DojoUnreadableResponseError';
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.status = status;
  }
}

/** A response body grew past `maxResponseBytes` (counted after decompression, while it streams): reading stopped there. */
export class DojoResponseTooLargeError extends DojoUnreadableResponseError {
  override name = 'DojoResponseTooLargeError';
  readonly maxResponseBytes: number;
  constructor(message: string, status: number, maxResponseBytes: number) {
    super(message, status);
    this.maxResponseBytes = maxResponseBytes;
  }
}

/** With `validateResponses: true`, a successful response did not match the spec. */
export class DojoResponseValidationError extends DojoError {
  override name = 'DojoResponseValidationError';
  constructor(
    message: string,
    /** Where and how the body differs from the schema, e.g. `status: Invalid type`. */
    readonly issues: readonly string[],
  ) {
    super(message);
  }
}

/**
 * Dojo answered with an error status. Dojo's error bodies come in two casings (camelCase `detail`, `traceId`,
 * `errors` and PascalCase `Detail`, `Status`, `Extensions`); both are read into the same fields. When the body
 * is not JSON, `body` is its text.
 */
export class DojoApiError extends DojoError {
  override name = 'DojoApiError';
  /** HTTP status code. */
  readonly status: number;
  /** The operation that failed, e.g. `getTerminal`. */
  readonly operationId: string;
  readonly type: string | undefined;
  readonly title: string | undefined;
  readonly detail: string | undefined;
  /** Dojo's machine-readable code: one it documents (`ErrorCode`, from the spec), or another, kept as sent. */
  readonly code: DojoErrorCode | undefined;
  /** Dojo's request identifier: quote it to Dojo support. */
  readonly traceId: string | undefined;
  /** Validation failures: field → messages. */
  readonly errors: Record<string, string[]> | undefined;
  /** The parsed body (or its text when it is not JSON). */
  readonly body: unknown;

  constructor(operationId: string, status: number, body: unknown) {
    const problem = readProblem(body);
    const text = problem.detail ?? problem.title ?? (typeof body === 'string' && body ? body.slice(0, 200) : undefined);
    // The field errors are the explanation (a detail is often only "One or more validation errors occurred."): named too.
    const fields = describeFieldErrors(problem.errors);
    const summary = fields === undefined ? text : text === undefined ? fields : `${text} ${fields}`;
    super(
      `Dojo API error ${status} in ${operationId}${summary ? `: ${summary}` : ''}${problem.traceId ? ` (traceId ${problem.traceId})` : ''}`,
    );
    this.status = status;
    this.operationId = operationId;
    this.type = problem.type;
    this.title = problem.title;
    this.detail = problem.detail;
    this.code = problem.code;
    this.traceId = problem.traceId;
    this.errors = problem.errors;
    this.body = body;
  }
}

/** 400 or 422: the request is malformed, a field is invalid (see `errors`), or Dojo cannot process it as sent. */
export class DojoValidationError extends DojoApiError {
  override name = 'DojoValidationError';
}
/** 401: the API key is missing or not valid. */
export class DojoAuthenticationError extends DojoApiError {
  override name = 'DojoAuthenticationError';
}
/** 403: the key may not perform this action. */
export class DojoPermissionError extends DojoApiError {
  override name = 'DojoPermissionError';
}
/** 404: no such object for this account. */
export class DojoNotFoundError extends DojoApiError {
  override name = 'DojoNotFoundError';
}
/** 409 or 405: the object's current state (or how it was created) does not allow the operation. */
export class DojoConflictError extends DojoApiError {
  override name = 'DojoConflictError';
}
/** 429: too many requests. Retried automatically while retries are left. */
export class DojoRateLimitError extends DojoApiError {
  override name = 'DojoRateLimitError';
}
/** 5xx: Dojo failed. Retried automatically for operations that are safe to repeat. */
export class DojoServerError extends DojoApiError {
  override name = 'DojoServerError';
}

/** The typed error for an HTTP error status. */
export function createApiError(operationId: string, status: number, body: unknown): DojoApiError {
  const ErrorClass =
    status === 400 || status === 422
      ? DojoValidationError
      : status === 401
        ? DojoAuthenticationError
        : status === 403
          ? DojoPermissionError
          : status === 404
            ? DojoNotFoundError
            : status === 405 || status === 409
              ? DojoConflictError
              : status === 429
                ? DojoRateLimitError
                : status >= 500
                  ? DojoServerError
                  : DojoApiError;
  return new ErrorClass(operationId, status, body);
}

const MAX_FIELDS_IN_MESSAGE = 5;

/** `reference: The reference field is required.; amount: …` for the first few fields. */
function describeFieldErrors(errors: Record<string, string[]> | undefined): string | undefined {
  if (errors === undefined) return undefined;
  const entries = Object.entries(errors);
  if (entries.length === 0) return undefined;
  const shown = entries.slice(0, MAX_FIELDS_IN_MESSAGE).map(([field, messages]) => `${field}: ${messages.join(' ')}`);
  const more = entries.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${more} more field(s)` : ''}`;
}

/** The error codes Dojo documents (the spec's `ErrorCode`), open to codes it adds later. */
export type DojoErrorCode = ErrorCode | (string & {});

interface Problem {
  type?: string | undefined;
  title?: string | undefined;
  detail?: string | undefined;
  code?: DojoErrorCode | undefined;
  traceId?: string | undefined;
  errors?: Record<string, string[]> | undefined;
}

/** Reads a problem-details body in either casing, also looking into `extensions`/`Extensions`. */
export function readProblem(body: unknown): Problem {
  if (!isObject(body)) return {};
  const extensions = member(body, 'extensions');
  const sources = isObject(extensions) ? [body, extensions] : [body];
  const text = (name: string): string | undefined => {
    for (const source of sources) {
      const value = member(source, name);
      if (typeof value === 'string' && value) return value;
    }
    return undefined;
  };
  let errors: Record<string, string[]> | undefined;
  for (const source of sources) {
    const value = member(source, 'errors');
    if (isObject(value)) {
      errors = {};
      for (const [field, messages] of Object.entries(value)) {
        errors[field] = (Array.isArray(messages) ? messages : [messages]).map(String);
      }
      break;
    }
  }
  return {
    type: text('type'),
    title: text('title'),
    detail: text('detail'),
    code: text('code'),
    traceId: text('traceId'),
    errors,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `name` in camelCase, else PascalCase. */
function member(object: Record<string, unknown>, name: string): unknown {
  return object[name] ?? object[name[0]!.toUpperCase() + name.slice(1)];
}

