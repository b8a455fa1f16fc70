import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pendingSpecBump } from './changesets.js';
import { gate } from './report.js';
import type { Change } from './types.js';

const removal: Change = {
  severity: 'major',
  rule: 'response-property-removed',
  location: 'GET /terminals/{terminalId} → 200',
  message: 'property `updatedAt` removed',
};

describe('gate', () => {
  it('fails when the pending bump is smaller than the change needs, naming the field', () => {
    const result = gate([removal], 'major', { bump: 'minor', changesets: ['.changeset/x.md'] });
    expect(result.ok).toBe(false);
    expect(result.text).toContain('`updatedAt`');
    expect(result.text).toContain('FAIL');
    expect(result.text).toContain('choose major');
  });

  it('passes when the pending bump is at least what the change needs', () => {
    const added: Change = { ...removal, severity: 'minor', rule: 'response-property-added', message: 'new optional property `note`' };
    expect(gate([added], 'minor', { bump: 'minor', changesets: [] }).ok).toBe(true);
    expect(gate([added], 'minor', { bump: 'major', changesets: [] }).ok).toBe(true);
    expect(gate([added], 'minor', { bump: 'none', changesets: [] }).ok).toBe(false);
  });

  it('passes with no changes and no changesets', () => {
    const result = gate([], 'none', { bump: 'none', changesets: [] });
    expect(result.ok).toBe(true);
    expect(result.text).toContain('No differences');
  });
});

describe('pendingSpecBump', () => {
  let repo: string;
  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), 'changesets-'));
    await mkdir(join(repo, '.changeset'));
  });
  afterEach(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  const write = (name: string, front: string): Promise<void> =>
    writeFile(join(repo, '.changeset', `${name}.md`), `---\n${front}\n---\n\nSomething changed.\n`);

  it('takes the largest bump of any spec-derived package', async () => {
    await write('one', `'@dojo-terminals/spec': patch`);
    await write('two', `'@dojo-terminals/client': minor\n'@dojo-terminals/other': major`);
    const pending = await pendingSpecBump(repo);
    expect(pending.bump).toBe('minor');
    expect(pending.changesets.sort()).toEqual(['.changeset/one.md', '.changeset/two.md']);
  });

  it('ignores packages that are not generated from the spec', async () => {
    await write('one', `'@dojo-terminals/other': major`);
    expect((await pendingSpecBump(repo)).bump).toBe('none');
  });
});
