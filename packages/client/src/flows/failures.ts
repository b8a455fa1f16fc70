import {
  DojoConnectionError,
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
    error instanceof DojoUnreadableResponseError
  );
}

/**
 * Whether a failed create request may nevertheless have been applied: it may have reached Dojo (connection lost
 * after sending, timeout, 5xx) or Dojo answered with success but the answer could not be read.
 */
export function mayHaveBeenApplied(error: unknown): boolean {
  if (error instanceof DojoConnectionError) return error.outcomeUnknown;
  return (
    error instanceof DojoServerError ||
    error instanceof DojoResponseValidationError ||
    error instanceof DojoUnreadableResponseError
  );
}

/** Dojo refused to cancel: a card was already presented (422). */
export function isCancelRefused(error: unknown): boolean {
  return error instanceof DojoValidationError && error.status === 422;
}
