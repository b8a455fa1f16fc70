export { createDojoClient, type DojoClient } from './create-dojo-client.js';
export { API_VERSION, DEFAULT_BASE_URL, DEFAULT_MAX_RESPONSE_BYTES, type DojoClientOptions } from './config.js';
export { createTransport, type CallOptions, type IdempotentCallOptions, type IdempotentCallOptions as CreateRefundOptions, type Operation, type Transport } from './transport.js';
export * from './generated/dojo-operations.gen.js';
export type { RetryOptions } from './retry.js';
export {
  DojoAbortError,
  DojoApiError,
  DojoAuthenticationError,
  DojoValidationError,
  DojoConfigError,
  DojoConnectionError,
  DojoError,
  DojoInvalidArgumentError,
  DojoNotFoundError,
  DojoPermissionError,
  DojoRateLimitError,
  DojoResponseValidationError,
  DojoServerError,
  DojoConflictError,
  DojoTimeoutError,
  DojoUnreadableResponseError,
  DojoResponseTooLargeError,
  type DojoErrorCode,
} from './errors.js';
export { payAtCounter, resumePayAtCounter } from './flows/pay-at-counter.js';
export { refundAtCounter, unlinkedRefundAtCounter } from './flows/refund-at-counter.js';
export {
  capturePreAuthorization,
  type CapturePreAuthorizationOptions,
  type CapturedPreAuthorization,
} from './flows/capture-pre-authorization.js';
export { amountLeftToCapture, amountLeftToRefund } from './flows/amounts.js';
export { createSessionWakeups, type PaymentIntentEventLike, type PaymentIntentWakeups, type SessionWakeupSource, type SessionWakeups } from './flows/wakeups.js';
export { DojoCaptureRefusedError, DojoNoTerminalAvailableError, DojoNothingToResumeError } from './flows/errors.js';
export { counterFlowTimings, type CounterFlowTimings } from './flows/flow-context.js';
export type {
  CounterFlowOptions,
  CounterOutcome,
  CounterProgressEvent,
  PayAtCounterOptions,
  PaymentIntentOutcome,
  PollOptions,
  RefundAtCounterOptions,
  RefundOutcome,
  RefundSettledOutcomeKind,
  ResumePayAtCounterOptions,
  SettledOutcome,
  SettledOutcomeKind,
  SignatureCheck,
  TerminalChoice,
  TerminalIdString,
  UnknownOutcome,
  UnknownOutcomeReason,
  UnlinkedRefundAtCounterOptions,
} from './flows/types.js';
// The API's types come from @dojo-terminals/types (a dependency), so an app that uses both has one copy of them.
export type * from '@dojo-terminals/types';
