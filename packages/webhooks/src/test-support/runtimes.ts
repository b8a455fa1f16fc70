import * as node from '../index.js';
import type { ParseWebhookOptions, WebhookEvent } from '../shared.js';
import * as web from '../web.js';

/** Both implementations behind one promise-returning API, so every vector runs on each. */
export interface Runtime {
  name: string;
  verify(body: string | Uint8Array, header: string | null | undefined, secrets: string | readonly string[]): Promise<boolean>;
  parse(options: ParseWebhookOptions): Promise<WebhookEvent>;
  sign(body: string | Uint8Array, secret: string): Promise<string>;
}

export const runtimes: Runtime[] = [
  {
    name: 'node:crypto',
    verify: async (body, header, secrets) => node.verifySignature(body, header, secrets),
    parse: async (options) => node.parseWebhook(options),
    sign: async (body, secret) => node.signPayload(body, secret),
  },
  {
    name: 'WebCrypto',
    verify: (body, header, secrets) => web.verifySignature(body, header, secrets),
    parse: (options) => web.parseWebhook(options),
    sign: (body, secret) => web.signPayload(body, secret),
  },
];
