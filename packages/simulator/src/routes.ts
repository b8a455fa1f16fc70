import type {
  AnswerSignatureVerificationResponses,
  CancelPaymentIntentResponses,
  CancelTerminalSessionResponses,
  CapturePaymentIntentResponses,
  ChargePaymentIntentResponses,
  CreatePaymentIntentResponses,
  CreateRefundResponses,
  CreateTerminalSessionResponses,
  GetPaymentIntentResponses,
  GetRefundResponses,
  GetTerminalResponses,
  GetTerminalSessionResponses,
  ListTerminalsResponses,
  RefreshClientSessionSecretResponses,
  ReversePaymentIntentResponses,
  SearchPaymentIntentsResponses,
  SendReceiptResponses,
  SetAmountResponses,
  SetTipsAmountResponses,
} from '@dojo-terminals/types';
import * as pi from './payment-intents.js';
import * as ts from './terminal-sessions.js';
import { findTerminal, listTerminals } from './terminals.js';
import type { World } from './world.js';

export interface RouteInput {
  params: Record<string, string>;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

export interface Route {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The spec's path template, e.g. `/terminals/{terminalId}`. */
  path: string;
  status: number;
  handle(world: World, input: RouteInput): unknown;
}

/**
 * One route per operation. The handler's result is typed with the operation's generated response type, so a
 * spec change that alters a response breaks the simulator's type check instead of drifting silently.
 */
function route<R extends Record<number, unknown>, S extends keyof R & number>(
  operationId: string,
  method: Route['method'],
  path: string,
  status: S,
  handle: (world: World, input: RouteInput) => R[S],
): Route {
  return { operationId, method, path, status, handle };
}

const list = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : value.split(','));
const param = (input: RouteInput, name: string) => input.params[name] ?? '';
const headerValue = (input: RouteInput, name: string) => {
  const value = input.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

export const ROUTES: readonly Route[] = [
  route<ListTerminalsResponses, 200>('listTerminals', 'GET', '/terminals', 200, (w, i) => listTerminals(w, list(i.query['statuses']))),
  route<GetTerminalResponses, 200>('getTerminal', 'GET', '/terminals/{terminalId}', 200, (w, i) => findTerminal(w, param(i, 'terminalId'))),
  route<CreateTerminalSessionResponses, 200>('createTerminalSession', 'POST', '/terminal-sessions', 200, (w, i) => ts.createSession(w, i.body)),
  route<GetTerminalSessionResponses, 200>('getTerminalSession', 'GET', '/terminal-sessions/{terminalSessionId}', 200, (w, i) => ts.findSession(w, param(i, 'terminalSessionId')).session),
  route<CancelTerminalSessionResponses, 200>('cancelTerminalSession', 'PUT', '/terminal-sessions/{terminalSessionId}/cancel', 200, (w, i) => ts.cancelSession(w, param(i, 'terminalSessionId'))),
  route<AnswerSignatureVerificationResponses, 200>('answerSignatureVerification', 'PUT', '/terminal-sessions/{terminalSessionId}/signature', 200, (w, i) =>
    ts.answerSignature(w, param(i, 'terminalSessionId'), i.body),
  ),
  route<CreatePaymentIntentResponses, 200>('createPaymentIntent', 'POST', '/payment-intents', 200, (w, i) => pi.createIntent(w, i.body)),
  route<SearchPaymentIntentsResponses, 200>('searchPaymentIntents', 'POST', '/payment-intents/search', 200, (w, i) => pi.search(w, i.body)),
  route<GetRefundResponses, 200>('getRefund', 'GET', '/payment-intents/refunds/{refundId}', 200, (w, i) => pi.getRefund(w, param(i, 'refundId'))),
  route<GetPaymentIntentResponses, 200>('getPaymentIntent', 'GET', '/payment-intents/{paymentIntentId}', 200, (w, i) =>
    pi.getIntent(w, param(i, 'paymentIntentId'), i.query['returnCanceled'] === 'true'),
  ),
  route<CancelPaymentIntentResponses, 200>('cancelPaymentIntent', 'DELETE', '/payment-intents/{paymentIntentId}', 200, (w, i) => pi.cancelIntent(w, param(i, 'paymentIntentId'))),
  route<CapturePaymentIntentResponses, 200>('capturePaymentIntent', 'POST', '/payment-intents/{paymentIntentId}/captures', 200, (w, i) => pi.capture(w, param(i, 'paymentIntentId'), i.body)),
  route<ChargePaymentIntentResponses, 200>('chargePaymentIntent', 'POST', '/payment-intents/{paymentIntentId}/charge', 200, (w, i) => pi.charge(w, param(i, 'paymentIntentId'))),
  route<RefreshClientSessionSecretResponses, 200>('refreshClientSessionSecret', 'POST', '/payment-intents/{paymentIntentId}/refresh-client-session-secret', 200, (w, i) =>
    pi.refreshSecret(w, param(i, 'paymentIntentId')),
  ),
  route<SetTipsAmountResponses, 200>('setTipsAmount', 'POST', '/payment-intents/{paymentIntentId}/tips-amount', 200, (w, i) => pi.setTipsAmount(w, param(i, 'paymentIntentId'), i.body)),
  route<SetAmountResponses, 200>('setAmount', 'POST', '/payment-intents/{paymentIntentId}/amount', 200, (w, i) => pi.setAmount(w, param(i, 'paymentIntentId'), i.body)),
  route<SendReceiptResponses, 204>('sendReceipt', 'POST', '/payment-intents/{paymentIntentId}/receipt', 204, (w, i) => pi.sendReceipt(w, param(i, 'paymentIntentId'), i.body)),
  route<CreateRefundResponses, 200>('createRefund', 'POST', '/payment-intents/{paymentIntentId}/refunds', 200, (w, i) =>
    pi.createRefund(w, param(i, 'paymentIntentId'), i.body, headerValue(i, 'IdempotencyKey')),
  ),
  route<ReversePaymentIntentResponses, 200>('reversePaymentIntent', 'POST', '/payment-intents/{paymentIntentId}/reversal', 200, (w, i) => pi.reverse(w, param(i, 'paymentIntentId'))),
];
