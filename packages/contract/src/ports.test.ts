import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { assertLoopbackHost, assertPortFree, assertValidPort, findFreePort, PortInUseError } from './ports.js';

const HOST = '127.0.0.1';
let blocker: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
  blocker = undefined;
});

describe('ports', () => {
  it('finds a free loopback port that can then be bound', async () => {
    const port = await findFreePort(HOST);
    expect(port).toBeGreaterThan(0);
    await expect(assertPortFree(HOST, port)).resolves.toBeUndefined();
  });

  it('reports a port that is already bound', async () => {
    const server = createServer();
    blocker = server;
    const port = await new Promise<number>((resolve) => {
      server.listen(0, HOST, () => resolve((server.address() as { port: number }).port));
    });
    const failure = assertPortFree(HOST, port);
    await expect(failure).rejects.toBeInstanceOf(PortInUseError);
    await expect(failure).rejects.toThrow(`port ${port} on ${HOST} is already in use`);
  });

  it('accepts only IPv4 loopback hosts', () => {
    expect(() => assertLoopbackHost('127.0.0.1')).not.toThrow();
    expect(() => assertLoopbackHost('127.1.2.3')).not.toThrow();
    for (const host of ['0.0.0.0', '10.0.0.1', 'localhost', '::1', '127.0.0.256', '127.0.0']) {
      expect(() => assertLoopbackHost(host)).toThrow(/loopback/);
    }
  });

  it('rejects ports outside 1..65535', () => {
    expect(() => assertValidPort(4010)).not.toThrow();
    for (const port of [0, -1, 65_536, 40.5, Number.NaN]) {
      expect(() => assertValidPort(port)).toThrow(/port must be an integer/);
    }
  });
});
