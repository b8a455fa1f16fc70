export { bundledSpecPath, startMock, type MockServer, type StartMockOptions } from './start-mock.js';
export {
  startCheckedMock,
  startProxy,
  type CheckedMockOptions,
  type CheckedServer,
  type CheckedServerOptions,
  type ContractProxy,
  type StartProxyOptions,
} from './start-proxy.js';
export { ContractViolationError, formatReport, type ContractViolation } from './report.js';
export { PortInUseError } from './ports.js';
export { MockStartError } from './wait-until-ready.js';
export type { ExitStatus } from './process-group.js';
