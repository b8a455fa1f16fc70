#!/usr/bin/env node
// Sums the vitest JSON reports of every workspace package and prints, as its last line, "N passed, N failed".
// Exits 1 when no report was found, a report is unreadable, or a package with a test script wrote none.
// Usage: node tools/pipeline/test-totals/print-totals.mjs [workspace root, default: this repository]
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectTotals, REPORT_FILE } from './reports.mjs';

const root = resolve(process.argv[2] ?? resolve(dirname(fileURLToPath(import.meta.url)), '../../..'));
const { counted, missing, unreadable, passed, failed, typeChecks } = collectTotals(root);

for (const entry of counted) {
  console.log(`  ${entry.name}  ${entry.passed} passed / ${entry.failed} failed${entry.typeChecks ? ` (and ${entry.typeChecks} type tests)` : ''}`);
}
for (const name of missing) {
  console.log(`  ${name}  no ${REPORT_FILE}: its tests did not run, or its vitest run does not write the JSON report`);
}
for (const entry of unreadable) console.log(`  ${entry.name}  unreadable ${REPORT_FILE}: ${entry.reason}`);
if (counted.length === 0) console.log(`  no ${REPORT_FILE} found in the workspace packages (pnpm-workspace.yaml)`);

console.log(`type tests (*.test-d.ts, checked by the compiler, not counted as passes): ${typeChecks} passed`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = counted.length === 0 || missing.length > 0 || unreadable.length > 0 ? 1 : 0;
