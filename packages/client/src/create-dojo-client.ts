import type { DojoClientOptions } from './config.js';
import { paymentIntentsResource, refundsResource, terminalSessionsResource, terminalsResource } from './resources.js';
import { createTransport } from './transport.js';

/** The Dojo client: one property per resource, one method per operation. */
export interface DojoClient {
  readonly terminals: ReturnType<typeof terminalsResource>;
  readonly terminalSessions: ReturnType<typeof terminalSessionsResource>;
  readonly paymentIntents: ReturnType<typeof paymentIntentsResource>;
  readonly refunds: ReturnType<typeof refundsResource>;
}

/**
 * Creates a client for Dojo's Pay at Counter API. Throws DojoConfigError at once when an option is invalid.
 *
 * ```ts
 * const dojo = createDojoClient({ apiKey: process.env.DOJO_API_KEY!, softwareHouseId: 'softwareHouse1' });
 * const terminals = await dojo.terminals.list({ statuses: ['Available'] });
 * ```
 */
export function createDojoClient(options: DojoClientOptions): DojoClient {
  const transport = createTransport(options);
  return {
    terminals: terminalsResource(transport),
    terminalSessions: terminalSessionsResource(transport),
    paymentIntents: paymentIntentsResource(transport),
    refunds: refundsResource(transport),
  };
}
