export { diffSpecs, verdict, type Verdict } from './spec-diff.js';
export { diffSchema, type Direction } from './schema-diff.js';
export { pendingSpecBump, SPEC_DERIVED_PACKAGES, type PendingBump } from './changesets.js';
export { gate, type GateResult } from './report.js';
export { maxSeverity, type Change, type Severity } from './types.js';
