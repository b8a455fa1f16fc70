import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDeduper, type DojoWebhookEvent } from '@dojo-terminals/webhooks';
import { dojoWebhook } from '@dojo-terminals/webhooks/express';

/** What the receiver has seen: events that passed the signature check and schema, and deliveries it refused. */
export interface ReceiverStats {
  verified: number;
  refused: number;
  /** Counts by event type, e.g. `payment_intent.status_updated`. */
  byType: Record<string, number>;
}

export interface WebhookReceiver {
  /** Where the simulator posts, e.g. `http://127.0.0.1:43123/webhooks/dojo`. */
  readonly url: string;
  stats(): ReceiverStats;
  /** Stops listening and drops open connections. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * A local webhook endpoint, as a POS runs one: `node:http` with the webhooks package's handler, which checks
 * `dojo-signature` against `secret`, validates the body and drops redeliveries. Each verified event goes to `onEvent`.
 */
export async function startWebhookReceiver(secret: string, onEvent: (event: DojoWebhookEvent) => void): Promise<WebhookReceiver> {
  const stats: ReceiverStats = { verified: 0, refused: 0, byType: {} };
  const handler = dojoWebhook({
    secrets: [secret],
    dedupe: createDeduper(),
    onEvent: (event) => {
      stats.verified += 1;
      stats.byType[event.event] = (stats.byType[event.event] ?? 0) + 1;
      onEvent(event);
    },
    onError: () => {
      stats.refused += 1;
    },
  });
  const server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let stopped: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/webhooks/dojo`,
    stats: () => ({ ...stats, byType: { ...stats.byType } }),
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The simulator keeps its connections alive: without this, close() waits for them to time out.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
