import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { USAGE } from './cli-args.js';
import { CUSTOMER_ACTIONS } from './customer.js';
import { SCENARIOS } from './scenarios.js';
import { startSimulator } from './start-simulator.js';
import { TEST_HELPER_ROUTES } from './test-helpers.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The body of the README's ```ts block marked `example=<name>`. */
function example(name: string): string {
  const match = new RegExp(`^\`\`\`ts example=${name}\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(readme);
  if (match === null) throw new Error(`the README has no example=${name} block`);
  return match[1]!;
}

describe('README', () => {
  it('documents the scenario table the simulator uses', () => {
    const rows = [...readme.matchAll(/^\| (any other|`(\d\d)`) \| `(\w+)` \|/gm)].map((m) => [m[2] === undefined ? null : Number(m[2]), m[3]]);
    expect(rows).toEqual(SCENARIOS.map((s) => [s.lastTwoDigits, s.name]));
  });

  it('shows the CLI usage as the CLI prints it', () => {
    const documented = USAGE.split('\n').filter((line) => !line.includes('--help')).join('\n');
    expect(readme).toContain(documented);
  });

  it('lists every test helper with its HTTP route, as the code has them', async () => {
    const rows = [...readme.matchAll(/^\| `(\w+)\([^)]*\)` \| `(POST|PUT|DELETE) (\S+)` \|/gm)].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual(TEST_HELPER_ROUTES.map((r) => [r.helper, r.method, r.path]));
    const sim = await startSimulator({ terminals: 0 });
    try {
      expect(Object.keys(sim.testHelpers).sort()).toEqual([...new Set(rows.map((r) => r[0]))].sort());
    } finally {
      await sim.stop();
    }
  });

  it('lists every customer action the scripts take', () => {
    const table = readme.split('| action | fields | what happens |\n')[1]?.split('\n\n')[0] ?? '';
    const actions = [...table.matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(actions).toEqual([...CUSTOMER_ACTIONS]);
  });

  // Run as a user would paste it into a file of their project: Node strips the types; the packages resolve as installed.
  it('runs the test helpers example, literally, with the outcome its comments promise', () => {
    const file = fileURLToPath(new URL(`../.readme-example-${process.pid}.mts`, import.meta.url));
    writeFileSync(file, example('test-helpers'));
    try {
      const run = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 60_000 });
      expect(run.stderr).toBe('');
      expect(run.stdout.trim().split('\n')).toEqual([
        'Initiated PresentCard, Initiated EnterPin, Initiated PleaseWait, Declined Declined',
        'INSUFFICIENT FUNDS',
        'Created',
      ]);
      expect(run.status).toBe(0);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
