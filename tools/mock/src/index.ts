export { startMock, type MockServer, type StartMockOptions } from './start-mock.js';
export { PortInUseError } from './ports.js';
export { MockStartError } from './wait-until-ready.js';
export type { ExitStatus } from './process-group.js';
