import { readdir, readFile } from 'node:fs/promises';
import { apiVersion } from '@dojo-terminals/spec';
import { describe, expect, it, vi } from 'vitest';
import { API_VERSION, resolveConfig } from './config.js';
import { createDojoClient, DojoConfigError, type DojoClientOptions } from './index.js';

const KEY = 'sk_sandbox_k3y_that_stays_secret';

function configError(options: Partial<DojoClientOptions>): Error {
  try {
    createDojoClient({ apiKey: KEY, ...options } as DojoClientOptions);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a DojoConfigError');
}

describe('client options', () => {
  it('targets the API version the spec documents, unless told another', () => {
    expect(API_VERSION).toBe(apiVersion);
    expect(resolveConfig({ apiKey: KEY }).headers['version']).toBe(apiVersion);
    expect(resolveConfig({ apiKey: KEY, version: '2025-09-10' }).headers['version']).toBe('2025-09-10');
  });

  it.each([
    ['missing key', { apiKey: undefined }],
    ['empty key', { apiKey: '' }],
    ['key with the Basic prefix', { apiKey: `Basic ${KEY}` }],
    ['key that is not a secret key', { apiKey: 'pk_sandbox_abc' }],
    ['key with a line break', { apiKey: `${KEY}\r\nX-Evil: 1` }],
    ['plain http to a remote host', { baseUrl: 'http://api.dojo.tech' }],
    ['credentials in the base URL', { baseUrl: 'https://user:pass@api.dojo.tech' }],
    ['a base URL that is not one', { baseUrl: 'not a url' }],
    ['a header value with a line break', { softwareHouseId: 'a\r\nb' }],
    ['a reseller without software house', { resellerId: 'reseller1' }],
    ['a zero timeout', { timeoutMs: 0 }],
    ['a timeout longer than timers allow (it would fire at once)', { timeoutMs: 3e9 }],
    ['a timeout that is not a number', { timeoutMs: '1000' }],
    ['a retry delay longer than timers allow', { retry: { maxDelayMs: 3e9 } }],
    ['a retry delay that is not a number', { retry: { baseDelayMs: Number.NaN } }],
    ['a zero maxResponseBytes', { maxResponseBytes: 0 }],
    ['a fractional maxResponseBytes', { maxResponseBytes: 1.5 }],
    ['a maxResponseBytes no string can hold', { maxResponseBytes: 1e12 }],
    ['infinite retries', { maxRetries: Number.POSITIVE_INFINITY }],
    ['negative retries', { maxRetries: -1 }],
    ['a version that is not a date', { version: 'latest' }],
  ])('refuses %s with a DojoConfigError that does not repeat the key', (_name, options) => {
    const error = configError(options as Partial<DojoClientOptions>);
    expect(error).toBeInstanceOf(DojoConfigError);
    for (const text of [error.message, String(error), JSON.stringify(error)]) expect(text).not.toContain('k3y_that_stays_secret');
  });

  it('accepts loopback http for the mock, and strips trailing slashes', () => {
    expect(resolveConfig({ apiKey: KEY, baseUrl: 'http://127.0.0.1:4010/' }).baseUrl).toBe('http://127.0.0.1:4010');
    expect(resolveConfig({ apiKey: KEY }).baseUrl).toBe('https://api.dojo.tech');
  });

  it('rejects terminal operations when softwareHouseId is missing, without sending', async () => {
    let sent = false;
    const dojo = createDojoClient({ apiKey: KEY, fetch: async () => ((sent = true), new Response('[]')) });
    await expect(dojo.terminals.list()).rejects.toBeInstanceOf(DojoConfigError);
    expect(sent).toBe(false);
  });
});

describe('default fetch', () => {
  it('is the global fetch of the moment of the call, called on globalThis', async () => {
    const dojo = createDojoClient({ apiKey: KEY });
    const stub = vi.fn(async function (this: unknown) {
      expect(this).toBe(globalThis); // what browsers require of fetch
      return Response.json({ id: 'pi_sandbox_RBMHTJ4fIkmSppDILZVCGw' });
    });
    vi.stubGlobal('fetch', stub);
    try {
      await expect(dojo.paymentIntents.get('pi_sandbox_RBMHTJ4fIkmSppDILZVCGw')).resolves.toMatchObject({ id: 'pi_sandbox_RBMHTJ4fIkmSppDILZVCGw' });
      expect(stub).toHaveBeenCalledOnce();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('runtime code', () => {
  it('imports nothing from node:, so it runs outside Node too (Deno, Bun, workers)', async () => {
    const srcDir = new URL('.', import.meta.url);
    const files = (await readdir(srcDir, { recursive: true })).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = await readFile(new URL(file, srcDir), 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:|import\(['"]node:|require\(/);
    }
  });
});
