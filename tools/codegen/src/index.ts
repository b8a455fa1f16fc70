export { describeDrift, findDrift, type Drift } from './drift.js';
