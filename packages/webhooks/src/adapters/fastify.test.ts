import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createDeduper, type DojoWebhookEvent } from '../index.js';
import { expectOversizedRefused, expectRedeliveryHandledOnce, post } from '../test-support/http.js';
import { DOC_BODY, DOC_SECRET, DOC_SIGNATURE } from '../test-support/vectors.js';
import { sampleEvent, signedDelivery } from '../testing.js';
import { dojoWebhookPlugin } from './fastify.js';

const SECRET = 'ws_fastify_test_secret';
let received: DojoWebhookEvent[] = [];
let app: FastifyInstance | undefined;
let base = '';

beforeAll(async () => {
  app = Fastify();
  await app.register(dojoWebhookPlugin, {
    path: '/webhooks/dojo',
    secrets: [SECRET, DOC_SECRET],
    maxBodyBytes: 4096,
    dedupe: createDeduper(),
    onEvent: (event) => {
      received.push(event);
    },
  });
  // Another route outside the plugin keeps Fastify's normal JSON parsing.
  app.post('/echo', async (request) => ({ parsed: request.body }));
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
});

beforeEach(() => {
  received = [];
});

it('accepts a signed delivery with the raw body kept, and types the event', async () => {
  const event = sampleEvent('payment_intent.send-receipt');
  const { body, headers } = signedDelivery(event, SECRET);
  expect(await post(`${base}/webhooks/dojo`, body, headers)).toEqual({ status: 200, json: { received: true } });
  expect(received).toEqual([event]);
});

it("accepts Dojo's documented delivery, also when whitespace in the body would not survive re-serialising", async () => {
  expect((await post(`${base}/webhooks/dojo`, DOC_BODY, { 'content-type': 'application/json', 'dojo-signature': DOC_SIGNATURE })).status).toBe(200);
  const spaced = JSON.stringify(sampleEvent(), null, 2);
  const { headers } = signedDelivery(spaced, SECRET);
  expect((await post(`${base}/webhooks/dojo`, spaced, headers)).status).toBe(200);
});

it('refuses a wrong signature (400), a redelivery once (200 duplicate) and an oversized body (413)', async () => {
  const wrong = signedDelivery(sampleEvent(), 'ws_other');
  expect((await post(`${base}/webhooks/dojo`, wrong.body, wrong.headers)).status).toBe(400);

  await expectRedeliveryHandledOnce(`${base}/webhooks/dojo`, SECRET, received);
  await expectOversizedRefused(`${base}/webhooks/dojo`, SECRET);
});

it('leaves JSON parsing of the other routes alone', async () => {
  expect(await post(`${base}/echo`, '{"a":1}', { 'content-type': 'application/json' })).toEqual({ status: 200, json: { parsed: { a: 1 } } });
});
