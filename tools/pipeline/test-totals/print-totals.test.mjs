import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./print-totals.mjs', import.meta.url));
let root;

function printTotals() {
  const run = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  return { status: run.status, lines: run.stdout.trimEnd().split('\n') };
}

function addPackage(path, report) {
  mkdirSync(join(root, path), { recursive: true });
  writeFileSync(join(root, path, 'package.json'), JSON.stringify({ scripts: { test: 'vitest run' } }));
  if (report) writeFileSync(join(root, path, 'test-results.json'), JSON.stringify(report));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'print-totals-'));
  writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n  - tools/*/*\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('print-totals.mjs', () => {
  it('prints the sum as its last line and exits 0 when every package reported', () => {
    addPackage('packages/spec', { numPassedTests: 4, numFailedTests: 1, testResults: [] });
    addPackage('tools/pipeline/drift-check', { numPassedTests: 3, numFailedTests: 0, testResults: [] });
    const { status, lines } = printTotals();
    expect(lines.at(-1)).toBe('7 passed, 1 failed');
    expect(lines.filter((line) => /^\d+ passed, \d+ failed$/.test(line))).toHaveLength(1);
    expect(status).toBe(0);
  });

  it('exits 1 when no report was found, still ending with the totals line', () => {
    const { status, lines } = printTotals();
    expect(lines.at(-1)).toBe('0 passed, 0 failed');
    expect(status).toBe(1);
  });

  it('exits 1 and names a package whose tests wrote no report', () => {
    addPackage('packages/spec');
    addPackage('tools/pipeline/drift-check', { numPassedTests: 3, numFailedTests: 0, testResults: [] });
    const { status, lines } = printTotals();
    expect(lines.join('\n')).toMatch(/packages\/spec {2}no test-results\.json/);
    expect(lines.at(-1)).toBe('3 passed, 0 failed');
    expect(status).toBe(1);
  });
});
