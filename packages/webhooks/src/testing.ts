/**
 * `@dojo-terminals/webhooks/testing`: helpers for your own tests. Sign a body the way Dojo does and build
 * valid sample events. Uses node:crypto; in an edge runtime use `signPayload` from `@dojo-terminals/webhooks/web`.
 */
import type { DojoWebhookEvent, DojoWebhookEventType } from '@dojo-terminals/types';
import { signPayload } from './index.js';

export { signPayload };

type EventOf<T extends DojoWebhookEventType> = Extract<DojoWebhookEvent, { event: T }>;

/** Fields of a sample event to set; `data` is merged with the default data. */
export type SampleEventOverrides<T extends DojoWebhookEventType> = Partial<Omit<EventOf<T>, 'event' | 'data'>> & {
  data?: Partial<EventOf<T>['data']>;
};

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A random id as Dojo writes them: `prefix`, then 22 URL-safe base64 characters. */
export function randomId(prefix: 'evt_' | 'evt_sandbox_' | 'pi_' | 'pi_sandbox_' | 'acc_'): string {
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  let id = prefix;
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}

/**
 * A valid event of type `type` (default `payment_intent.status_updated`), with fresh sandbox ids and the
 * current time, and `overrides` applied. It passes the package's own validation.
 */
export function sampleEvent<T extends DojoWebhookEventType = 'payment_intent.status_updated'>(
  type?: T,
  overrides: SampleEventOverrides<T> = {},
): EventOf<T> {
  const event = (type ?? 'payment_intent.status_updated') as T;
  const status = event === 'payment_intent.created' ? 'Created' : 'Captured';
  const { data, ...rest } = overrides;
  return {
    id: randomId('evt_sandbox_'),
    event,
    accountId: randomId('acc_'),
    createdAt: new Date().toISOString(),
    ...rest,
    data: { paymentIntentId: randomId('pi_sandbox_'), paymentStatus: status, captureMode: 'Auto', ...data },
  } as EventOf<T>;
}

/** A complete signed delivery of `event`: the JSON body and its `dojo-signature` header value. */
export function signedDelivery(event: DojoWebhookEvent | string, secret: string): { body: string; signature: string; headers: Record<string, string> } {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const signature = signPayload(body, secret);
  return { body, signature, headers: { 'content-type': 'application/json', 'dojo-signature': signature } };
}
