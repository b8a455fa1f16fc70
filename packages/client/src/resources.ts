import type {
  AnswerSignatureVerificationResponse,
  CancelPaymentIntentResponse,
  CancelTerminalSessionResponse,
  CapturePaymentIntentResponse,
  ChargePaymentIntentResponse,
  CreateCaptureRequest,
  CreatePaymentIntentRequest,
  CreatePaymentIntentResponse,
  CreateRefundRequest,
  CreateRefundResponse,
  CreateTerminalSessionRequest,
  CreateTerminalSessionResponse,
  GetPaymentIntentResponse,
  GetRefundResponse,
  GetTerminalResponse,
  GetTerminalSessionResponse,
  ListTerminalsResponse,
  RefreshClientSessionSecretResponse,
  ReversePaymentIntentResponse,
  SearchPaymentIntentsRequest,
  SearchPaymentIntentsResponse,
  SendReceiptRequest,
  SetAmountRequest,
  SetAmountResponse,
  SetTipsAmountRequest,
  SetTipsAmountResponse,
  SignatureVerificationRequest,
  TerminalStatus,
} from '@dojo-terminals/types';
import * as sdk from './generated/sdk.gen.js';
import { checkId } from './path-params.js';
import type { CallOptions, Operation, Transport } from './transport.js';

const op = (id: string, safe: boolean, terminal = false): Operation => ({ id, safe, terminal });

/** `dojo.terminals`: the account's card terminals. */
export function terminalsResource(transport: Transport) {
  return {
    /** `GET /terminals`: every terminal, or those in one of `statuses` (e.g. `['Available']`). */
    list: async (query: { statuses?: TerminalStatus[] } = {}, options?: CallOptions) =>
      transport.call<ListTerminalsResponse>(sdk.listTerminals, op('listTerminals', true, true), { query }, options),
    /** `GET /terminals/{terminalId}` */
    get: async (terminalId: string, options?: CallOptions) =>
      transport.call<GetTerminalResponse>(
        sdk.getTerminal,
        op('getTerminal', true, true),
        { path: { terminalId: checkId('TerminalId', terminalId) } },
        options,
      ),
  };
}

/** `dojo.terminalSessions`: a sale or refund running on a terminal. */
export function terminalSessionsResource(transport: Transport) {
  const session = (terminalSessionId: string) => ({ path: { terminalSessionId: checkId('TerminalSessionId', terminalSessionId) } });
  return {
    /** `POST /terminal-sessions`. Never retried after it may have reached Dojo: a repeat could ask for the card twice. */
    create: async (body: CreateTerminalSessionRequest, options?: CallOptions) =>
      transport.call<CreateTerminalSessionResponse>(sdk.createTerminalSession, op('createTerminalSession', false, true), { body }, options),
    /** `GET /terminal-sessions/{terminalSessionId}`: poll it until the status is final. */
    get: async (terminalSessionId: string, options?: CallOptions) =>
      transport.call<GetTerminalSessionResponse>(sdk.getTerminalSession, op('getTerminalSession', true, true), session(terminalSessionId), options),
    /** `PUT /terminal-sessions/{terminalSessionId}/cancel` */
    cancel: async (terminalSessionId: string, options?: CallOptions) =>
      transport.call<CancelTerminalSessionResponse>(
        sdk.cancelTerminalSession,
        op('cancelTerminalSession', true, true),
        session(terminalSessionId),
        options,
      ),
    /** `PUT /terminal-sessions/{terminalSessionId}/signature` with `{ accepted }`. */
    answerSignature: async (terminalSessionId: string, body: SignatureVerificationRequest, options?: CallOptions) =>
      transport.call<AnswerSignatureVerificationResponse>(
        sdk.answerSignatureVerification,
        op('answerSignatureVerification', true, true),
        { ...session(terminalSessionId), body },
        options,
      ),
  };
}

/** `dojo.paymentIntents`: what is being paid and its state. */
export function paymentIntentsResource(transport: Transport) {
  const intent = (paymentIntentId: string) => ({ path: { paymentIntentId: checkId('PaymentIntentId', paymentIntentId) } });
  return {
    /** `POST /payment-intents` */
    create: async (body: CreatePaymentIntentRequest, options?: CallOptions) =>
      transport.call<CreatePaymentIntentResponse>(sdk.createPaymentIntent, op('createPaymentIntent', false), { body }, options),
    /** `GET /payment-intents/{paymentIntentId}`; `returnCanceled: true` also returns a canceled one. */
    get: async (paymentIntentId: string, query: { returnCanceled?: boolean } = {}, options?: CallOptions) =>
      transport.call<GetPaymentIntentResponse>(sdk.getPaymentIntent, op('getPaymentIntent', true), { ...intent(paymentIntentId), query }, options),
    /** `DELETE /payment-intents/{paymentIntentId}` */
    cancel: async (paymentIntentId: string, options?: CallOptions) =>
      transport.call<CancelPaymentIntentResponse>(sdk.cancelPaymentIntent, op('cancelPaymentIntent', true), intent(paymentIntentId), options),
    /** `POST /payment-intents/{paymentIntentId}/captures` (manual capture mode). */
    capture: async (paymentIntentId: string, body: CreateCaptureRequest, options?: CallOptions) =>
      transport.call<CapturePaymentIntentResponse>(
        sdk.capturePaymentIntent,
        op('capturePaymentIntent', false),
        { ...intent(paymentIntentId), body },
        options,
      ),
    /** `POST /payment-intents/{paymentIntentId}/charge` */
    charge: async (paymentIntentId: string, options?: CallOptions) =>
      transport.call<ChargePaymentIntentResponse>(sdk.chargePaymentIntent, op('chargePaymentIntent', false), intent(paymentIntentId), options),
    /** `POST /payment-intents/{paymentIntentId}/refresh-client-session-secret` */
    refreshClientSessionSecret: async (paymentIntentId: string, options?: CallOptions) =>
      transport.call<RefreshClientSessionSecretResponse>(
        sdk.refreshClientSessionSecret,
        op('refreshClientSessionSecret', false),
        intent(paymentIntentId),
        options,
      ),
    /** `POST /payment-intents/search` (a read: retried like one). */
    search: async (body: SearchPaymentIntentsRequest, options?: CallOptions) =>
      transport.call<SearchPaymentIntentsResponse>(sdk.searchPaymentIntents, op('searchPaymentIntents', false), { body }, options),
    /** `POST /payment-intents/{paymentIntentId}/tips-amount` */
    setTipsAmount: async (paymentIntentId: string, body: SetTipsAmountRequest, options?: CallOptions) =>
      transport.call<SetTipsAmountResponse>(sdk.setTipsAmount, op('setTipsAmount', false), { ...intent(paymentIntentId), body }, options),
    /** `POST /payment-intents/{paymentIntentId}/amount` */
    setAmount: async (paymentIntentId: string, body: SetAmountRequest, options?: CallOptions) =>
      transport.call<SetAmountResponse>(sdk.setAmount, op('setAmount', false), { ...intent(paymentIntentId), body }, options),
    /** `POST /payment-intents/{paymentIntentId}/receipt`; resolves with nothing (204). */
    sendReceipt: async (paymentIntentId: string, body: SendReceiptRequest, options?: CallOptions) =>
      transport.call<void>(sdk.sendReceipt, op('sendReceipt', false), { ...intent(paymentIntentId), body }, options),
    /** `POST /payment-intents/{paymentIntentId}/reversal` */
    reverse: async (paymentIntentId: string, options?: CallOptions) =>
      transport.call<ReversePaymentIntentResponse>(sdk.reversePaymentIntent, op('reversePaymentIntent', false), intent(paymentIntentId), options),
  };
}

/** Options of `dojo.refunds.create`. */
export interface CreateRefundOptions extends CallOptions {
  /**
   * Sent as the `IdempotencyKey` header. Default: a random UUID made once per call and kept across its retries.
   * Store your own key with the refund (e.g. your refund record's id) to make a repeat after a crash safe too.
   */
  idempotencyKey?: string;
}

/** `dojo.refunds`: refunds of payment intents. */
export function refundsResource(transport: Transport) {
  return {
    /** `POST /payment-intents/{paymentIntentId}/refunds`, with an idempotency key, so it is retried safely. */
    create: async (paymentIntentId: string, body: CreateRefundRequest, options: CreateRefundOptions = {}) => {
      const { idempotencyKey = globalThis.crypto.randomUUID(), ...callOptions } = options;
      return transport.call<CreateRefundResponse>(
        sdk.createRefund,
        op('createRefund', true),
        { path: { paymentIntentId: checkId('PaymentIntentId', paymentIntentId) }, body, headers: { IdempotencyKey: idempotencyKey } },
        callOptions,
      );
    },
    /** `GET /payment-intents/refunds/{refundId}` */
    get: async (refundId: string, options?: CallOptions) =>
      transport.call<GetRefundResponse>(sdk.getRefund, op('getRefund', true), { path: { refundId: checkId('RefundId', refundId) } }, options),
  };
}
