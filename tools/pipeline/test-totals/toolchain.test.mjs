import { accessSync, constants, readFileSync, realpathSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

describe('the toolchain Node', () => {
  it('is the pinned node devDependency, which every pnpm script (this test included) runs on', () => {
    expect(process.version).toBe(`v${root.devDependencies.node}`);
  });

  // pnpm's bin shim for a binary is a shell script that runs it as a child: a signal sent to `node …&` would stop the
  // shell and leave the Node process running. The root's postinstall links the binary itself in its place.
  it('is the binary itself on PATH, not a shell shim in front of it', () => {
    const onPath = process.env.PATH.split(delimiter)
      .map((dir) => join(dir, 'node'))
      .find((file) => {
        try {
          accessSync(file, constants.X_OK);
          return true;
        } catch {
          return false;
        }
      });
    expect(realpathSync(onPath)).toBe(process.execPath);
  });

  it('is what devEngines declares, and the machine Node the bootstrap needs is older or equal', () => {
    expect(root.devEngines.runtime).toEqual({ name: 'node', version: root.devDependencies.node, onFail: 'ignore' });
    expect(root.engines.node).toBe('>=20.19.0');
  });
});
