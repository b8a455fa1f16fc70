import readChangesets from '@changesets/read';
import { maxSeverity, type Severity } from './types.js';

/** The packages generated from the spec: they version together, so one bump covers them all. */
export const SPEC_DERIVED_PACKAGES: readonly string[] = [
  '@dojo-terminals/spec',
  '@dojo-terminals/types',
  '@dojo-terminals/client',
  '@dojo-terminals/webhooks',
  '@dojo-terminals/contract',
];

export interface PendingBump {
  bump: Severity | 'none';
  /** The changeset files that bump a spec-derived package, for the report. */
  changesets: string[];
}

/** The largest bump that pending changesets give any spec-derived package. */
export async function pendingSpecBump(repoRoot: string): Promise<PendingBump> {
  const changesets = await readChangesets(repoRoot);
  const bumps: Severity[] = [];
  const files: string[] = [];
  for (const changeset of changesets) {
    for (const release of changeset.releases) {
      if (SPEC_DERIVED_PACKAGES.includes(release.name) && release.type !== 'none') {
        bumps.push(release.type);
        files.push(`.changeset/${changeset.id}.md`);
      }
    }
  }
  return { bump: maxSeverity(bumps), changesets: [...new Set(files)] };
}
