import { readFileSync } from 'node:fs';
import { openapiJsonPath } from '@dojo-terminals/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { requestBodyValidator } from './request-schemas.js';
import { HANDLERS, HANDLERS_FILE, ROUTES, routesFor } from './routes.js';
import { HEADERS } from './test-support.js';

const spec = JSON.parse(readFileSync(openapiJsonPath, 'utf8')) as {
  paths: Record<string, Record<string, { operationId?: string; parameters?: { $ref?: string }[] }>>;
};
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({
      operationId: op.operationId ?? '?',
      method: method.toUpperCase(),
      path,
      terminal: (op.parameters ?? []).some((p) => p.$ref?.endsWith('/SoftwareHouseId') === true),
    })),
);

describe('coverage of the spec', () => {
  it('finds the operations of the bundled spec', () => {
    expect(operations.length).toBeGreaterThanOrEqual(19);
  });

  // The one red test after an operation is added to the spec: its behaviour is new domain logic, written by hand.
  it.each(operations)('has a handler for $operationId ($method $path)', ({ operationId }) => {
    expect(HANDLERS[operationId], `the simulator has no handler for ${operationId}: write one in HANDLERS in ${HANDLERS_FILE}`).toBeDefined();
  });

  it('has no handler the spec does not describe', () => {
    const known = new Set(operations.map((o) => o.operationId));
    expect(Object.keys(HANDLERS).filter((operationId) => !known.has(operationId))).toEqual([]);
  });

  it('answers an operation the spec gained but the simulator has no handler for with a 501 that says what to write', () => {
    const [added] = routesFor({ getTerminalBattery: { method: 'GET', path: '/terminals/{terminalId}/battery', terminal: true } });
    expect(added).toMatchObject({ operationId: 'getTerminalBattery', method: 'GET', terminal: true, status: 501 });
    expect(() => added!.handle({} as never, { params: {}, query: {}, body: undefined, headers: {} })).toThrow(
      `The simulator has no handler for getTerminalBattery yet: write one in HANDLERS in ${HANDLERS_FILE}.`,
    );
  });

  it('routes each operation at its method and path', () => {
    for (const { operationId, method, path, terminal } of operations) {
      expect(ROUTES.find((r) => r.operationId === operationId)).toMatchObject({ method, path, terminal });
    }
    expect(operations.filter((o) => o.terminal).length).toBeGreaterThan(0);
  });
});

describe('request validation from the bundled spec', () => {
  const withBody = Object.entries(spec.paths).flatMap(([, item]) =>
    Object.values(item as Record<string, { operationId?: string; requestBody?: { content?: Record<string, unknown> } }>)
      .filter((op) => op.requestBody?.content?.['application/json'] !== undefined)
      .map((op) => op.operationId!),
  );

  it.each(withBody)('validates the body of %s with its schema in the spec', (operationId) => {
    expect(requestBodyValidator(operationId)).toBeTypeOf('function');
    expect(requestBodyValidator(operationId)!('not an object')).toBe(false);
  });

  it('has no validator for an operation without a body', () => {
    expect(requestBodyValidator('getTerminal')).toBeUndefined();
  });
});

describe('the running server', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ terminals: 1 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  // With made-up ids every operation answers some error, but never the "no such operation" 404 of an unrouted path.
  it.each(operations.filter(({ operationId }) => HANDLERS[operationId]))('serves $operationId ($method $path)', async ({ method, path }) => {
    const url = sim.url + path.replace(/\{(\w+)\}/g, (_m, name: string) => `${name.slice(0, 2)}_sandbox_AAAAAAAAAAAAAAAAAAAAAA`);
    const response = await fetch(url, {
      method,
      headers: { ...HEADERS, 'content-type': 'application/json', IdempotencyKey: 'k' },
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }),
    });
    const text = await response.text();
    expect(text).not.toContain('No operation');
    expect(response.status).toBeLessThan(500);
  });

  async function create(body: unknown) {
    const response = await fetch(`${sim.url}/payment-intents`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as { errors?: Record<string, string[]> } };
  }

  // Rules only the spec states (the handlers do not check them): the answer comes from the spec's schema.
  it.each([
    [{ amount: { value: 1000, currencyCode: 'GBP' }, reference: 'x'.repeat(61) }, 'reference'],
    [{ amount: { value: 1000, currencyCode: 'GBP' }, reference: 'Order 1', colour: 'blue' }, 'colour'],
    [{ amount: { value: 1000, currencyCode: 'GBP' } }, 'reference'],
    [{ amount: { value: 1000, currencyCode: 'gbp' }, reference: 'Order 1' }, 'amount.currencyCode'],
  ])('refuses %j with a 400 naming %s, as the spec says', async (body, field) => {
    const answer = await create(body);
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.body.errors ?? {})).toEqual([field]);
  });
});
