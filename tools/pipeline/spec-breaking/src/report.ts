import { SEVERITY_ORDER, type Change, type Severity } from './types.js';
import type { PendingBump } from './changesets.js';

export interface GateResult {
  ok: boolean;
  text: string;
}

const rank = (severity: Severity | 'none'): number => (severity === 'none' ? -1 : SEVERITY_ORDER.indexOf(severity));

/** Groups the changes by severity into a readable report and decides whether the pending bump is enough. */
export function gate(changes: readonly Change[], required: Severity | 'none', pending: PendingBump): GateResult {
  const lines: string[] = [];
  for (const severity of ['major', 'minor', 'patch'] as const) {
    const group = changes.filter((c) => c.severity === severity);
    if (group.length === 0) continue;
    lines.push(`${severity.toUpperCase()} (${group.length})`);
    for (const change of group) lines.push(`  ${change.location}: ${change.message}  [${change.rule}]`);
  }
  if (lines.length === 0) lines.push('No differences from the last release.');
  lines.push('');
  lines.push(`Required bump for the spec-derived packages: ${required}`);
  lines.push(
    `Pending changesets give: ${pending.bump}${pending.changesets.length > 0 ? ` (${pending.changesets.join(', ')})` : ''}`,
  );
  const ok = rank(pending.bump) >= rank(required);
  if (!ok) {
    lines.push('');
    lines.push(
      `FAIL: the spec changed in a ${required} way but the pending changesets only bump ${pending.bump}. ` +
        `Run \`pnpm changeset\` and choose ${required} for @dojo-terminals/spec (the spec-derived packages version together), ` +
        'or undo the change.',
    );
  } else {
    lines.push('OK');
  }
  return { ok, text: lines.join('\n') };
}
