import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documentedResponse, loadSpecIndex, SpecFormatError, statusForRequestFailure } from './spec-index.js';

const dir = mkdtempSync(join(tmpdir(), 'contract-spec-index-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeSpec(doc: unknown): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

const DOC = {
  openapi: '3.1.0',
  components: {
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'Authorization' } },
    responses: { BadRequest: { description: 'bad', content: { 'application/problem+json': { schema: {} } } } },
  },
  paths: {
    '/payment-intents/{paymentIntentId}': {
      get: { operationId: 'getPaymentIntent', responses: { '200': { description: 'ok', content: { 'application/json': {} } }, '4XX': { description: 'x' } } },
    },
    '/payment-intents/search': {
      post: { operationId: 'searchPaymentIntents', responses: { '200': { description: 'ok' }, '400': { $ref: '#/components/responses/BadRequest' } } },
      get: { responses: { default: { description: 'anything' } } },
    },
    '/terminal-sessions/{terminalSessionId}/cancel': {
      put: { operationId: 'cancelTerminalSession', responses: { '200': { description: 'ok' }, '401': { description: 'no key' }, '422': { description: 'too late' } } },
    },
  },
};

describe('loadSpecIndex', () => {
  it('names operations by operationId, preferring literal segments over parameters', async () => {
    const spec = await loadSpecIndex(writeSpec(DOC));
    expect(spec.name('GET', '/payment-intents/pi_1?x=1')).toBe('getPaymentIntent (GET /payment-intents/{paymentIntentId})');
    expect(spec.name('post', '/payment-intents/search')).toBe('searchPaymentIntents (POST /payment-intents/search)');
    expect(spec.name('GET', '/payment-intents/search')).toBe('GET /payment-intents/search');
    expect(spec.name('DELETE', '/nowhere')).toBe('DELETE /nowhere');
    expect(spec.find('DELETE', '/payment-intents/pi_1')).toBeUndefined();
    expect(spec.hasPath('/payment-intents/pi_1')).toBe(true);
    expect(spec.hasPath('/nowhere')).toBe(false);
  });

  it('reads path parameters, security headers and documented responses through $refs', async () => {
    const spec = await loadSpecIndex(writeSpec(DOC));
    const get = spec.find('GET', '/payment-intents/pi_%41')!;
    expect(spec.pathParams(get, '/payment-intents/pi_%41')).toEqual({ paymentIntentId: 'pi_A' });
    expect(spec.securityHeaders).toEqual(['authorization']);
    expect(documentedResponse(get, 200)).toEqual({ key: '200', json: true });
    expect(documentedResponse(get, 404)).toEqual({ key: '4XX', json: false });
    expect(documentedResponse(get, 500)).toBeUndefined();
    const search = spec.find('POST', '/payment-intents/search')!;
    expect(documentedResponse(search, 400)).toEqual({ key: '400', json: true });
    expect(documentedResponse(spec.find('GET', '/payment-intents/search')!, 418)).toEqual({ key: 'default', json: false });
  });

  it("takes a refused request's status from the operation's documented responses", async () => {
    const spec = await loadSpecIndex(writeSpec(DOC));
    const search = spec.find('POST', '/payment-intents/search')!;
    const cancel = spec.find('PUT', '/terminal-sessions/ts_1/cancel')!;
    expect(statusForRequestFailure(search, 'validation')).toBe(400);
    expect(statusForRequestFailure(cancel, 'validation')).toBe(422);
    expect(statusForRequestFailure(cancel, 'authentication')).toBe(401);
    expect(statusForRequestFailure(undefined, 'validation')).toBe(400);
  });

  it('refuses a document that is not JSON', async () => {
    const yaml = join(dir, 'openapi.yaml');
    writeFileSync(yaml, 'openapi: 3.1.0\n');
    await expect(loadSpecIndex(yaml)).rejects.toBeInstanceOf(SpecFormatError);
  });
});
