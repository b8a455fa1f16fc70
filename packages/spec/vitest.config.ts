import { packageTestConfig } from '../../vitest.shared.js';

export default packageTestConfig({
  // Schema and example checks are fast; the build (determinism), Prism (realism) and Chromium
  // (reference docs) take seconds to tens of seconds on a 2-core machine.
  testTimeout: 30_000,
  hookTimeout: 120_000,
  // At most two test files at once on the 2-core machine (Prism and Chromium are heavy).
  maxWorkers: 2,
});
