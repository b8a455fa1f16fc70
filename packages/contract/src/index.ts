export { bundledSpecPath, startMock, type MockServer, type StartMockOptions } from './start-mock.js';
export { DEFAULT_UPSTREAM_TIMEOUT_MS, startProxy, type ContractProxy, type StartProxyOptions } from './start-proxy.js';
export type { ContractServer, ContractServerOptions } from './contract-server.js';
export { ContractViolationError, formatReport, type ContractViolation } from './report.js';
export type { DojoProblem } from './problem.js';
export { PortInUseError } from './ports.js';
export { SpecFormatError } from './spec-index.js';
export { MockStartError } from './wait-until-ready.js';
export type { ExitStatus } from './process-group.js';
