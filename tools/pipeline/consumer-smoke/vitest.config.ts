import { packageTestConfig } from '../../../vitest.shared.js';

// Installing the Node.js releases and the packed tarballs takes minutes on a cold machine; the tarballs are packed and
// installed into one consumer project once, by the global set-up, for every suite.
export default packageTestConfig({ testTimeout: 120_000, hookTimeout: 600_000, globalSetup: ['./src/global-setup.ts'] });
