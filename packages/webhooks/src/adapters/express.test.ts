import { createServer, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDeduper, type DojoWebhookEvent } from '../index.js';
import { close, expectOversizedRefused, expectRedeliveryHandledOnce, listen, post } from '../test-support/http.js';
import { DOC_BODY, DOC_SECRET, DOC_SIGNATURE } from '../test-support/vectors.js';
import { sampleEvent, signedDelivery } from '../testing.js';
import { dojoWebhook, RawBodyUnavailableError } from './express.js';

const SECRET = 'ws_express_test_secret';
let received: DojoWebhookEvent[] = [];
let errors: unknown[] = [];
let failNext = false;

const options = {
  secrets: [SECRET, DOC_SECRET],
  maxBodyBytes: 4096,
  dedupe: createDeduper(),
  onEvent: (event: DojoWebhookEvent) => {
    if (failNext) {
      failNext = false;
      throw new Error('database down');
    }
    received.push(event);
  },
  onError: (error: unknown) => errors.push(error),
};

let expressServer: Server | undefined;
let nodeServer: Server | undefined;
let expressUrl = '';
let nodeUrl = '';

beforeAll(async () => {
  const app = express();
  // The documented setup: raw bytes for the webhook route.
  app.post('/raw', express.raw({ type: 'application/json', limit: '1mb' }), dojoWebhook(options));
  // No body parser at all: the handler reads the request itself.
  app.post('/bare', dojoWebhook(options));
  // The pitfall: a JSON parser ran first. The handler must refuse, not re-serialise.
  app.post('/parsed', express.json(), dojoWebhook(options));
  expressServer = createServer(app);
  expressUrl = await listen(expressServer);
  nodeServer = createServer(dojoWebhook(options));
  nodeUrl = await listen(nodeServer);
});

afterAll(async () => {
  await close(expressServer);
  await close(nodeServer);
});

beforeEach(() => {
  received = [];
  errors = [];
});

describe.each([
  ['Express + express.raw', () => `${expressUrl}/raw`],
  ['Express, no body parser', () => `${expressUrl}/bare`],
  ['node:http', () => `${nodeUrl}/webhooks/dojo`],
])('%s', (_name, url) => {
  it('accepts a signed delivery and hands over the typed event', async () => {
    const event = sampleEvent('payment_intent.status_updated');
    const { body, headers } = signedDelivery(event, SECRET);
    const response = await post(url(), body, headers);
    expect(response).toEqual({ status: 200, json: { received: true } });
    expect(received).toEqual([event]);
  });

  it("accepts Dojo's documented delivery byte for byte", async () => {
    const response = await post(url(), DOC_BODY, { 'content-type': 'application/json', 'dojo-signature': DOC_SIGNATURE });
    expect(response.status).toBe(200);
  });

  it('refuses a bad or missing signature with 400', async () => {
    const { body, headers } = signedDelivery(sampleEvent(), 'ws_wrong');
    expect((await post(url(), body, headers)).status).toBe(400);
    expect((await post(url(), body, { 'content-type': 'application/json' })).status).toBe(400);
    expect(received).toEqual([]);
  });

  it('answers a redelivery once and lets a failed event be retried', async () => {
    await expectRedeliveryHandledOnce(url(), SECRET, received);

    const failing = signedDelivery(sampleEvent(), SECRET);
    failNext = true;
    expect((await post(url(), failing.body, failing.headers)).status).toBe(500);
    expect((await post(url(), failing.body, failing.headers)).status).toBe(200);
    expect(received).toHaveLength(2);
  });

  it('refuses a body over maxBodyBytes with 413', async () => {
    await expectOversizedRefused(url(), SECRET);
  });
});

it('refuses (500) instead of verifying re-serialised JSON when express.json() ran first', async () => {
  const { body, headers } = signedDelivery(sampleEvent(), SECRET);
  const response = await post(`${expressUrl}/parsed`, body, headers);
  expect(response.status).toBe(500);
  expect(errors.some((error) => error instanceof RawBodyUnavailableError)).toBe(true);
  expect(received).toEqual([]);
});
