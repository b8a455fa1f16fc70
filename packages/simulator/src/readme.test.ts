import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { USAGE } from './cli-args.js';
import { SCENARIOS } from './scenarios.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('documents the scenario table the simulator uses', () => {
    const rows = [...readme.matchAll(/^\| (any other|`(\d\d)`) \| `(\w+)` \|/gm)].map((m) => [m[2] === undefined ? null : Number(m[2]), m[3]]);
    expect(rows).toEqual(SCENARIOS.map((s) => [s.lastTwoDigits, s.name]));
  });

  it('shows the CLI usage as the CLI prints it', () => {
    const documented = USAGE.split('\n').filter((line) => !line.includes('--help')).join('\n');
    expect(readme).toContain(documented);
  });
});
