export { describeDrift, findDrift, type Drift } from './drift.js';
export { listFiles, outputPath } from './generated-files.js';
export { quietly } from './quietly.js';
