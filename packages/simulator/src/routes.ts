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
import { OPERATIONS } from '@dojo-terminals/types';
import * as pi from './payment-intents.js';
import * as ts from './terminal-sessions.js';
import { ApiProblem } from './problems.js';
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
  method: string;
  /** The spec's path template, e.g. `/terminals/{terminalId}`. */
  path: string;
  /** The operation declares `SoftwareHouseId`: requests need the terminal headers. */
  terminal: boolean;
  status: number;
  handle(world: World, input: RouteInput): unknown;
}

type Handler = Pick<Route, 'status' | 'handle'>;

/**
 * The handler's result is typed with the operation's generated response type, so a spec change that alters a
 * response breaks the simulator's type check instead of drifting silently.
 */
function handler<R extends Record<number, unknown>, S extends keyof R & number>(
  status: S,
  handle: (world: World, input: RouteInput) => R[S],
): Handler {
  return { status, handle };
}

const list = (value: string | string[] | undefined) => (value === undefined ? undefined : Array.isArray(value) ? value : value.split(','));
const param = (input: RouteInput, name: string) => input.params[name] ?? '';
const headerValue = (input: RouteInput, name: string) => {
  const value = input.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
};

/** What the simulator does for each operation, by operationId. Method and path come from the spec (`OPERATIONS`). */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  listTerminals: handler<ListTerminalsResponses, 200>(200, (w, i) => listTerminals(w, list(i.query['statuses']))),
  getTerminal: handler<GetTerminalResponses, 200>(200, (w, i) => findTerminal(w, param(i, 'terminalId'))),
  createTerminalSession: handler<CreateTerminalSessionResponses, 200>(200, (w, i) => ts.createSession(w, i.body)),
  getTerminalSession: handler<GetTerminalSessionResponses, 200>(200, (w, i) => ts.findSession(w, param(i, 'terminalSessionId')).session),
  cancelTerminalSession: handler<CancelTerminalSessionResponses, 200>(200, (w, i) => ts.cancelSession(w, param(i, 'terminalSessionId'))),
  answerSignatureVerification: handler<AnswerSignatureVerificationResponses, 200>(200, (w, i) =>
    ts.answerSignature(w, param(i, 'terminalSessionId'), i.body),
  ),
  createPaymentIntent: handler<CreatePaymentIntentResponses, 200>(200, (w, i) => pi.createIntent(w, i.body)),
  searchPaymentIntents: handler<SearchPaymentIntentsResponses, 200>(200, (w, i) => pi.search(w, i.body)),
  getRefund: handler<GetRefundResponses, 200>(200, (w, i) => pi.getRefund(w, param(i, 'refundId'))),
  getPaymentIntent: handler<GetPaymentIntentResponses, 200>(200, (w, i) =>
    pi.getIntent(w, param(i, 'paymentIntentId'), i.query['returnCanceled'] === 'true'),
  ),
  cancelPaymentIntent: handler<CancelPaymentIntentResponses, 200>(200, (w, i) => pi.cancelIntent(w, param(i, 'paymentIntentId'))),
  capturePaymentIntent: handler<CapturePaymentIntentResponses, 200>(200, (w, i) => pi.capture(w, param(i, 'paymentIntentId'), i.body)),
  chargePaymentIntent: handler<ChargePaymentIntentResponses, 200>(200, (w, i) => pi.charge(w, param(i, 'paymentIntentId'))),
  refreshClientSessionSecret: handler<RefreshClientSessionSecretResponses, 200>(200, (w, i) =>
    pi.refreshSecret(w, param(i, 'paymentIntentId')),
  ),
  setTipsAmount: handler<SetTipsAmountResponses, 200>(200, (w, i) => pi.setTipsAmount(w, param(i, 'paymentIntentId'), i.body)),
  setAmount: handler<SetAmountResponses, 200>(200, (w, i) => pi.setAmount(w, param(i, 'paymentIntentId'), i.body)),
  sendReceipt: handler<SendReceiptResponses, 204>(204, (w, i) => pi.sendReceipt(w, param(i, 'paymentIntentId'), i.body)),
  createRefund: handler<CreateRefundResponses, 200>(200, (w, i) =>
    pi.createRefund(w, param(i, 'paymentIntentId'), i.body, headerValue(i, 'IdempotencyKey')),
  ),
  reversePaymentIntent: handler<ReversePaymentIntentResponses, 200>(200, (w, i) => pi.reverse(w, param(i, 'paymentIntentId'))),
};

/** The file a new operation's handler goes in: the one failure the guide's walk-through leaves. */
export const HANDLERS_FILE = 'packages/simulator/src/routes.ts';

/** One route per operation; one without a handler answers 501, naming the handler to write. */
export function routesFor(operations: Readonly<Record<string, { method: string; path: string; terminal: boolean }>>): Route[] {
  return Object.entries(operations).map(([operationId, { method, path, terminal }]) => ({
    operationId,
    method,
    path,
    terminal,
    ...(HANDLERS[operationId] ?? notWritten(operationId)),
  }));
}

/** The routes of the spec's operations. */
export const ROUTES: readonly Route[] = routesFor(OPERATIONS);

function notWritten(operationId: string): Handler {
  return {
    status: 501,
    handle() {
      throw new ApiProblem(501, `The simulator has no handler for ${operationId} yet: write one in HANDLERS in ${HANDLERS_FILE}.`);
    },
  };
}
