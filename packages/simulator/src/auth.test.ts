import { readFileSync } from 'node:fs';
import { openapiJsonPath } from '@dojo-terminals/spec';
import Ajv2020Module from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { API_KEY, HEADERS } from './test-support.js';

// Prism in front would answer these itself, so they are checked against the simulator directly, with its
// bodies validated against the spec's problem-details schema.
type Ajv2020Class = typeof Ajv2020Module.default;
const Ajv2020: Ajv2020Class = (Ajv2020Module as unknown as { default?: Ajv2020Class }).default ?? (Ajv2020Module as unknown as Ajv2020Class);
const spec = JSON.parse(readFileSync(openapiJsonPath, 'utf8')) as { components: { schemas: Record<string, object> } };
// ProblemDetails with the schemas it refers to (`ErrorCode`), as `$defs` of its own.
const withDefs = JSON.parse(JSON.stringify(spec.components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/')) as Record<string, object>;
const ajv = new Ajv2020({ allErrors: true });
// The spec's extensions (`x-dojo-open-enum`, …) are annotations for the generators, not validation keywords.
for (const keyword of new Set(JSON.stringify(spec).match(/"x-[\w-]+"(?=:)/g) ?? [])) ajv.addKeyword(keyword.slice(1, -1));
const isProblem = ajv.compile({ ...withDefs['ProblemDetails'], $defs: withDefs });

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ terminals: 1 });
});
afterAll(async () => {
  await sim?.stop();
});

async function call(path: string, headers: Record<string, string>, init: RequestInit = {}) {
  const response = await fetch(`${sim.url}${path}`, { ...init, headers });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type'), text, body: JSON.parse(text) as Record<string, unknown> };
}

function expectProblem(answer: Awaited<ReturnType<typeof call>>, status: number): void {
  expect(answer.status).toBe(status);
  expect(answer.type).toMatch(/^application\/json/);
  expect(isProblem(answer.body), JSON.stringify(isProblem.errors)).toBe(true);
  expect(answer.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/) });
}

const without = (name: string) => Object.fromEntries(Object.entries(HEADERS).filter(([key]) => key !== name));

describe('authentication', () => {
  it('accepts a sandbox key sent as "Basic <key>"', async () => {
    expect((await call('/terminals', HEADERS)).status).toBe(200);
  });

  it.each([
    ['missing', undefined],
    ['base64 user:password', `Basic ${Buffer.from(`${API_KEY}:`).toString('base64')}`],
    ['Bearer scheme', `Bearer ${API_KEY}`],
    ['the key without a scheme', API_KEY],
    ['a production key', 'Basic sk_prod_live_key_123'],
  ])('answers 401 in the problem shape when the Authorization header is %s', async (_case, authorization) => {
    const headers = authorization === undefined ? without('authorization') : { ...HEADERS, authorization };
    const answer = await call('/terminals', headers);
    expectProblem(answer, 401);
    if (authorization !== undefined) expect(answer.text).not.toContain(authorization.replace(/^\S+ /, ''));
  });

  it('accepts only the keys given in apiKeys when set', async () => {
    const strict = await startSimulator({ apiKeys: ['sk_sandbox_only_this_one'] });
    try {
      const ok = await fetch(`${strict.url}/terminals`, { headers: { ...HEADERS, authorization: 'Basic sk_sandbox_only_this_one' } });
      expect(ok.status).toBe(200);
      const refused = await fetch(`${strict.url}/terminals`, { headers: HEADERS });
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain(API_KEY);
    } finally {
      await strict.stop();
    }
  });
});

describe('headers', () => {
  it('answers 400 naming the version header when it is missing or not a date', async () => {
    const missing = await call('/payment-intents/search', without('version'), { method: 'POST' });
    expectProblem(missing, 400);
    expect(missing.body['errors']).toHaveProperty('version');
    expectProblem(await call('/terminals', { ...HEADERS, version: 'latest' }), 400);
  });

  it('answers 400 naming software-house-id when a terminal request lacks it', async () => {
    for (const path of ['/terminals', '/terminal-sessions/ts_sandbox_000000000000000000000000']) {
      const answer = await call(path, without('software-house-id'));
      expectProblem(answer, 400);
      expect(answer.body['errors']).toHaveProperty(['software-house-id']);
    }
  });

  it('does not ask for software-house-id on payment-intent requests', async () => {
    const answer = await call('/payment-intents', { ...without('software-house-id'), 'content-type': 'application/json' }, {
      method: 'POST',
      body: JSON.stringify({ amount: { value: 100, currencyCode: 'GBP' }, reference: 'No vendor header' }),
    });
    expect(answer.status).toBe(200);
  });

  it('checks the key before anything else, so an unauthenticated caller learns nothing about ids', async () => {
    expectProblem(await call('/payment-intents/pi_sandbox_AAAAAAAAAAAAAAAAAAAAAA', without('authorization')), 401);
    expectProblem(await call('/no-such-path', without('authorization')), 401);
    const badBody = await call('/payment-intents', { ...without('authorization'), 'content-type': 'application/json' }, { method: 'POST', body: '{' });
    expectProblem(badBody, 401);
  });
});

describe('bad requests', () => {
  const post = (path: string, body: string) => call(path, { ...HEADERS, 'content-type': 'application/json' }, { method: 'POST', body });

  it('answers 400 naming the field for an invalid body', async () => {
    const answer = await post('/payment-intents', JSON.stringify({ amount: { value: 10.5, currencyCode: 'GBP' }, reference: 'x' }));
    expectProblem(answer, 400);
    expect(answer.body['errors']).toHaveProperty(['amount.value']);
    expectProblem(await post('/payment-intents', '{"amount":'), 400);
  });

  it('answers 415 in the problem shape for a body that is not JSON', async () => {
    const answer = await call('/payment-intents', { ...HEADERS, 'content-type': 'application/x-www-form-urlencoded' }, { method: 'POST', body: 'amount=1' });
    expectProblem(answer, 415);
    expect(answer.body['title']).toBe('Unsupported Media Type');
  });

  it('answers 404 in the problem shape for a path the API does not have', async () => {
    expectProblem(await call('/payment-links', HEADERS), 404);
  });
});

// Dojo's terminal error schemas (ProblemDetailsTerminals, and Error for a 401) require `errors`, and `code` on a 401.
describe('error bodies of terminal endpoints', () => {
  it.each([
    ['a 401', '/terminals', { ...HEADERS, authorization: 'Basic sk_prod_nope' }, 401],
    ['a 404', '/terminals/tm_sandbox_000000000000000000000000', HEADERS, 404],
    ['a 404 of a session', '/terminal-sessions/ts_sandbox_000000000000000000000000', HEADERS, 404],
  ])('carry errors (and a 401 its code): %s', async (_name, path, headers, status) => {
    const answer = await call(path, headers);
    expectProblem(answer, status);
    expect(answer.body['errors']).toEqual(expect.any(Object));
    if (status === 401) expect(answer.body['code']).toEqual(expect.any(String));
  });
});
