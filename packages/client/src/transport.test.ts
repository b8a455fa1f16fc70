import { afterEach, describe, expect, it, vi } from 'vitest';
import { createDojoClient } from './index.js';

/** The members of the Fetch standard's RequestInit dictionary. */
const STANDARD_INIT = new Set([
  'body', 'cache', 'credentials', 'duplex', 'headers', 'integrity', 'keepalive', 'method', 'mode', 'priority',
  'redirect', 'referrer', 'referrerPolicy', 'signal', 'window',
]);

/** Stands in for `Deno.HttpClient`: the only value Deno accepts as `init.client`. */
class HttpClient {}

/**
 * `Request` as Deno constructs it: Deno adds a `client` member to RequestInit, typed `Deno.HttpClient`, and rejects
 * any other value there with this message (Node, browsers and Bun ignore members they do not know).
 */
class DenoRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit & { client?: unknown }) {
    if (init?.client !== undefined && !(init.client instanceof HttpClient)) {
      throw new TypeError("Failed to construct 'Request': Argument 2 `client` must be a Deno.HttpClient");
    }
    super(input, init);
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('requests as Deno builds them', () => {
  const seen: Array<{ method: string; url: string; initKeys: string[]; idempotencyKey: string | null }> = [];
  const fetchDouble: typeof fetch = async (input, init) => {
    // The global Request, looked up per call: Deno's stand-in below when a test installs it.
    const request = new Request(input, init);
    seen.push({
      method: request.method,
      url: request.url,
      initKeys: Object.keys(init ?? {}),
      idempotencyKey: request.headers.get('idempotencykey'),
    });
    return new Response(request.method === 'GET' ? '[]' : '{"id":"pi_sandbox_1"}', { headers: { 'content-type': 'application/json' } });
  };
  const dojo = createDojoClient({ apiKey: 'sk_sandbox_test', softwareHouseId: 'softwareHouse1', baseUrl: 'http://127.0.0.1:9', fetch: fetchDouble });

  it('builds requests whose init Deno accepts (no `client` member)', async () => {
    vi.stubGlobal('Request', DenoRequest);
    seen.length = 0;
    await expect(dojo.terminals.list({ statuses: ['Available'] })).resolves.toEqual([]);
    await expect(dojo.paymentIntents.create({ amount: { value: 100, currencyCode: 'GBP' }, reference: 'r' })).resolves.toEqual({ id: 'pi_sandbox_1' });
    await expect(dojo.terminalSessions.cancel('ts_sandbox_1')).resolves.toEqual({ id: 'pi_sandbox_1' });
    await expect(dojo.refunds.create('pi_sandbox_1', { amount: 100 }, { idempotencyKey: 'refund-1' })).resolves.toEqual({ id: 'pi_sandbox_1' });
    expect(seen.map(({ method, url }) => `${method} ${url}`)).toEqual([
      'GET http://127.0.0.1:9/terminals?statuses=Available',
      'POST http://127.0.0.1:9/payment-intents',
      'PUT http://127.0.0.1:9/terminal-sessions/ts_sandbox_1/cancel',
      'POST http://127.0.0.1:9/payment-intents/pi_sandbox_1/refunds',
    ]);
    expect(seen[3]!.idempotencyKey).toBe('refund-1');
  });

  it('adds an idempotency key and a content type to its own call only', async () => {
    seen.length = 0;
    await dojo.refunds.create('pi_sandbox_1', { amount: 100 });
    await dojo.terminals.get('tm_sandbox_1');
    expect(seen[0]!.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[1]!.idempotencyKey).toBeNull();
  });

  it('calls fetch with standard RequestInit members only', async () => {
    seen.length = 0;
    await dojo.terminals.get('tm_sandbox_1');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.initKeys.filter((key) => !STANDARD_INIT.has(key))).toEqual([]);
  });
});
