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

const resolve = (node: Json): Json => (node?.$ref ? resolve(node.$ref.slice(2).split('/').reduce((at: Json, key: string) => at[key], spec)) : node);
const resources = new Map<string, string>((spec.tags as Json[]).map((tag) => [tag.name, tag['x-dojo-resource']]));

/**
 * Every operation in the bundled spec with its documented status codes and one call through the client's public
 * surface, `dojo.<x-dojo-resource>.<x-dojo-method>(…path ids, body, query)`, with the spec's own examples as
 * arguments: an operation added to the spec is contract-tested without an edit here.
 */
const specOperations = Object.entries(spec.paths as Record<string, Json>).flatMap(([path, item]) =>
  METHODS.filter((method) => item[method]).map((method) => {
    const operation = item[method];
    const parameters: Json[] = (operation.parameters ?? []).map(resolve);
    const pathIds = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => parameters.find((p) => p.in === 'path' && p.name === name)?.example);
    const query = parameters.filter((p) => p.in === 'query');
    const body = operation.requestBody && resolve(Object.values<Json>(resolve(operation.requestBody).content['application/json'].examples ?? {})[0])?.value;
    const args = [
      ...pathIds,
      ...(operation.requestBody ? [body] : []),
      ...(query.length ? [Object.fromEntries(query.filter((p) => p.example !== undefined).map((p) => [p.name, p.example]))] : []),
    ];
    const resource = resources.get(operation.tags[0]) as string;
    const name = operation['x-dojo-method'] as string;
    return {
      id: operation.operationId as string,
      place: `${resource}.${name}`,
      statuses: Object.keys(operation.responses).map(Number),
      call: (dojo: DojoClient): Promise<unknown> => (dojo as Json)[resource][name](...args),
    };
  }),
);
const calls: Record<string, (dojo: DojoClient) => Promise<unknown>> = Object.fromEntries(specOperations.map(({ id, call }) => [id, call]));

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
  it('has a method for every operation of the spec, at dojo.<x-dojo-resource>.<x-dojo-method>, and no other', () => {
    const dojo = client() as unknown as Record<string, Record<string, unknown>>;
    const methods = Object.entries(dojo).flatMap(([resource, group]) => Object.keys(group).map((name) => `${resource}.${name}`));
    expect(methods.sort()).toEqual(specOperations.map((operation) => operation.place).sort());
    expect(specOperations.length).toBeGreaterThanOrEqual(19);
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
