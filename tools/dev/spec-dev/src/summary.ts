import { cycleOk, type CycleResult } from './cycle.js';
import { formatProblem, type Problem } from './problems.js';

const MAX_LISTED = 20;

function listProblems(lines: string[], problems: readonly Problem[]): void {
  for (const problem of problems.slice(0, MAX_LISTED)) lines.push(`  ${formatProblem(problem)}`);
  if (problems.length > MAX_LISTED) lines.push(`  … and ${problems.length - MAX_LISTED} more`);
}

/** The compact summary printed after every cycle: one heading line per step, details indented under it. */
export function formatSummary(result: CycleResult, at: Date = new Date()): string {
  const lines: string[] = [];
  const time = at.toISOString().slice(11, 19);
  lines.push(`── spec:dev ${time} ${cycleOk(result) ? 'OK' : 'PROBLEMS'} (${seconds(result.durationMs)}: ${Object.entries(result.timings).map(([step, ms]) => `${step} ${seconds(ms)}`).join(', ')}) ──`);

  const errors = result.lint.filter((p) => p.severity === 'error').length;
  lines.push(
    result.lint.length === 0 ? 'lint: clean' : `lint: ${errors} error(s), ${result.lint.length - errors} warning(s)`,
  );
  listProblems(lines, result.lint);

  if (!result.bundled) {
    lines.push('not bundled: fix the problems above; generation, type-check and verdict wait for the next good save');
    return lines.join('\n');
  }

  lines.push(result.generated.length === 0 ? 'generated: no changes' : `generated: ${result.generated.length} file(s) changed`);
  for (const change of result.generated) lines.push(`  ${change.kind.padEnd(7)} ${change.file}`);

  lines.push(result.typeErrors.length === 0 ? 'types: no errors in hand-written code' : `types: ${result.typeErrors.length} error(s) in hand-written code`);
  listProblems(lines, result.typeErrors);

  for (const failure of result.failures) lines.push(`failed: ${failure}`);

  if (result.verdict) {
    const { required, changes } = result.verdict;
    lines.push(`verdict vs last release: ${required}${required === 'none' ? ' (no differences)' : ''}`);
    for (const change of changes.filter((c) => c.severity === 'major')) {
      lines.push(`  breaking: ${change.location}: ${change.message}  [${change.rule}]`);
    }
    const others = changes.filter((c) => c.severity !== 'major');
    for (const change of others.slice(0, MAX_LISTED)) lines.push(`  ${change.severity}: ${change.location}: ${change.message}`);
    if (others.length > MAX_LISTED) lines.push(`  … and ${others.length - MAX_LISTED} more`);
  }
  return lines.join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
