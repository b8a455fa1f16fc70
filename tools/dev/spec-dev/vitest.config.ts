import { packageTestConfig } from '../../../vitest.shared.js';

// The guide and watch tests run whole cycles (lint, generate, type-check) of the built command on copies of the
// repository, one file at a time: the machine has two cores.
export default packageTestConfig({
  globalSetup: ['src/build-dist.setup.ts'],
  testTimeout: 240_000,
  hookTimeout: 240_000,
  fileParallelism: false,
});
