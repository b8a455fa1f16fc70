import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectTotals, countReport, deleteReports, packageDirs } from './reports.mjs';

let root;

function addPackage(path, { test = true, report } = {}) {
  const dir = join(root, path);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: path, scripts: test ? { test: 'vitest run' } : {} }));
  if (report !== undefined) {
    writeFileSync(join(dir, 'test-results.json'), typeof report === 'string' ? report : JSON.stringify(report));
  }
}

function report(passed, failed, testResults = []) {
  return { numPassedTests: passed, numFailedTests: failed, testResults };
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'test-totals-'));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n  - tools/*/*\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('countReport', () => {
  it('counts passing type tests (*.test-d.ts) apart from the passes, and their failures as failures', () => {
    const files = [
      { name: '/p/src/a.test-d.ts', status: 'failed', assertionResults: [{ status: 'passed' }, { status: 'passed' }, { status: 'failed' }] },
      { name: '/p/src/b.test.ts', status: 'passed', assertionResults: [{ status: 'passed' }] },
    ];
    expect(countReport(report(3, 1, files))).toEqual({ passed: 1, failed: 1, typeChecks: 2 });
  });

  it('counts passed and failed tests', () => {
    expect(countReport(report(7, 2))).toEqual({ passed: 7, failed: 2, typeChecks: 0 });
  });

  it('counts a test file that failed with no failed test in it as one failure', () => {
    const files = [
      { status: 'failed', assertionResults: [] },
      { status: 'failed', assertionResults: [{ status: 'failed' }, { status: 'passed' }] },
      { status: 'passed', assertionResults: [{ status: 'passed' }] },
    ];
    expect(countReport(report(2, 1, files))).toEqual({ passed: 2, failed: 2, typeChecks: 0 });
  });
});

describe('collectTotals', () => {
  it('sums the reports under packages/* and tools/*', () => {
    addPackage('packages/spec', { report: report(10, 1) });
    addPackage('tools/pipeline/drift-check', { report: report(5, 0) });
    addPackage('tools/scripts-only', { test: false });
    const totals = collectTotals(root);
    expect(totals).toMatchObject({ passed: 15, failed: 1, missing: [], unreadable: [] });
    expect(totals.counted.map((entry) => entry.name)).toEqual(['packages/spec', 'tools/pipeline/drift-check']);
  });

  it('names packages that have a test script but wrote no report', () => {
    addPackage('packages/spec');
    addPackage('tools/pipeline/drift-check', { report: report(5, 0) });
    expect(collectTotals(root)).toMatchObject({ passed: 5, failed: 0, missing: ['packages/spec'] });
  });

  it('names unreadable reports', () => {
    addPackage('tools/pipeline/drift-check', { report: '{ not json' });
    const totals = collectTotals(root);
    expect(totals.counted).toEqual([]);
    expect(totals.unreadable).toEqual([{ name: 'tools/pipeline/drift-check', reason: expect.any(String) }]);
  });

  it('finds nothing in an empty workspace', () => {
    expect(collectTotals(root)).toEqual({ counted: [], missing: [], unreadable: [], passed: 0, failed: 0, typeChecks: 0 });
  });
});

describe('deleteReports', () => {
  it('removes every package report and nothing else', () => {
    addPackage('packages/spec', { report: report(1, 0) });
    addPackage('tools/pipeline/drift-check', { report: report(1, 0) });
    writeFileSync(join(root, 'test-results.json'), '{}');
    expect(deleteReports(root)).toEqual(['packages/spec/test-results.json', 'tools/pipeline/drift-check/test-results.json']);
    expect(existsSync(join(root, 'tools/pipeline/drift-check/test-results.json'))).toBe(false);
    expect(existsSync(join(root, 'test-results.json'))).toBe(true);
  });
});

describe('packageDirs', () => {
  it('follows the globs of pnpm-workspace.yaml, nested ones included', () => {
    addPackage('packages/spec');
    addPackage('tools/pipeline/drift-check');
    addPackage('tools/benchmarks/client');
    mkdirSync(join(root, 'tools/dev/no-package'), { recursive: true });
    expect(packageDirs(root).map((dir) => relative(root, dir))).toEqual(['packages/spec', 'tools/benchmarks/client', 'tools/pipeline/drift-check']);
  });
});
