// Fault tests: the client against a small loopback HTTP server that misbehaves on purpose.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { brotliCompressSync, constants as zlib, createGzip, gzipSync } from 'node:zlib';
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
  DojoResponseTooLargeError,
  DojoUnreadableResponseError,
  DEFAULT_MAX_RESPONSE_BYTES,
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
    // Above 2³¹ − 1 ms a timer fires at once: refused, never a 1 ms timeout.
    await expect(dojo().paymentIntents.get(INTENT, {}, { timeoutMs: 3e9 })).rejects.toBeInstanceOf(DojoInvalidArgumentError);
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

/** The key as a server may write it back: as is, in base64 (inside a longer text too), in hex, URL-encoded. */
const KEY_FORMS = {
  raw: API_KEY,
  base64: Buffer.from(`Basic ${API_KEY}`).toString('base64'),
  base64url: Buffer.from(`x${API_KEY}`).toString('base64url'),
  hex: Buffer.from(API_KEY).toString('hex'),
  HEX: Buffer.from(API_KEY).toString('hex').toUpperCase(),
  url: encodeURIComponent(`Basic ${API_KEY}!'()*/`).replace(/_/g, '%5F'),
};

/** Every way an application may print or store the error, its whole cause chain included. */
function everyRendering(error: unknown): string[] {
  const texts = [String(error), JSON.stringify(error), inspect(error, { depth: Infinity, showHidden: true })];
  for (let cause = error, depth = 0; cause instanceof Error && depth < 10; cause = cause.cause, depth++) {
    texts.push(cause.message, cause.stack ?? '', inspect(cause, { depth: Infinity, showHidden: true }));
  }
  return texts;
}

function expectNoKeyAnywhere(error: unknown): void {
  expect(error).toBeInstanceOf(DojoError);
  const decoded = (text: string) => [text, decodeURIComponent(text.replace(/%(?![0-9a-f]{2})/gi, ''))];
  for (const text of [...everyRendering(error), ...logLines]) {
    for (const form of Object.values(KEY_FORMS)) expect(text).not.toContain(form.slice(0, 40));
    // Whatever the encoding, nothing that decodes back to the key's secret part.
    for (const plain of decoded(text)) expect(plain).not.toContain('S3cr3tValueThatMustNeverLeak');
  }
}

/** A JSON body of `bytes` bytes: a list of terminals. */
function bigJsonList(bytes: number): string {
  const item = JSON.stringify({ id: TERMINAL, status: 'Available', properties: { tid: 'VCMPYC8SIP0' } });
  return `[${Array.from({ length: Math.ceil(bytes / (item.length + 1)) }, () => item).join(',')}]`;
}

describe('a hostile server: bounded reads', () => {
  // 32 MiB of JSON whitespace inside a valid array, compressed to a few kilobytes.
  const inflated = Buffer.concat([Buffer.from('['), Buffer.alloc(32 * 1024 * 1024, 0x20), Buffer.from(']')]);
  const bombs = {
    gzip: gzipSync(inflated, { level: 9 }),
    br: brotliCompressSync(inflated, { params: { [zlib.BROTLI_PARAM_QUALITY]: 5 } }),
  };

  it.each(Object.keys(bombs) as Array<keyof typeof bombs>)(
    'stops reading a %s bomb at maxResponseBytes of inflated bytes, with a typed error',
    async (encoding) => {
      expect(bombs[encoding].length).toBeLessThan(DEFAULT_MAX_RESPONSE_BYTES / 10);
      handler = (_request, response) =>
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding, connection: 'close' }).end(bombs[encoding]);
      const error = await dojo({ maxRetries: 0 }).terminals.list().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(DojoResponseTooLargeError);
      expect(error).toBeInstanceOf(DojoUnreadableResponseError);
      expect(error).toMatchObject({ status: 200, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES });
      expect((error as Error).message).toContain('maxResponseBytes');
    },
  );

  it('stops reading an endless compressed body at the limit, long before the timeout', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      const gzip = createGzip();
      gzip.pipe(response);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!response.destroyed && gzip.write(chunk));
        if (!response.destroyed) gzip.once('drain', pump);
      };
      gzip.write('[');
      pump();
    };
    const error = await dojo({ timeoutMs: 50_000, maxRetries: 0, maxResponseBytes: 1024 * 1024 })
      .terminals.list()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoResponseTooLargeError);
  });

  it('stops reading an endless plain body at the limit', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', pump);
      };
      response.write('[');
      pump();
    };
    const error = await dojo({ timeoutMs: 50_000, maxRetries: 0 }).terminals.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoResponseTooLargeError);
  });

  it('refuses a JSON body larger than the default limit, and takes one just under a smaller limit', async () => {
    const large = bigJsonList(DEFAULT_MAX_RESPONSE_BYTES + 1);
    handler = (_request, response) => response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(large);
    await expect(dojo({ maxRetries: 0 }).terminals.list()).rejects.toBeInstanceOf(DojoResponseTooLargeError);

    const small = bigJsonList(10_000);
    const size = Buffer.byteLength(small);
    handler = (_request, response) => response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(small);
    await expect(dojo({ maxResponseBytes: size }).terminals.list()).resolves.toHaveLength(JSON.parse(small).length);
    await expect(dojo({ maxResponseBytes: size - 1 }).terminals.list()).rejects.toMatchObject({ maxResponseBytes: size - 1 });
  });

  it('bounds error bodies too: a huge 500 is a typed error that keeps its status', async () => {
    const large = bigJsonList(DEFAULT_MAX_RESPONSE_BYTES + 1);
    handler = (_request, response) => response.writeHead(500, { 'content-type': 'application/json', connection: 'close' }).end(large);
    const error = await dojo({ maxRetries: 0 }).paymentIntents.get(INTENT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoResponseTooLargeError);
    expect(error).toMatchObject({ status: 500 });
  });
});

describe('a hostile server: any JSON shape', () => {
  const deep = (levels: number, inner = '1') => `${'{"a":['.repeat(levels)}${inner}${']}'.repeat(levels)}`;

  it.each([400, 401, 404, 409, 500])('turns a %i error body nested thousands of levels deep into a DojoApiError that prints', async (status) => {
    handler = (request, response) =>
      response
        .writeHead(status, { 'content-type': 'application/problem+json', connection: 'close' })
        .end(deep(2_000, JSON.stringify(request.headers.authorization)));
    const error = (await dojo({ maxRetries: 0 }).paymentIntents.get(INTENT).catch((caught: unknown) => caught)) as DojoApiError;
    expect(error).toBeInstanceOf(DojoApiError);
    expect(error.status).toBe(status);
    // Kept as its text, as a body that is not a problem document is.
    expect(typeof error.body).toBe('string');
    expectNoKeyAnywhere(error);
  });

  it('refuses a success body nested thousands of levels deep as unreadable, and takes an ordinary nesting', async () => {
    handler = (_request, response) => response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(deep(5_000));
    const error = await dojo().paymentIntents.get(INTENT).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoUnreadableResponseError);
    expect((error as Error).message).toContain('nested deeper');
    expect(() => JSON.stringify(error)).not.toThrow();

    // Brackets inside strings do not count.
    const body = { id: INTENT, status: 'Created', reference: '[[[[{{{{'.repeat(100), metadata: JSON.parse(deep(20)) };
    handler = (_request, response) => json(response, 200, body);
    await expect(dojo().paymentIntents.get(INTENT)).resolves.toEqual(body);
  });
});

describe('a hostile server: the key in no error, cause or log line', () => {
  /** Writes raw bytes on the socket, past the HTTP server's framing. */
  const raw = (response: ServerResponse, bytes: string) => {
    response.socket!.end(bytes);
  };

  it.each([
    ['an invalid character before the echoed header', (auth: string) => `HTTP/1.1 200 OK\r\nX-Echo: \x01${auth}\r\n\r\n`],
    ['a status line that is the echo', (auth: string) => `HTTP/1.1 2${auth}\r\n\r\n`],
    ['a bad chunk size after the echo', (auth: string) => `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\ncontent-type: application/json\r\n\r\nzz${auth}\r\n`],
    [
      'the key in base64, hex and URL-encoded forms',
      () => `HTTP/1.1 200 OK\r\nX-Echo: \x01${KEY_FORMS.base64} ${KEY_FORMS.hex} ${KEY_FORMS.HEX} ${KEY_FORMS.url} ${KEY_FORMS.base64url}\r\n\r\n`,
    ],
  ])('keeps the key out of a malformed answer with %s', async (_name, answer) => {
    logLines.length = 0;
    handler = (request, response) => raw(response, answer(request.headers.authorization!));
    const error = await dojo({ maxRetries: 1 }).terminals.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoConnectionError);
    expect(seen).toHaveLength(2);
    expectNoKeyAnywhere(error);
  });

  it('keeps the key out of messages and log lines that quote a cause', async () => {
    logLines.length = 0;
    const leaky: typeof fetch = async (_url, init) => {
      const auth = new Headers(init?.headers).get('authorization');
      throw new TypeError('fetch failed', { cause: Object.assign(new Error(`bad header ${auth}`), { raw: Buffer.from(`${auth}`) }) });
    };
    const error = await dojo({ fetch: leaky, maxRetries: 1 }).terminals.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoConnectionError);
    expect(logLines.some((line) => line.includes('bad header Basic [redacted]'))).toBe(true);
    expectNoKeyAnywhere(error);
  });

  it('keeps a cause chain without the key as it is', async () => {
    handler = (_request, response) => response.socket?.destroy();
    const error = (await dojo({ maxRetries: 0 }).terminals.list().catch((caught: unknown) => caught)) as Error;
    expect(error.cause).toBeInstanceOf(TypeError);
    expect((error.cause as Error).cause).toMatchObject({ code: expect.any(String) });
  });

  it('keeps the key out of error bodies in every encoding', async () => {
    logLines.length = 0;
    handler = (_request, response) => json(response, 400, { detail: Object.values(KEY_FORMS).join(' '), errors: { [KEY_FORMS.hex]: [KEY_FORMS.base64] } });
    const error = await dojo().terminals.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DojoValidationError);
    expectNoKeyAnywhere(error);
  });

  it('keeps the key out of an unreadable success body and out of validation issues', async () => {
    handler = (request, response) =>
      response.writeHead(200, { 'content-type': 'application/json', connection: 'close' }).end(`{"id": ${request.headers.authorization}`);
    expectNoKeyAnywhere(await dojo().paymentIntents.get(INTENT).catch((caught: unknown) => caught));
    handler = (_request, response) => json(response, 200, { id: KEY_FORMS.base64, status: KEY_FORMS.hex });
    expectNoKeyAnywhere(await dojo({ validateResponses: true }).paymentIntents.get(INTENT).catch((caught: unknown) => caught));
  });
});
