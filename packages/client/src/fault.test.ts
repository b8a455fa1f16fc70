// Fault tests: the client against a small loopback HTTP server that misbehaves on purpose.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API_VERSION } from '@dojo-terminals/types';
import {
  createDojoClient,
  DojoAbortError,
  DojoApiError,
  DojoAuthenticationError,
  DojoConnectionError,
  DojoError,
  DojoInvalidArgumentError,
  DojoNotFoundError,
  DojoRateLimitError,
  DojoResponseValidationError,
  DojoServerError,
  DojoConflictError,
  DojoValidationError,
  DojoTimeoutError,
  type DojoClientOptions,
} from './index.js';

const API_KEY = 'sk_sandbox_S3cr3tValueThatMustNeverLeak_0123456789';
const INTENT = 'pi_sandbox_RBMHTJ4fIkmSppDILZVCGw';
const TERMINAL = 'tm_sandbox_65c5fe8a104a1222b2d8b968';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (request: Seen, response: ServerResponse, attempt: number) => void;

let server: Server;
let baseUrl: string;
let handler: Handler;
let seen: Seen[] = [];

// A new server (so a new port) per test: sockets a test leaves hanging cannot be reused by the next one.
beforeEach(async () => {
  seen = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const entry = { method: request.method!, url: request.url!, headers: request.headers, body };
      seen.push(entry);
      handler(entry, response, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
  response.writeHead(status, { 'content-type': 'application/json', connection: 'close', ...headers }).end(JSON.stringify(body));
};
const INTENT_BODY = { id: INTENT, status: 'Created' };
const logLines: string[] = [];
const logger = { debug: (line: string) => logLines.push(line), warn: (line: string) => logLines.push(line) };

function dojo(options: Partial<DojoClientOptions> = {}) {
  return createDojoClient({
    apiKey: API_KEY,
    softwareHouseId: 'softwareHouse1',
    baseUrl,
    timeoutMs: 1_000,
    maxRetries: 2, retry: { baseDelayMs: 1, maxDelayMs: 20 },
    logger,
    ...options,
  });
}

function expectNoSecret(error: unknown): void {
  for (const text of [(error as Error).message, String(error), JSON.stringify(error), (error as Error).stack ?? '', ...logLines]) {
    expect(text).not.toContain(API_KEY);
  }
}

describe('requests', () => {
  it('sends the key as is, the version and the terminal headers', async () => {
    handler = (_request, response) => json(response, 200, []);
    await dojo({ resellerId: 'reseller1' }).terminals.list({ statuses: ['Available', 'InUse'] });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/terminals?statuses=Available&statuses=InUse' });
    expect(seen[0]!.headers).toMatchObject({
      authorization: `Basic ${API_KEY}`,
      version: API_VERSION,
      'software-house-id': 'softwareHouse1',
      'reseller-id': 'reseller1',
    });
  });

  it('does not send terminal headers on payment-intent operations', async () => {
    handler = (_request, response) => json(response, 200, INTENT_BODY);
    await dojo().paymentIntents.get(INTENT);
    expect(seen[0]!.headers['software-house-id']).toBeUndefined();
    expect(seen[0]!.headers.authorization).toBe(`Basic ${API_KEY}`);
  });

  it.each(['../refunds/rfnd_x', 'pi_sandbox_abc/../../x', 'pi_abc?x=1', 'pi_%2e%2e', '', 'tm_sandbox_65c5fe8a104a1222b2d8b968'])(
    'refuses the path parameter %j before sending anything',
    async (id) => {
      handler = (_request, response) => json(response, 200, INTENT_BODY);
      const error = await dojo().paymentIntents.get(id).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DojoInvalidArgumentError);
      expect(seen).toEqual([]);
    },
  );

  it('returns nothing for a 204', async () => {
    handler = (_request, response) => response.writeHead(204, { connection: 'close' }).end();
    await expect(dojo().paymentIntents.sendReceipt(INTENT, { emails: ['a@example.com'] } as never)).resolves.toBeUndefined();
  });
});

describe('errors', () => {
  it('reads a camelCase problem body', async () => {
    handler = (_request, response) =>
      json(response, 400, { title: 'One or more validation errors occurred.', status: 400, traceId: 't-1', errors: { amount: ['bad'] } });
    const error = (await dojo().paymentIntents.create({} as never).catch((caught: unknown) => caught)) as DojoApiError;
    expect(error).toMatchObject({ status: 400, title: 'One or more validation errors occurred.', traceId: 't-1', errors: { amount: ['bad'] } });
    expect(error.message).toContain('t-1');
  });

  it('reads a PascalCase problem body with Extensions', async () => {
    handler = (_request, response) =>
      json(response, 422, { Status: 422, Detail: 'Session cannot be canceled', Extensions: { traceId: 't-2', code: 'INVALID_STATE' } });
    const error = await dojo()
      .terminalSessions.cancel('ts_sandbox_65cd5f4a57ba13ad7424acd0')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoValidationError);
    expect(error).toMatchObject({ status: 422, detail: 'Session cannot be canceled', traceId: 't-2', code: 'INVALID_STATE' });
  });

  it('gives a useful error for a body that is not JSON', async () => {
    handler = (_request, response) => response.writeHead(404, { 'content-type': 'text/html', connection: 'close' }).end('<h1>Not Found</h1>');
    const error = (await dojo().terminals.get(TERMINAL).catch((caught: unknown) => caught)) as DojoApiError;
    expect(error).toBeInstanceOf(DojoNotFoundError);
    expect(error.body).toBe('<h1>Not Found</h1>');
    expect(error.message).toContain('404');
  });

  it('gives a useful error for an empty error body', async () => {
    handler = (_request, response) => response.writeHead(401, { connection: 'close' }).end();
    const error = await dojo().terminals.get(TERMINAL).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoAuthenticationError);
    expect((error as Error).message).toBe('Dojo API error 401 in getTerminal');
  });

  it('never lets the API key out, even when the server echoes it', async () => {
    logLines.length = 0;
    handler = (request, response) =>
      json(response, 401, { detail: `bad key ${request.headers.authorization}`, Extensions: { [API_KEY]: [API_KEY] } });
    const error = await dojo().terminals.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoAuthenticationError);
    expect((error as Error).message).toContain('[redacted]');
    expectNoSecret(error);
  });

  it('reports a success body that is not JSON as a DojoError, without leaking the key', async () => {
    handler = (request, response) =>
      response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(`oops ${request.headers.authorization}`);
    const error = await dojo().paymentIntents.get(INTENT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoError);
    expect((error as Error).message).toContain('could not read the response');
    expectNoSecret(error);
  });

  it.each([['../payment-intents/pi_1'], ['a/b'], ['a?x=1'], ['a#b'], [''], [undefined], ['.'], ['..']])(
    'refuses the path id %j before sending anything',
    async (id) => {
      handler = (_request, response) => json(response, 200, INTENT_BODY);
      const calls = [
        () => dojo().paymentIntents.get(id as string),
        () => dojo().terminalSessions.get(id as string),
        () => dojo().terminals.get(id as string),
        () => dojo().refunds.get(id as string),
      ];
      for (const call of calls) await expect(call()).rejects.toBeInstanceOf(DojoInvalidArgumentError);
      expect(seen).toEqual([]);
    },
  );

  it('turns a 500 with an HTML body into a DojoServerError', async () => {
    handler = (_request, response) =>
      response.writeHead(500, { 'content-type': 'text/html', connection: 'close' }).end('<html><body>Internal error</body></html>');
    const error = (await dojo({ maxRetries: 0 }).paymentIntents.get(INTENT).catch((caught: unknown) => caught)) as DojoApiError;
    expect(error).toBeInstanceOf(DojoServerError);
    expect(error.status).toBe(500);
    expect(error.body).toContain('Internal error');
  });

  it('never resolves a 200 with an HTML body as data', async () => {
    handler = (_request, response) =>
      response.writeHead(200, { 'content-type': 'text/html', connection: 'close' }).end('<html>Proxy login</html>');
    const error = await dojo().terminals.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoError);
    expect(error).not.toBeInstanceOf(DojoApiError);
    expect((error as Error).message).toContain('expected a JSON response, got "text/html"');
  });

  it('never resolves a 200 without a content type or with an empty body as data', async () => {
    handler = (_request, response) => response.writeHead(200, { connection: 'close' }).end('{"id":"pi_sandbox_RBMHTJ4fIkmSppDILZVCGw"}');
    await expect(dojo().paymentIntents.get(INTENT)).rejects.toThrow('no content type');
    handler = (_request, response) => response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end();
    await expect(dojo().paymentIntents.get(INTENT)).rejects.toBeInstanceOf(DojoError);
  });

  it('never resolves truncated JSON as data', async () => {
    handler = (_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end('{"id":"pi_sandbox_RBMHTJ4f');
    const error = await dojo().paymentIntents.get(INTENT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoError);
    expect((error as Error).message).toContain('could not read the response');
  });

  it('does not follow a redirect, so the key never reaches another origin', async () => {
    const elsewhere: IncomingMessage['headers'][] = [];
    const other = createServer((request, response) => {
      elsewhere.push(request.headers);
      response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(JSON.stringify([]));
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const target = `http://127.0.0.1:${(other.address() as AddressInfo).port}/terminals`;
      handler = (_request, response) => response.writeHead(302, { location: target, connection: 'close' }).end();
      const error = (await dojo().terminals.list().catch((caught: unknown) => caught)) as DojoApiError;
      expect(error).toBeInstanceOf(DojoApiError);
      expect(error.status).toBe(302);
      expect(elsewhere).toEqual([]);
      expectNoSecret(error);
    } finally {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('waits as a 503 Retry-After says, then retries a read', async () => {
    handler = (_request, response, attempt) =>
      attempt === 1 ? json(response, 503, { title: 'Service Unavailable' }, { 'retry-after': '1' }) : json(response, 200, INTENT_BODY);
    logLines.length = 0;
    await expect(dojo({ retry: { baseDelayMs: 1, maxDelayMs: 5_000 } }).paymentIntents.get(INTENT)).resolves.toEqual(INTENT_BODY);
    expect(seen).toHaveLength(2);
    expect(logLines.some((line) => line.includes('in 1000 ms'))).toBe(true);
  });

  it('reports a reset connection as a DojoConnectionError after bounded retries', async () => {
    handler = (request, response) => response.socket?.destroy();
    const error = await dojo().terminals.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoConnectionError);
    expect(error).not.toBeInstanceOf(DojoTimeoutError);
    expect(seen).toHaveLength(3);
    expectNoSecret(error);
  });

  it('refuses invalid per-call options before sending', async () => {
    handler = (_request, response) => json(response, 200, INTENT_BODY);
    await expect(dojo().paymentIntents.get(INTENT, {}, { timeoutMs: -1 })).rejects.toBeInstanceOf(DojoInvalidArgumentError);
    expect(seen).toEqual([]);
  });

  it('checks responses against the spec when asked, without leaking the key', async () => {
    handler = (_request, response) => json(response, 200, { id: API_KEY, status: 'Paid' });
    const error = await dojo({ validateResponses: true }).paymentIntents.get(INTENT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoResponseValidationError);
    expect((error as DojoResponseValidationError).issues.length).toBeGreaterThan(0);
    expectNoSecret(error);
  });
});

describe('timeouts, retries and idempotency', () => {
  it('times out a server that never answers, within its timeout', async () => {
    handler = () => {};
    const started = Date.now();
    const error = await dojo({ timeoutMs: 100, maxRetries: 0 }).terminals.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoTimeoutError);
    expect(error).toBeInstanceOf(DojoConnectionError);
    expect(Date.now() - started).toBeLessThan(5_000); // no retries: it ends soon after its one timeout
    expectNoSecret(error);
  });

  it('times out a body that stalls after the headers', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('[');
    };
    await expect(dojo({ timeoutMs: 100, maxRetries: 0 }).terminals.list()).rejects.toBeInstanceOf(DojoTimeoutError);
  });

  it('retries a read after timeouts and 5xx, then succeeds', async () => {
    handler = (_request, response, attempt) => {
      if (attempt === 1) return; // times out
      if (attempt === 2) return json(response, 503, { title: 'Service Unavailable' });
      json(response, 200, INTENT_BODY);
    };
    await expect(dojo({ timeoutMs: 100 }).paymentIntents.get(INTENT)).resolves.toEqual(INTENT_BODY);
    expect(seen).toHaveLength(3);
  });

  it('gives up after maxRetries with the last error', async () => {
    handler = (_request, response) => json(response, 502, { title: 'Bad Gateway' });
    const error = await dojo().paymentIntents.get(INTENT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoServerError);
    expect(seen).toHaveLength(3);
  });

  it('does not repeat a create that may have reached Dojo', async () => {
    handler = (_request, response) => json(response, 500, { title: 'Internal Server Error' });
    await expect(dojo().paymentIntents.create({} as never)).rejects.toBeInstanceOf(DojoServerError);
    expect(seen).toHaveLength(1);
    handler = () => {};
    seen = [];
    await expect(
      dojo({ timeoutMs: 100 }).terminalSessions.create({ terminalId: TERMINAL } as never),
    ).rejects.toBeInstanceOf(DojoTimeoutError);
    expect(seen).toHaveLength(1);
  });

  it('repeats a read after a 429, honouring Retry-After', async () => {
    handler = (_request, response, attempt) =>
      attempt === 1 ? json(response, 429, { title: 'Too Many Requests' }, { 'retry-after': '0' }) : json(response, 200, INTENT_BODY);
    await expect(dojo().paymentIntents.get(INTENT)).resolves.toEqual(INTENT_BODY);
    expect(seen).toHaveLength(2);
  });

  it('never re-sends a create, even after a 429', async () => {
    handler = (_request, response) => json(response, 429, { title: 'Too Many Requests' }, { 'retry-after': '0' });
    await expect(dojo().paymentIntents.create({} as never)).rejects.toBeInstanceOf(DojoRateLimitError);
    expect(seen).toHaveLength(1);
  });

  it('reports a 429 once retries are used up', async () => {
    handler = (_request, response) => json(response, 429, {}, { 'retry-after': '0' });
    await expect(dojo({ maxRetries: 1, retry: { baseDelayMs: 1 } }).terminals.list()).rejects.toBeInstanceOf(DojoRateLimitError);
    expect(seen).toHaveLength(2);
  });

  it('retries a refund with the same idempotency key', async () => {
    handler = (_request, response, attempt) =>
      attempt < 3 ? json(response, 503, {}) : json(response, 200, { refundId: 'rfnd_sandbox_Xk2p9QeRT0a7LmZb4nYc1w' });
    await dojo().refunds.create(INTENT, { amount: 100, refundReason: 'Returned' } as never);
    const keys = seen.map((request) => request.headers.idempotencykey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.every((request) => JSON.parse(request.body).amount === 100)).toBe(true);
  });

  it('uses a given idempotency key, and a new one per call otherwise', async () => {
    handler = (_request, response) => json(response, 200, {});
    const client = dojo();
    await client.refunds.create(INTENT, {} as never, { idempotencyKey: 'refund-42' });
    await client.refunds.create(INTENT, {} as never);
    await client.refunds.create(INTENT, {} as never);
    const keys = seen.map((request) => request.headers.idempotencykey);
    expect(keys[0]).toBe('refund-42');
    expect(keys[1]).not.toBe(keys[2]);
  });

  it('retries a read whose connection was refused, then reports it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    logLines.length = 0;
    const error = await dojo({ baseUrl: `http://127.0.0.1:${port}` })
      .paymentIntents.get(INTENT)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoConnectionError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(logLines.filter((line) => line.includes('retry'))).toHaveLength(2);
    expectNoSecret(error);
  });

  it('reports a terminal session create that timed out as outcome unknown, without re-sending it', async () => {
    handler = () => {};
    const error = await dojo({ timeoutMs: 50 })
      .terminalSessions.create({
        terminalId: TERMINAL,
        details: { sessionType: 'Sale', sale: { paymentIntentId: INTENT } },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoTimeoutError);
    expect(error).toMatchObject({ outcomeUnknown: true });
    expect((error as Error).message).toContain('outcome is unknown');
    expect(seen).toHaveLength(1);
    expectNoSecret(error);
  });

  it('stops when the caller aborts, also while waiting to retry', async () => {
    handler = () => {};
    const controller = new AbortController();
    const pending = dojo().terminals.list({}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(DojoAbortError);

    handler = (_request, response) => json(response, 503, {});
    const waiting = new AbortController();
    const retrying = dojo({ maxRetries: 3, retry: { baseDelayMs: 5_000, maxDelayMs: 5_000 } }).terminals.list({}, { signal: waiting.signal });
    setTimeout(() => waiting.abort(), 50);
    await expect(retrying).rejects.toBeInstanceOf(DojoAbortError);
  });
});
