import { readFileSync } from 'node:fs';
import { openapiJsonPath } from '@dojo-terminals/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { ROUTES } from './routes.js';
import { HEADERS } from './test-support.js';

const spec = JSON.parse(readFileSync(openapiJsonPath, 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
  Object.entries(item)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => ({ operationId: op.operationId ?? '?', method: method.toUpperCase(), path })),
);

describe('coverage of the spec', () => {
  it('finds the operations of the bundled spec', () => {
    expect(operations.length).toBeGreaterThanOrEqual(19);
  });

  it.each(operations)('has a route for $operationId ($method $path)', ({ operationId, method, path }) => {
    expect(ROUTES.find((r) => r.operationId === operationId)).toMatchObject({ method, path });
  });

  it('has no route the spec does not describe', () => {
    const known = new Set(operations.map((o) => o.operationId));
    expect(ROUTES.filter((r) => !known.has(r.operationId)).map((r) => r.operationId)).toEqual([]);
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
  it.each(operations)('serves $operationId ($method $path)', async ({ method, path }) => {
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
});
