import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDeduper, type DojoWebhookEvent, type UnknownWebhookEvent } from '../index.js';
import { close, expectOversizedRefused, expectRedeliveryHandledOnce, post } from '../test-support/http.js';
import { DOC_BODY, DOC_SECRET, DOC_SIGNATURE } from '../test-support/vectors.js';
import { sampleEvent, signedDelivery } from '../testing.js';
import { dojoWebhook } from './fetch.js';

const SECRET = 'ws_fetch_test_secret';
let received: DojoWebhookEvent[] = [];
let unknown: UnknownWebhookEvent[] = [];

const handler = dojoWebhook({
  secrets: [SECRET, DOC_SECRET],
  maxBodyBytes: 4096,
  dedupe: createDeduper(),
  onEvent: (event) => {
    received.push(event);
  },
  onUnknownEvent: (event) => {
    unknown.push(event);
  },
});
const withoutUnknownHandler = dojoWebhook({ secrets: SECRET, onEvent: (event) => void received.push(event) });

let server: Server | undefined;
let base = '';

beforeAll(async () => {
  const app = new Hono();
  app.post('/webhooks/dojo', (c) => handler(c.req.raw));
  app.post('/webhooks/known-only', (c) => withoutUnknownHandler(c.req.raw));
  base = await new Promise<string>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`)) as Server;
  });
});

afterAll(async () => {
  await close(server);
});

beforeEach(() => {
  received = [];
  unknown = [];
});

describe('Hono on @hono/node-server', () => {
  it('accepts a signed delivery and types the event', async () => {
    const event = sampleEvent('payment_intent.created');
    const { body, headers } = signedDelivery(event, SECRET);
    expect(await post(`${base}/webhooks/dojo`, body, headers)).toEqual({ status: 200, json: { received: true } });
    expect(received).toEqual([event]);
  });

  it("accepts Dojo's documented delivery and refuses it with one byte changed", async () => {
    const headers = { 'content-type': 'application/json', 'dojo-signature': DOC_SIGNATURE };
    expect((await post(`${base}/webhooks/dojo`, DOC_BODY, headers)).status).toBe(200);
    expect((await post(`${base}/webhooks/dojo`, DOC_BODY.replace('acc_test', 'acc_tesT'), headers)).status).toBe(400);
  });

  it('dedupes, and refuses an oversized body with 413', async () => {
    await expectRedeliveryHandledOnce(`${base}/webhooks/dojo`, SECRET, received);
    await expectOversizedRefused(`${base}/webhooks/dojo`, SECRET);
  });

  it('hands a signed event of a type it does not know to onUnknownEvent, as sent, and answers 200', async () => {
    const body = JSON.stringify({ ...sampleEvent(), event: 'payment_intent.new_kind' });
    const response = await post(`${base}/webhooks/dojo`, body, signedDelivery(body, SECRET).headers);
    expect(response).toEqual({ status: 200, json: { received: true } });
    expect(unknown).toEqual([JSON.parse(body)]);
    expect(received).toEqual([]);
  });

  it('acknowledges such an event without onUnknownEvent, so that Dojo does not retry and drop it', async () => {
    const body = JSON.stringify({ ...sampleEvent(), event: 'payment_intent.new_kind' });
    const response = await post(`${base}/webhooks/known-only`, body, signedDelivery(body, SECRET).headers);
    expect(response).toEqual({ status: 200, json: { received: true } });
    expect(received).toEqual([]);
  });

  it('accepts an event whose status the spec does not list yet, and hands it to onEvent as sent', async () => {
    const event = sampleEvent('payment_intent.status_updated');
    const body = JSON.stringify({ ...event, data: { ...event.data, paymentStatus: 'Disputed' } });
    const response = await post(`${base}/webhooks/dojo`, body, signedDelivery(body, SECRET).headers);
    expect(response).toEqual({ status: 200, json: { received: true } });
    expect(received).toEqual([JSON.parse(body)]);
  });
});

describe('the bare Fetch handler (Next.js route handlers, Workers)', () => {
  it('works on a Request built by hand, also with a streamed body of unknown length', async () => {
    const { body, headers } = signedDelivery(sampleEvent(), SECRET);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const bytes = new TextEncoder().encode(body);
        controller.enqueue(bytes.slice(0, 10));
        controller.enqueue(bytes.slice(10));
        controller.close();
      },
    });
    const request = new Request('http://localhost/api/webhooks', { method: 'POST', body: stream, headers, duplex: 'half' } as RequestInit);
    const response = await handler(request);
    expect(response.status).toBe(200);
    const big = new Request('http://localhost/api/webhooks', { method: 'POST', body: 'x'.repeat(5000), headers });
    expect((await handler(big)).status).toBe(413);
  });
});
