import type { DojoWebhookEvent } from '@dojo-terminals/webhooks';
import { sampleEvent, signedDelivery } from '@dojo-terminals/webhooks/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver, type WebhookReceiver } from './receiver.js';

const SECRET = 'ws_receiver_test_secret';
let receiver: WebhookReceiver | undefined;

afterEach(async () => {
  await receiver?.stop();
  receiver = undefined;
});

describe('startWebhookReceiver', () => {
  it('hands on each delivery signed with the secret, once however often it is redelivered', async () => {
    const events: DojoWebhookEvent[] = [];
    receiver = await startWebhookReceiver(SECRET, (event) => events.push(event));
    expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks\/dojo$/);
    const { body, headers } = signedDelivery(sampleEvent('payment_intent.status_updated'), SECRET);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(receiver.url, { method: 'POST', body, headers });
      expect(response.status).toBe(200);
    }
    expect(events.map((event) => event.event)).toEqual(['payment_intent.status_updated']);
    expect(receiver.stats()).toEqual({ verified: 1, refused: 0, byType: { 'payment_intent.status_updated': 1 } });
  });

  it('refuses a delivery signed with another secret and does not hand it on', async () => {
    const events: DojoWebhookEvent[] = [];
    receiver = await startWebhookReceiver(SECRET, (event) => events.push(event));
    const { body, headers } = signedDelivery(sampleEvent('payment_intent.created'), 'ws_someone_else');
    const response = await fetch(receiver.url, { method: 'POST', body, headers });
    expect(response.status).toBe(400);
    expect(events).toEqual([]);
    expect(receiver.stats()).toMatchObject({ verified: 0, refused: 1 });
  });

  it('stops even while the sender keeps its connection alive', async () => {
    receiver = await startWebhookReceiver(SECRET, () => undefined);
    const { body, headers } = signedDelivery(sampleEvent('payment_intent.created'), SECRET);
    await fetch(receiver.url, { method: 'POST', body, headers }); // fetch keeps the connection alive by default
    await receiver.stop();
    await expect(fetch(receiver.url, { method: 'POST', body, headers })).rejects.toThrow();
  });
});
