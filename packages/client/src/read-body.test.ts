import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DojoResponseTooLargeError } from './errors.js';
import { readBody } from './read-body.js';

const describeRequest = () => 'GET /test';

describe('readBody', () => {
  let server: Server;
  let base = '';
  beforeAll(async () => {
    server = createServer((request, response) => {
      const body = 'x'.repeat(2000);
      if (request.url === '/gzip') response.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(body));
      else response.writeHead(200, { 'content-length': String(body.length) }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('reads a network answer that declares its length within the bound', async () => {
    await expect(readBody(await fetch(`${base}/plain`), 2000, describeRequest)).resolves.toHaveLength(2000);
  });

  it('stops a network answer whose declared length is over the bound', async () => {
    await expect(readBody(await fetch(`${base}/plain`), 1000, describeRequest)).rejects.toBeInstanceOf(DojoResponseTooLargeError);
  });

  it('counts a compressed answer after decompression, whatever its declared length', async () => {
    await expect(readBody(await fetch(`${base}/gzip`), 1000, describeRequest)).rejects.toBeInstanceOf(DojoResponseTooLargeError);
  });

  it('does not trust the length a Response built in code declares (a custom fetch may say anything)', async () => {
    const lying = new Response('x'.repeat(2000), { headers: { 'content-length': '10' } });
    expect(lying.headers.get('content-length')).toBe('10');
    await expect(readBody(lying, 1000, describeRequest)).rejects.toBeInstanceOf(DojoResponseTooLargeError);
  });
});
