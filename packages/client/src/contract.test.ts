// Contract tests: every operation of the bundled spec, called through the client against a Prism mock that validates
// each request (an invalid one is answered 422 with an `sl-violations` header) and serves the documented responses.
import { readFileSync } from 'node:fs';
import { startMock, type MockServer } from '@dojo-terminals/contract';
import { openapiJsonPath } from '@dojo-terminals/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDojoClient, type DojoClient } from './index.js';
import {
  DojoApiError,
  DojoAuthenticationError,
  DojoValidationError,
  DojoNotFoundError,
  DojoPermissionError,
  DojoConflictError,
} from './errors.js';

type Json = any;
const spec: Json = JSON.parse(readFileSync(openapiJsonPath, 'utf8'));
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

/** Every operation in the bundled spec with its documented status codes and first request-body example. */
const specOperations = Object.values(spec.paths as Record<string, Json>).flatMap((item) =>
  METHODS.filter((method) => item[method]).map((method) => {
    const operation = item[method];
    const examples = operation.requestBody?.content?.['application/json']?.examples ?? {};
    const first: Json = Object.values(examples)[0];
    const example = first?.$ref ? spec.components.examples[first.$ref.split('/').pop()] : first;
    return {
      id: operation.operationId as string,
      statuses: Object.keys(operation.responses).map(Number),
      body: example?.value,
    };
  }),
);
const bodyOf = (id: string): Json => specOperations.find((operation) => operation.id === id)?.body;

// Ids taken from the spec's path parameter examples.
const TERMINAL = spec.components.parameters.TerminalIdPath.example as string;
const SESSION = spec.components.parameters.TerminalSessionIdPath.example as string;
const INTENT = spec.components.parameters.PaymentIntentIdPath.example as string;
const REFUND = spec.components.parameters.RefundIdPath.example as string;

/** One call per operation, through the client's public surface. Add a line here when the spec gains an operation. */
const calls: Record<string, (dojo: DojoClient) => Promise<unknown>> = {
  listTerminals: (dojo) => dojo.terminals.list({ statuses: ['Available', 'InUse'] }),
  getTerminal: (dojo) => dojo.terminals.get(TERMINAL),
  createTerminalSession: (dojo) => dojo.terminalSessions.create(bodyOf('createTerminalSession')),
  getTerminalSession: (dojo) => dojo.terminalSessions.get(SESSION),
  cancelTerminalSession: (dojo) => dojo.terminalSessions.cancel(SESSION),
  answerSignatureVerification: (dojo) => dojo.terminalSessions.answerSignature(SESSION, bodyOf('answerSignatureVerification')),
  createPaymentIntent: (dojo) => dojo.paymentIntents.create(bodyOf('createPaymentIntent')),
  getPaymentIntent: (dojo) => dojo.paymentIntents.get(INTENT, { returnCanceled: true }),
  cancelPaymentIntent: (dojo) => dojo.paymentIntents.cancel(INTENT),
  capturePaymentIntent: (dojo) => dojo.paymentIntents.capture(INTENT, bodyOf('capturePaymentIntent')),
  chargePaymentIntent: (dojo) => dojo.paymentIntents.charge(INTENT),
  refreshClientSessionSecret: (dojo) => dojo.paymentIntents.refreshClientSessionSecret(INTENT),
  searchPaymentIntents: (dojo) => dojo.paymentIntents.search(bodyOf('searchPaymentIntents')),
  setTipsAmount: (dojo) => dojo.paymentIntents.setTipsAmount(INTENT, bodyOf('setTipsAmount')),
  setAmount: (dojo) => dojo.paymentIntents.setAmount(INTENT, bodyOf('setAmount')),
  sendReceipt: (dojo) => dojo.paymentIntents.sendReceipt(INTENT, bodyOf('sendReceipt')),
  createRefund: (dojo) => dojo.refunds.create(INTENT, bodyOf('createRefund')),
  getRefund: (dojo) => dojo.refunds.get(REFUND),
  reversePaymentIntent: (dojo) => dojo.paymentIntents.reverse(INTENT),
};

const ERROR_CLASSES: Record<number, typeof DojoApiError> = {
  400: DojoValidationError,
  401: DojoAuthenticationError,
  403: DojoPermissionError,
  404: DojoNotFoundError,
  405: DojoConflictError,
  409: DojoConflictError,
  422: DojoValidationError,
};

let mock: MockServer;
/** Request-validation complaints Prism attached to its answers, per operation. */
const violations: string[] = [];

/** A client whose requests carry `Prefer: code=<status>` when `status` is given, and which records Prism's complaints. */
function client(prefer?: number, strip?: string): DojoClient {
  return createDojoClient({
    apiKey: 'sk_sandbox_test',
    softwareHouseId: 'softwareHouse1',
    resellerId: 'reseller1',
    baseUrl: mock.url,
    validateResponses: true,
    maxRetries: 0,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      if (prefer) request.headers.set('Prefer', `code=${prefer}`);
      if (strip) request.headers.delete(strip);
      // A connection Prism drops under load (a reset keep-alive socket) is the harness's problem, not the contract's:
      // send again, at most twice. Prism still validates every request it reads.
      let response: Response;
      for (let attempt = 1; ; attempt++) {
        try {
          response = await fetch(request.clone());
          break;
        } catch (error) {
          if (attempt >= 3) throw error;
        }
      }
      const complaint = response.headers.get('sl-violations');
      if (complaint) violations.push(`${request.method} ${new URL(request.url).pathname}: ${complaint}`);
      return response;
    },
  });
}

beforeAll(async () => {
  mock = await startMock({ specPath: openapiJsonPath });
});
afterAll(async () => {
  await mock?.stop();
});

describe('contract with the bundled spec (Prism)', () => {
  it('has a contract test for every operation of the spec, and no other', () => {
    expect(Object.keys(calls).sort()).toEqual(specOperations.map((operation) => operation.id).sort());
    expect(Object.keys(calls)).toHaveLength(19);
  });

  // The checks above are only as good as Prism's request validation: show that it sees what the client sends.
  it.each(['version', 'software-house-id'])('is answered with violations when the %s header is missing', async (header) => {
    violations.length = 0;
    await expect(calls.listTerminals!(client(undefined, header))).rejects.toBeInstanceOf(DojoApiError);
    expect(violations.join('\n')).toContain(header);
  });

  it('is rejected by Prism when a body breaks the spec (forced past the types)', async () => {
    violations.length = 0;
    const wrong = { amount: { value: 1000, currencyCode: 'GBP' }, colour: 'blue' } as unknown as Parameters<DojoClient['paymentIntents']['create']>[0];
    const error = await client().paymentIntents.create(wrong).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoValidationError);
    expect((error as DojoApiError).status).toBe(400); // Prism answers with the spec's documented 400
    expect(violations.join('\n')).toContain('reference');
  });

  it("surfaces the mock's answer to a spec-breaking request in DojoValidationError: the field, what was expected and sent", async () => {
    const wrong = { amount: { value: 1000, currencyCode: 'gbp' }, reference: 'Order 1' };
    const error = await client().paymentIntents.create(wrong).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoValidationError);
    expect((error as DojoValidationError).errors).toEqual({ 'amount.currencyCode': ['Must match pattern "^[A-Z]{3}$"; sent: "gbp".'] });
    expect(String(error)).toContain('body.amount.currencyCode must match pattern "^[A-Z]{3}$", sent "gbp"');
    expect(String(error)).not.toContain('reference');
  });

  it('surfaces a missing header the same way', async () => {
    const error = await calls.listTerminals!(client(undefined, 'software-house-id')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoValidationError);
    expect((error as DojoValidationError).errors).toEqual({ 'software-house-id': ["Must have required property 'software-house-id'; sent: (absent)."] });
    expect(String(error)).toContain("header software-house-id must have required property 'software-house-id', sent (absent)");
  });

  it('is refused without the Authorization header', async () => {
    await expect(calls.getPaymentIntent!(client(undefined, 'authorization'))).rejects.toBeInstanceOf(DojoAuthenticationError);
  });

  describe.each(specOperations.map((operation) => [operation.id, operation] as const))('%s', (id, operation) => {
    it('sends a request Prism accepts and returns the documented success body, validated against the spec', async () => {
      violations.length = 0;
      const call = calls[id];
      expect(call, `no contract test for ${id}`).toBeDefined();
      const result = await call!(client());
      expect(violations).toEqual([]);
      if (operation.statuses.includes(204)) expect(result).toBeUndefined();
      else expect(result).toBeTypeOf('object');
    });

    const errorStatuses = operation.statuses.filter((status) => status >= 400);
    it.each(errorStatuses)('turns a documented %i into its typed error', async (status) => {
      const error = await calls[id]!(client(status)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ERROR_CLASSES[status] ?? DojoApiError);
      expect(error).toMatchObject({ status, operationId: id });
      expect((error as DojoApiError).title ?? (error as DojoApiError).detail).toBeTruthy();
    });
  });
});
