import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiVersion } from '@dojo-terminals/spec';
import { findFreePort } from './ports.js';
import { ContractViolationError } from './report.js';
import { startProxy, type ContractProxy } from './start-proxy.js';
import { isAlive, prismChildPids } from './test-support.js';

const HEADERS = {
  authorization: 'Basic sk_sandbox_test',
  version: apiVersion,
  'software-house-id': 'softwareHouse1',
};
const TERMINAL = {
  id: 'tm_sandbox_65c5fe8a104a1222b2d8b968',
  properties: { tid: 'VCMPYC8SIP0' },
  status: 'Available',
  updatedAt: '2024-02-09T10:29:30.213Z',
};

/** A team's fake Dojo whose behaviour each test sets; it counts the requests that reach it. */
let behave: (req: IncomingMessage, res: ServerResponse) => void;
let upstreamRequests = 0;
let upstream: Server;
let upstreamUrl: string;
let proxy: ContractProxy;

const answerTerminals = (terminals: unknown[]) => (_req: IncomingMessage, res: ServerResponse) =>
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(terminals));

beforeAll(async () => {
  upstream = createServer((req, res) => {
    upstreamRequests++;
    behave(req, res);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  // A short upstream timeout, so the hanging upstream below is answered promptly.
  proxy = await startProxy(upstreamUrl, { upstreamTimeoutMs: 1_000 });
});

afterAll(async () => {
  await proxy?.stop();
  upstream.closeAllConnections();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
  expect(prismChildPids()).toEqual([]);
});

async function listTerminals(headers: Record<string, string> = HEADERS): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${proxy.url}/terminals`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** After any misbehaviour the proxy still serves a valid exchange, unchanged and without a violation. */
async function expectStillServing(): Promise<void> {
  behave = answerTerminals([TERMINAL]);
  const before = proxy.violations().length;
  const res = await fetch(`${proxy.url}/terminals`, { headers: HEADERS });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual([TERMINAL]);
  expect(proxy.violations()).toHaveLength(before);
}

describe('startProxy', () => {
  it('listens on a free loopback port and passes a valid exchange unchanged', async () => {
    expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
    expect(proxy.upstream).toBe(upstreamUrl);
    proxy.clearViolations();
    await expectStillServing();
    expect(proxy.violations()).toEqual([]);
    expect(() => proxy.assertNoViolations()).not.toThrow();
  });

  it('refuses a request without software-house-id before it reaches the upstream, with a 400 naming the header', async () => {
    proxy.clearViolations();
    const before = upstreamRequests;
    const { 'software-house-id': _omitted, ...headers } = HEADERS;
    const res = await fetch(`${proxy.url}/terminals`, { headers });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.headers.get('sl-violations')!)).toEqual([expect.objectContaining({ location: ['request', 'header', 'software-house-id'] })]);
    expect(await res.json()).toMatchObject({
      status: 400,
      errors: { 'software-house-id': ["Must have required property 'software-house-id'; sent: (absent)."] },
    });
    expect(upstreamRequests).toBe(before);
    expect(proxy.violations()).toEqual([
      expect.objectContaining({ operation: 'listTerminals (GET /terminals)', side: 'request', field: 'header software-house-id', actual: '(absent)', status: 400 }),
    ]);
    expect(proxy.report()).toContain('request header software-house-id');
    expect(() => proxy.assertNoViolations()).toThrow(ContractViolationError);
  });

  it('replaces an upstream response that breaks the schema with a 500 naming the field and what was received', async () => {
    proxy.clearViolations();
    behave = answerTerminals([{ ...TERMINAL, status: 'Sleeping' }]);
    const { status, body } = await listTerminals();
    expect(status).toBe(500);
    expect(body['errors']).toEqual({ 'body[0].status': [expect.stringMatching(/^Must be equal to one of the allowed values.*; received: "Sleeping"\.$/)] });
    expect(proxy.violations()).toEqual([
      expect.objectContaining({
        side: 'response',
        field: 'body[0].status',
        expected: expect.stringContaining('must be equal to one of the allowed values'),
        actual: '"Sleeping"',
      }),
    ]);
    expect(proxy.report()).toMatch(/response body\[0\]\.status\n\s+expected: must be equal to one of the allowed values.*\n\s+received: "Sleeping"/);
  });

  it('rejects an upstream that is not an http(s) URL, and a bad upstream timeout', async () => {
    await expect(startProxy('ftp://127.0.0.1:1')).rejects.toThrow(/must be an http\(s\) URL/);
    await expect(startProxy(upstreamUrl, { upstreamTimeoutMs: 0 })).rejects.toThrow(/upstreamTimeoutMs must be a positive integer/);
  });
});

describe('startProxy in front of a misbehaving upstream: each failure is recorded and answered, and it keeps serving', () => {
  it('an upstream that resets the connection in the middle of a body: 502', async () => {
    proxy.clearViolations();
    behave = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"id":"tm_');
      setImmediate(() => res.socket?.resetAndDestroy());
    };
    const { status, body } = await listTerminals();
    expect(status).toBe(502);
    expect(body).toMatchObject({ status: 502, title: 'Bad Gateway', errors: { upstream: [expect.stringContaining('the upstream answered 200 but the connection closed after')] } });
    expect(proxy.violations()).toEqual([expect.objectContaining({ side: 'response', field: 'upstream', status: 502 })]);
    await expectStillServing();
  });

  it('an upstream that closes before the content-length it announced: 502 saying how much came', async () => {
    proxy.clearViolations();
    behave = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
      res.write('[{"id":"tm_');
      setImmediate(() => res.socket?.end());
    };
    const { status } = await listTerminals();
    expect(status).toBe(502);
    expect(proxy.violations()).toEqual([
      expect.objectContaining({ field: 'upstream', actual: expect.stringContaining('closed after 11 byte(s) of the body (content-length 200)') }),
    ]);
    await expectStillServing();
  });

  it('an upstream that resets before answering: 502', async () => {
    proxy.clearViolations();
    behave = (req) => req.socket.resetAndDestroy();
    const { status } = await listTerminals();
    expect(status).toBe(502);
    expect(proxy.violations()).toEqual([expect.objectContaining({ field: 'upstream', actual: expect.stringContaining('closed the connection before answering') })]);
    await expectStillServing();
  });

  it('an upstream that hangs: 504 once the upstream timeout has passed', async () => {
    proxy.clearViolations();
    behave = () => {};
    const { status, body } = await listTerminals();
    expect(status).toBe(504);
    expect(body).toMatchObject({ title: 'Gateway Timeout', errors: { upstream: [expect.stringContaining('did not answer in full within 1000 ms')] } });
    expect(proxy.violations()).toEqual([expect.objectContaining({ field: 'upstream', status: 504 })]);
    await expectStillServing();
  });

  it('an upstream that answers HTML where the spec documents JSON: 500 naming the content-type', async () => {
    proxy.clearViolations();
    behave = (_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Service unavailable</h1>');
    const { status } = await listTerminals();
    expect(status).toBe(500);
    expect(proxy.violations()).toEqual([
      expect.objectContaining({ field: 'body', expected: expect.stringContaining('must be JSON'), actual: 'content-type text/html, "<h1>Service unavailable</h1>"' }),
    ]);
    await expectStillServing();
  });

  it('an upstream whose JSON does not parse: 500 quoting it', async () => {
    proxy.clearViolations();
    behave = (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id":');
    const { status } = await listTerminals();
    expect(status).toBe(500);
    expect(proxy.violations()).toEqual([expect.objectContaining({ field: 'body', actual: 'content-type application/json, "[{\\"id\\":"' })]);
    await expectStillServing();
  });

  it('an upstream that answers a status the spec does not document (418): 500 listing the documented ones', async () => {
    proxy.clearViolations();
    behave = (_req, res) => res.writeHead(418, { 'content-type': 'application/json' }).end('{}');
    const { status, body } = await listTerminals();
    expect(status).toBe(500);
    expect(body['errors']).toEqual({ status: ['Must be a status the spec documents for this operation: 200, 400, 401; received: 418.'] });
    expect(proxy.violations()).toEqual([expect.objectContaining({ side: 'response', field: 'status', actual: '418' })]);
    await expectStillServing();
  });

  it('an upstream whose body goes past 16 MiB: 502, without reading the rest', async () => {
    proxy.clearViolations();
    behave = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      let sent = 0;
      const more = (): void => {
        while (sent < 64 && !res.destroyed) {
          sent++;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('error', () => {});
      more();
    };
    const { status } = await listTerminals();
    expect(status).toBe(502);
    expect(proxy.violations()).toEqual([expect.objectContaining({ field: 'upstream', actual: "the upstream's body is larger than 16777216 bytes" })]);
    await expectStillServing();
  });

  it('an upstream that is not there: 502, and a report naming it', async () => {
    const port = await findFreePort('127.0.0.1');
    const lonely = await startProxy(`http://127.0.0.1:${port}`);
    try {
      const res = await fetch(`${lonely.url}/terminals`, { headers: HEADERS });
      expect(res.status).toBe(502);
      expect(lonely.violations()).toEqual([expect.objectContaining({ field: 'upstream', actual: expect.stringContaining('could not be reached (ECONNREFUSED)') })]);
      expect(lonely.report()).toContain('response upstream');
    } finally {
      await lonely.stop();
    }
  });
});

describe('startProxy lifecycle', () => {
  it('stop() ends Prism and stops answering, and can be called again', async () => {
    const second = await startProxy(upstreamUrl);
    const pids = prismChildPids();
    expect(pids.length).toBeGreaterThanOrEqual(2);
    await second.stop();
    await second.stop();
    await expect(second.exited).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    expect(prismChildPids()).toHaveLength(1);
    expect(pids.filter(isAlive)).toHaveLength(1);
    await expect(fetch(`${second.url}/terminals`, { headers: HEADERS })).rejects.toThrow();
  });
});
