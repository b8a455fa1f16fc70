import { packageTestConfig } from '../../vitest.shared.js';

// Installing the Node.js releases and the packed tarballs takes minutes on a cold machine.
export default packageTestConfig({ testTimeout: 120_000, hookTimeout: 600_000 });
