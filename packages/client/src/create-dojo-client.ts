import type { DojoClientOptions } from './config.js';
import { createResources } from './generated/dojo-operations.gen.js';
import { createTransport } from './transport.js';

/** The Dojo client: one property per resource, one method per operation, all generated from the spec. */
export type DojoClient = ReturnType<typeof createResources>;

/**
 * Creates a client for Dojo's Pay at Counter API. Throws DojoConfigError at once when an option is invalid.
 *
 * ```ts
 * const dojo = createDojoClient({ apiKey: process.env.DOJO_API_KEY!, softwareHouseId: 'softwareHouse1' });
 * const terminals = await dojo.terminals.list({ statuses: ['Available'] });
 * ```
 */
export function createDojoClient(options: DojoClientOptions): DojoClient {
  return createResources(createTransport(options));
}
