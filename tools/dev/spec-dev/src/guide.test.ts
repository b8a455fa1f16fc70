import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyGuideFile, copyRepository, guideFiles, repoRoot, runCli } from './test-support.js';

// Follows CONTRIBUTING.md literally: its fenced `file=` blocks are what a designer writes, so the guide cannot rot.
const guide = readFileSync(join(repoRoot, 'CONTRIBUTING.md'), 'utf8');

describe('CONTRIBUTING.md, followed on a copy of the repository', () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  it('adds an operation: lint clean, a new client function, verdict minor', async () => {
    const blocks = guideFiles(guide);
    expect(blocks.map((b) => b.file)).toEqual([
      'spec/components/schemas/TerminalBattery.yaml',
      'spec/components/examples/TerminalBatteryHalf.yaml',
      'spec/paths/terminals_{terminalId}_battery.yaml',
      'spec/openapi.yaml',
      '.changeset/terminal-battery.md',
    ]);
    const copy = copyRepository();
    remove = copy.remove;
    // The guide's verdict is that of its own change: compare with the spec as it is now, as if every change already
    // pending (which may need more than minor) were released.
    copyFileSync(join(repoRoot, 'packages/spec/dist/openapi.json'), join(copy.root, 'packages/spec/baseline/openapi.json'));
    for (const block of blocks) applyGuideFile(copy.root, block);

    const { code, stdout, stderr } = await runCli(['--once', '--root', copy.root]);

    expect(stderr).toBe('');
    expect(stdout).toContain('lint: clean');
    expect(stdout).toContain('types: no errors in hand-written code');
    expect(stdout).toMatch(/changed +packages\/client\/src\/generated\/dojo-operations\.gen\.ts/);
    expect(stdout).toContain('verdict vs last release: minor');
    expect(stdout).toContain('minor: GET /terminals/{terminalId}/battery: operation added');
    expect(code).toBe(0);
    const operations = readFileSync(join(copy.root, 'packages/client/src/generated/dojo-operations.gen.ts'), 'utf8');
    expect(operations).toMatch(/export const getTerminalBattery\b/);
    expect(operations).toMatch(/getBattery: \(terminalId: string, options\?: CallOptions\)/);
    const types = readFileSync(join(copy.root, 'packages/types/src/generated/types.gen.ts'), 'utf8');
    expect(types).toMatch(/export type TerminalBattery = \{/);
  });

  it('removes a response property: verdict major, naming the property', async () => {
    const copy = copyRepository();
    remove = copy.remove;
    const file = join(copy.root, 'spec/components/schemas/Terminal.yaml');
    const schema = readFileSync(file, 'utf8');
    const without = removeProperty(schema, 'updatedAt');
    expect(without).not.toBe(schema);
    writeFileSync(file, without);

    const { code, stdout, stderr } = await runCli(['--once', '--root', copy.root]);

    expect(stderr).toBe('');
    expect(stdout).toContain('verdict vs last release: major');
    expect(stdout).toMatch(/breaking: GET \/terminals\/\{terminalId\} → 200: property `updatedAt` of Terminal removed/);
    expect(code).toBe(1);
  });
});

/** Drops a property (its block under `properties:`) and its `required` entry from a schema file. */
function removeProperty(yaml: string, name: string): string {
  const lines = yaml.split('\n');
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === `  - ${name}`) continue;
    if (line === `  ${name}:`) {
      while ((lines[i + 1] ?? '').startsWith('    ')) i++;
      continue;
    }
    out.push(line);
  }
  return out.join('\n');
}
