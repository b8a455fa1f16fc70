import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOperationNamer } from './operations.js';
import { FIXTURE_SPEC } from './test-support.js';

const dir = mkdtempSync(join(tmpdir(), 'contract-operations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadOperationNamer', () => {
  it('names operations by operationId, preferring literal segments over parameters', async () => {
    const spec = join(dir, 'openapi.json');
    writeFileSync(
      spec,
      JSON.stringify({
        paths: {
          '/payment-intents/{id}': { get: { operationId: 'getPaymentIntent' } },
          '/payment-intents/search': { post: { operationId: 'search' }, get: {} },
        },
      }),
    );
    const name = await loadOperationNamer(spec);
    expect(name('GET', '/payment-intents/pi_1?x=1')).toBe('getPaymentIntent (GET /payment-intents/{id})');
    expect(name('post', '/payment-intents/search')).toBe('search (POST /payment-intents/search)');
    expect(name('GET', '/payment-intents/search')).toBe('GET /payment-intents/search');
    expect(name('DELETE', '/nowhere')).toBe('DELETE /nowhere');
  });

  it('falls back to METHOD /path for documents that are not JSON', async () => {
    const name = await loadOperationNamer(FIXTURE_SPEC);
    expect(name('GET', '/terminals/tm_1')).toBe('GET /terminals/tm_1');
  });
});
