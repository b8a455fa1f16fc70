import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from './ports.js';
import { answersHttp } from './wait-until-ready.js';

describe('answersHttp', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.headers['access-control-request-method']}`);
      res.writeHead(500).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is true for any HTTP answer, and probes with a CORS preflight', async () => {
    await expect(answersHttp(url)).resolves.toBe(true);
    expect(seen).toEqual(['OPTIONS GET']);
  });

  it('is false when nothing listens', async () => {
    const port = await findFreePort('127.0.0.1');
    await expect(answersHttp(`http://127.0.0.1:${port}`)).resolves.toBe(false);
  });
});
