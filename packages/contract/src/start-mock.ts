import { startContractServer, type ContractServer, type ContractServerOptions } from './contract-server.js';

export { bundledSpecPath } from './prism.js';

export interface StartMockOptions extends ContractServerOptions {
  /** Generate responses from the schemas instead of returning examples (`prism mock -d`). Default false. */
  dynamic?: boolean;
}

export type MockServer = ContractServer;

/**
 * Starts a Prism mock of the spec on a loopback port, behind a front that records every violation. A request
 * that breaks the spec is answered with a problem naming each field or header at fault: 400 (401 for missing
 * credentials), the statuses the spec documents for them. `dojo-contract mock` runs this.
 */
export function startMock(options: StartMockOptions = {}): Promise<MockServer> {
  return startContractServer(options, undefined, 'startMock');
}
