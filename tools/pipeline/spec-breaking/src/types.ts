/** How much a difference between two releases of the spec matters to users of the generated packages. */
export type Severity = 'patch' | 'minor' | 'major';

export interface Change {
  severity: Severity;
  /** A stable name of the rule that classified it, such as `response-property-removed`. */
  rule: string;
  /** Where it is, such as `GET /terminals → 200 → [].updatedAt`. */
  location: string;
  /** What changed, in words. */
  message: string;
}

export const SEVERITY_ORDER: readonly Severity[] = ['patch', 'minor', 'major'];

export function maxSeverity(severities: Iterable<Severity>): Severity | 'none' {
  let best = -1;
  for (const severity of severities) best = Math.max(best, SEVERITY_ORDER.indexOf(severity));
  return best < 0 ? 'none' : SEVERITY_ORDER[best]!;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
