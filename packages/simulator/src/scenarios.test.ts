import { describe, expect, it } from 'vitest';
import { SCENARIOS, scenarioForAmount } from './scenarios.js';
import { formatScenarioTable } from './scenario-table.js';

describe('scenarios', () => {
  it.each([
    [1000, 'approved'],
    [1250, 'approved'],
    [999, 'approved'],
    [1011, 'declined'],
    [11, 'declined'],
    [2512, 'signature'],
    [1013, 'slowCard'],
    [1014, 'terminalOffline'],
    [1015, 'noCard'],
    [1016, 'approved'],
  ])('amount %i → %s', (amount, name) => {
    expect(scenarioForAmount(amount).name).toBe(name);
  });

  it('gives every scenario its own digits, and only the default none', () => {
    const digits = SCENARIOS.map((s) => s.lastTwoDigits);
    expect(new Set(digits).size).toBe(digits.length);
    expect(digits.filter((d) => d === null)).toHaveLength(1);
  });

  it('prints one row per scenario in the CLI table', () => {
    const table = formatScenarioTable();
    for (const s of SCENARIOS) expect(table).toContain(s.name);
    expect(table.split('\n')).toHaveLength(SCENARIOS.length + 1);
  });
});
