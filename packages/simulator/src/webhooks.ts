import { SimulatorConfigError } from './errors.js';
import { createHmac } from 'node:crypto';
import { WEBHOOK_EVENTS as EVENTS_OF_THE_SPEC, type DojoWebhookEvent, type DojoWebhookEventType, type PaymentIntent } from '@dojo-terminals/types';
import { newId } from './ids.js';
import type { DeliveryRecord } from './state.js';
import { iso, type World } from './world.js';

export const WEBHOOK_EVENTS: readonly DojoWebhookEventType[] = EVENTS_OF_THE_SPEC;

/** A webhook subscription: where to post, the secrets it holds, and which events (default: all). */
export interface WebhookSubscription {
  url: string;
  /**
   * The subscription's secrets. Deliveries are signed with the last one (the most recently activated, as after a
   * rotation); a receiver that knows any of the list and verifies with all of them keeps working during rotation.
   */
  secrets: readonly string[];
  events?: readonly DojoWebhookEventType[];
}

export interface WebhookRetryOptions {
  /** Attempts per delivery, the first included. Default 8. */
  maxAttempts?: number;
  /** Delay before the first retry, doubled after each failure (unscaled ms; the time scale applies). Default 5 000. */
  initialDelayMs?: number;
}

export function checkSubscriptions(subscriptions: readonly WebhookSubscription[]): void {
  subscriptions.forEach((sub, index) => {
    let url: URL;
    try {
      url = new URL(sub.url);
    } catch {
      throw new SimulatorConfigError(`webhooks[${index}].url must be an http(s) URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SimulatorConfigError(`webhooks[${index}].url must be an http(s) URL`);
    if (!Array.isArray(sub.secrets) || sub.secrets.length === 0 || !sub.secrets.every((s) => typeof s === 'string' && s !== '')) {
      throw new SimulatorConfigError(`webhooks[${index}].secrets must be a list of one or more non-empty secrets`);
    }
    for (const event of sub.events ?? []) {
      if (!WEBHOOK_EVENTS.includes(event)) throw new SimulatorConfigError(`webhooks[${index}].events: unknown event "${String(event)}"`);
    }
  });
}

/** The `dojo-signature` value: `sha256=` and the HMAC-SHA256 of the body as upper-case hex pairs joined by `-`. */
export function dojoSignature(body: string, secret: string): string {
  const mac = createHmac('sha256', secret).update(body).digest('hex').toUpperCase();
  return `sha256=${mac.match(/../g)!.join('-')}`;
}

/** Queues one delivery of the event per interested subscription; each keeps the event `id` on every attempt. */
export function queueEvent(world: World, subscriptions: readonly WebhookSubscription[], event: DojoWebhookEventType, intent: PaymentIntent): void {
  const payload: DojoWebhookEvent = {
    id: newId.event(),
    event,
    accountId: world.state.accountId,
    createdAt: iso(world.now()),
    data: { paymentIntentId: intent.id, paymentStatus: intent.status, ...(intent.captureMode ? { captureMode: intent.captureMode } : {}) },
  } as DojoWebhookEvent;
  const body = JSON.stringify(payload);
  subscriptions.forEach((sub, subscription) => {
    if (sub.events !== undefined && !sub.events.includes(event)) return;
    world.state.deliveries.push({ eventId: payload.id, event, url: sub.url, subscription, body, attempts: 0, nextAttemptAt: world.now(), status: 'pending' });
  });
}

export interface Deliverer {
  /** Sends every delivery that is due and not already in flight. */
  pump(now: number): void;
  /** When the next pending delivery is due. */
  nextDue(): number | undefined;
  /** Aborts attempts in flight (their deliveries stay pending) and waits for them to settle. */
  stop(): Promise<void>;
}

export function createDeliverer(
  world: World,
  subscriptions: readonly WebhookSubscription[],
  retry: Required<WebhookRetryOptions>,
  log: (line: string) => void,
  changed: () => void,
): Deliverer {
  const inFlight = new Map<DeliveryRecord, Promise<void>>();
  const abort = new AbortController();

  async function attempt(delivery: DeliveryRecord, secret: string): Promise<void> {
    let failure: string;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'dojo-signature': dojoSignature(delivery.body, secret), 'user-agent': 'dojo-simulator' },
        body: delivery.body,
        signal: AbortSignal.any([abort.signal, AbortSignal.timeout(10_000)]),
      });
      await response.arrayBuffer().catch(() => undefined);
      delivery.lastStatus = response.status;
      if (response.ok) {
        delivery.attempts++;
        delivery.status = 'delivered';
        delete delivery.lastError;
        log(`webhook ${delivery.event} ${delivery.eventId} delivered to ${delivery.url} (attempt ${delivery.attempts})`);
        return;
      }
      failure = `answered ${response.status}`;
    } catch (error) {
      if (abort.signal.aborted) return; // stopped: stays pending, resent after a restart
      failure = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    }
    delivery.attempts++;
    delivery.lastError = failure;
    if (delivery.attempts >= retry.maxAttempts) {
      delivery.status = 'failed';
      log(`webhook ${delivery.event} ${delivery.eventId} to ${delivery.url} failed ${delivery.attempts} times (${failure}); giving up`);
    } else {
      const delay = world.scaled(Math.min(retry.initialDelayMs * 2 ** (delivery.attempts - 1), 60 * 60 * 1000));
      delivery.nextAttemptAt = world.now() + delay;
      log(`webhook ${delivery.event} ${delivery.eventId} to ${delivery.url} ${failure}; retry in ${Math.round(delay)} ms`);
    }
  }

  return {
    pump(now) {
      if (abort.signal.aborted) return;
      for (const delivery of world.state.deliveries) {
        if (delivery.status !== 'pending' || delivery.nextAttemptAt > now || inFlight.has(delivery)) continue;
        // Its own subscription (two may share a URL with different secrets); an older snapshot's, by URL.
        const own = delivery.subscription === undefined ? undefined : subscriptions[delivery.subscription];
        const sub = own?.url === delivery.url ? own : subscriptions.find((s) => s.url === delivery.url);
        if (sub === undefined) {
          delivery.status = 'failed';
          delivery.lastError = 'no subscription with this URL any more';
          continue;
        }
        const sending = attempt(delivery, sub.secrets[sub.secrets.length - 1]!).finally(() => {
          inFlight.delete(delivery);
          changed();
        });
        inFlight.set(delivery, sending);
      }
    },
    nextDue() {
      let next: number | undefined;
      for (const d of world.state.deliveries) {
        if (d.status === 'pending' && !inFlight.has(d) && (next === undefined || d.nextAttemptAt < next)) next = d.nextAttemptAt;
      }
      return next;
    },
    async stop() {
      abort.abort();
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
