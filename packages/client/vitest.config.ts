import { packageTestConfig } from '../../vitest.shared.js';

export default packageTestConfig({ hookTimeout: 60_000 });
