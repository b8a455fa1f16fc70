import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { sampleEvent, signedDelivery } from '../testing.js';

/** Starts `server` on 127.0.0.1 with a free port and returns its base URL. */
export function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

export function close(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!server?.listening) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

export async function post(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, { method: 'POST', body, headers });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

/** The same signed delivery twice: the adapter handles it once and answers the redelivery as a duplicate. */
export async function expectRedeliveryHandledOnce(url: string, secret: string, handled: readonly unknown[]): Promise<void> {
  const delivery = signedDelivery(sampleEvent(), secret);
  const before = handled.length;
  expect((await post(url, delivery.body, delivery.headers)).json).toEqual({ received: true });
  expect((await post(url, delivery.body, delivery.headers)).json).toEqual({ received: true, duplicate: true });
  expect(handled.length - before).toBe(1);
}

/** A correctly signed body larger than the adapters' test limit (4 KiB) is refused with 413. */
export async function expectOversizedRefused(url: string, secret: string): Promise<void> {
  const body = JSON.stringify({ ...sampleEvent(), padding: 'x'.repeat(5000) });
  expect((await post(url, body, signedDelivery(body, secret).headers)).status).toBe(413);
}
