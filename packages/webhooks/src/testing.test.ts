import { describe, expect, it } from 'vitest';
import { parseWebhook, WEBHOOK_EVENT_TYPES } from './index.js';
import { sampleEvent, signedDelivery, signPayload } from './testing.js';
import * as web from './web.js';

describe('testing helpers', () => {
  it.each(WEBHOOK_EVENT_TYPES)('sampleEvent(%s) builds a valid, signed event', (type) => {
    const event = sampleEvent(type);
    expect(event.event).toBe(type);
    const { body, signature } = signedDelivery(event, 'ws_test');
    expect(parseWebhook({ body, signature, secrets: 'ws_test' })).toEqual(event);
  });

  it('applies overrides, merging data', () => {
    const event = sampleEvent('payment_intent.created', { id: 'evt_fixed_id_123', data: { captureMode: 'Manual' } });
    expect(event.id).toBe('evt_fixed_id_123');
    expect(event.data).toMatchObject({ paymentStatus: 'Created', captureMode: 'Manual' });
    expect(sampleEvent().event).toBe('payment_intent.status_updated');
  });

  it('gives fresh ids to each sample', () => {
    expect(sampleEvent().id).not.toBe(sampleEvent().id);
  });

  it('signPayload matches the WebCrypto signer and gives the headers to send', async () => {
    const { body, headers } = signedDelivery(sampleEvent(), 'ws_abc');
    expect(headers['dojo-signature']).toBe(signPayload(body, 'ws_abc'));
    expect(await web.signPayload(body, 'ws_abc')).toBe(signPayload(body, 'ws_abc'));
    expect(headers['content-type']).toBe('application/json');
  });
});
