import { packageTestConfig } from '../../vitest.shared.js';

// Each test starts a real Prism process, which takes a few seconds on a 2-core machine.
export default packageTestConfig({ testTimeout: 30_000, hookTimeout: 30_000 });
