import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractViolationError } from './report.js';
import { startProxy, type ContractProxy } from './start-proxy.js';
import { isAlive, prismChildPids } from './test-support.js';

const HEADERS = {
  authorization: 'Basic sk_sandbox_test',
  version: '2026-02-27',
  'software-house-id': 'softwareHouse1',
};
const TERMINAL = {
  id: 'tm_sandbox_65c5fe8a104a1222b2d8b968',
  properties: { tid: 'VCMPYC8SIP0' },
  status: 'Available',
  updatedAt: '2024-02-09T10:29:30.213Z',
};

/** A team's fake Dojo: answers GET /terminals with `terminals`, anything else 404, and counts requests. */
let terminals: unknown[] = [];
let upstreamRequests = 0;
let upstream: Server;
let upstreamUrl: string;
let proxy: ContractProxy;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    upstreamRequests++;
    if (req.url?.startsWith('/terminals')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(terminals));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
  proxy = await startProxy(upstreamUrl);
});

afterAll(async () => {
  await proxy?.stop();
  await new Promise<void>((resolve) => upstream.close(() => resolve()));
  expect(prismChildPids()).toEqual([]);
});

describe('startProxy', () => {
  it('listens on a free loopback port and passes a valid exchange unchanged', async () => {
    expect(proxy.url).toBe(`http://127.0.0.1:${proxy.port}`);
    expect(proxy.upstream).toBe(upstreamUrl);
    proxy.clearViolations();
    terminals = [TERMINAL];
    const res = await fetch(`${proxy.url}/terminals`, { headers: HEADERS });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([TERMINAL]);
    expect(proxy.violations()).toEqual([]);
    expect(() => proxy.assertNoViolations()).not.toThrow();
  });

  it('refuses a request without software-house-id before it reaches the upstream, naming the header', async () => {
    proxy.clearViolations();
    const before = upstreamRequests;
    const { 'software-house-id': _omitted, ...headers } = HEADERS;
    const res = await fetch(`${proxy.url}/terminals`, { headers });
    // The operation's documented 400 (or Prism's own 422 when none is documented).
    expect([400, 422]).toContain(res.status);
    expect(upstreamRequests).toBe(before);
    expect(proxy.violations()).toEqual([
      expect.objectContaining({
        operation: 'listTerminals (GET /terminals)',
        side: 'request',
        field: 'header software-house-id',
        actual: '(absent)',
      }),
    ]);
    expect(proxy.report()).toContain('request header software-house-id');
    expect(() => proxy.assertNoViolations()).toThrow(ContractViolationError);
  });

  it('flags an upstream response that breaks the spec, naming the field and what was received', async () => {
    proxy.clearViolations();
    terminals = [{ ...TERMINAL, status: 'Sleeping' }];
    const res = await fetch(`${proxy.url}/terminals`, { headers: HEADERS });
    expect(res.status).toBe(500);
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

  it('rejects an upstream that is not an http(s) URL', async () => {
    await expect(startProxy('ftp://127.0.0.1:1')).rejects.toThrow(/must be an http\(s\) URL/);
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
