export { createPipeline, cycleOk, type CycleResult, type Pipeline } from './cycle.js';
export { formatSummary } from './summary.js';
export { discoverWorkspace, type WorkspaceLayout } from './workspace.js';
export { startSpecDev, type SpecDev, type SpecDevOptions } from './dev.js';
export type { Problem } from './problems.js';
export type { GeneratedChange } from './generate.js';
export { copyRepository } from './repo-copy.js';
