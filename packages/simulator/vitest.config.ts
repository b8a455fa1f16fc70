import { packageTestConfig } from '../../vitest.shared.js';

// The flow tests start one Prism proxy per file, which takes a few seconds on a 2-core machine.
export default packageTestConfig({ testTimeout: 30_000, hookTimeout: 60_000 });
