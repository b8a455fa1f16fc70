import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

describe('the toolchain Node', () => {
  it('is the pinned node devDependency, which every pnpm script (this test included) runs on', () => {
    expect(process.version).toBe(`v${root.devDependencies.node}`);
  });

  it('is what devEngines declares, and the machine Node the bootstrap needs is older or equal', () => {
    expect(root.devEngines.runtime).toEqual({ name: 'node', version: root.devDependencies.node, onFail: 'ignore' });
    expect(root.engines.node).toBe('>=20.19.0');
  });
});
