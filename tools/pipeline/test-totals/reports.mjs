// Finds and reads the vitest JSON reports (test-results.json) that each workspace package's test run writes.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageDirs } from './workspace-dirs.mjs';

export { packageDirs };

export const REPORT_FILE = 'test-results.json';
/** Deletes every package's report so a package that does not run this time is not counted from an old one. */
export function deleteReports(root) {
  const deleted = [];
  for (const dir of packageDirs(root)) {
    const file = join(dir, REPORT_FILE);
    if (existsSync(file)) {
      rmSync(file);
      deleted.push(relative(root, file));
    }
  }
  return deleted;
}

function hasTestScript(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return typeof pkg.scripts?.test === 'string';
}

/**
 * Counts one vitest JSON report. A test file that failed without any failed test in it (for example it
 * could not be imported) counts as one failed test, so a broken file never looks like a pass. Type tests
 * (`*.test-d.ts`, checked by the compiler, never run) are counted apart from the passes; their failures are failures.
 */
export function countReport(report) {
  const files = Array.isArray(report.testResults) ? report.testResults : [];
  const brokenFiles = files.filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  const typeChecks = files
    .filter((file) => String(file.name ?? '').endsWith('.test-d.ts'))
    .flatMap((file) => file.assertionResults ?? [])
    .filter((test) => test.status === 'passed').length;
  return {
    passed: Number(report.numPassedTests ?? 0) - typeChecks,
    failed: Number(report.numFailedTests ?? 0) + brokenFiles,
    typeChecks,
  };
}

/**
 * Reads every package's report. Returns the per-package counts, the packages that have a test script but
 * no report, and reports that could not be read.
 */
export function collectTotals(root) {
  const counted = [];
  const missing = [];
  const unreadable = [];
  for (const dir of packageDirs(root)) {
    const name = relative(root, dir);
    const file = join(dir, REPORT_FILE);
    if (!existsSync(file)) {
      if (hasTestScript(dir)) missing.push(name);
      continue;
    }
    try {
      counted.push({ name, ...countReport(JSON.parse(readFileSync(file, 'utf8'))) });
    } catch (error) {
      unreadable.push({ name, reason: error.message });
    }
  }
  const passed = counted.reduce((sum, entry) => sum + entry.passed, 0);
  const failed = counted.reduce((sum, entry) => sum + entry.failed, 0);
  const typeChecks = counted.reduce((sum, entry) => sum + entry.typeChecks, 0);
  return { counted, missing, unreadable, passed, failed, typeChecks };
}
