import { SCENARIOS } from './scenarios.js';

/** The scenario table as text, for the CLI's banner. */
export function formatScenarioTable(): string {
  const rows = SCENARIOS.map((s) => [s.lastTwoDigits === null ? 'any other' : `…${String(s.lastTwoDigits).padStart(2, '0')}`, s.name, s.outcome]);
  const width = [Math.max(...rows.map((r) => r[0]!.length), 10), Math.max(...rows.map((r) => r[1]!.length), 8)];
  const line = (r: string[]) => `  ${r[0]!.padEnd(width[0]!)}  ${r[1]!.padEnd(width[1]!)}  ${r[2]}`;
  return [line(['amount', 'scenario', 'what happens']), ...rows.map(line)].join('\n');
}
