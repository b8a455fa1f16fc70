import {
  DojoApiError,
  DojoConfigError,
  DojoConnectionError,
  DojoInvalidArgumentError,
  DojoRateLimitError,
  DojoResponseValidationError,
  DojoServerError,
  DojoUnreadableResponseError,
  DojoValidationError,
} from '../errors.js';

/** A read that failed for a reason that may pass: Dojo unreachable or overloaded, or a garbled answer. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof DojoConnectionError ||
    error instanceof DojoServerError ||
    error instanceof DojoRateLimitError ||
    error instanceof DojoUnreadableResponseError ||
    error instanceof DojoResponseValidationError
  );
}

/**
 * Whether a failed create request proves that nothing was done: it was never sent (invalid argument or option, a
 * connection refused before sending), or Dojo refused it with a 4xx whose problem body could be read (not 408, a
 * timeout). Anything else may have been applied — a timeout, a lost connection, a 5xx, a 3xx, a success or an error
 * whose body cannot be read or used, an error of an unknown kind — and ends on the outcome-check path.
 */
export function provesNothingDone(error: unknown): boolean {
  if (error instanceof DojoConfigError || error instanceof DojoInvalidArgumentError) return true;
  if (error instanceof DojoConnectionError) return !error.outcomeUnknown;
  return (
    error instanceof DojoApiError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    typeof error.body === 'object' &&
    error.body !== null &&
    !Array.isArray(error.body)
  );
}

/** Dojo refused to cancel: a card was already presented (422). */
export function isCancelRefused(error: unknown): boolean {
  return error instanceof DojoValidationError && error.status === 422;
}
