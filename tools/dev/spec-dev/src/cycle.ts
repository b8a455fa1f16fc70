import { readFile } from 'node:fs/promises';
import { verdict, type Verdict } from '@dojo-terminals/spec-breaking';
import type { GeneratedChange } from './generate.js';
import { GeneratorPool } from './generator-pool.js';
import type { JsonObject } from './json.js';
import type { Problem } from './problems.js';
import { SpecLinter } from './spec-lint.js';
import { PackageTypeChecker, SourceFileCache } from './typecheck.js';
import type { WorkspaceLayout } from './workspace.js';

export interface CycleResult {
  /** Lint problems (`pnpm lint:spec` allows none, warnings included), YAML and `$ref` errors among them. */
  lint: Problem[];
  /** False when the spec could not be read or resolved: nothing after lint ran. */
  bundled: boolean;
  generated: GeneratedChange[];
  /** Type errors in hand-written code of the packages that consume the generated code. */
  typeErrors: Problem[];
  /** The breaking-change verdict against the last release; undefined when there was nothing to compare. */
  verdict: Verdict | undefined;
  /** Why a step after lint could not run, such as a generator failure. */
  failures: string[];
  durationMs: number;
  /** Milliseconds per step (lint and generate overlap). */
  timings: Record<string, number>;
  /** The bundled description. */
  bundle: JsonObject | undefined;
}

export function cycleOk(result: CycleResult): boolean {
  return result.bundled && result.lint.length === 0 && result.typeErrors.length === 0 && result.failures.length === 0;
}

export interface Pipeline {
  layout: WorkspaceLayout;
  runCycle(): Promise<CycleResult>;
  close(): Promise<void>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The steps `spec:dev` runs on every save, kept warm between runs, all in this process: bundle (Redocly), then lint
 * (Redocly, main thread) while every generated package is regenerated (hey-api, worker threads), then type-check the
 * packages that use the generated code (TypeScript builder programs) and judge the bundle against the last release.
 */
export function createPipeline(layout: WorkspaceLayout): Pipeline {
  const linter = new SpecLinter(layout.repoRoot, layout.redoclyConfig, layout.rootDocument);
  const pool = new GeneratorPool(layout.repoRoot, layout.generated);
  const cache = new SourceFileCache();
  const checkers = layout.typeChecked.map((dir) => new PackageTypeChecker(layout.repoRoot, dir, layout.sources, cache));

  async function runCycle(): Promise<CycleResult> {
    const started = performance.now();
    const since = (from: number) => performance.now() - from;
    const result: CycleResult = {
      lint: [],
      bundled: false,
      generated: [],
      typeErrors: [],
      verdict: undefined,
      failures: [],
      durationMs: 0,
      timings: {},
      bundle: undefined,
    };
    const bundled = await linter.bundle();
    result.timings.bundle = since(started);
    const parallelStart = performance.now();
    const bundle = bundled.bundle;
    const generation = bundle
      ? pool.generate(bundle).then((outcome) => {
          result.timings.generate = since(parallelStart);
          return outcome;
        })
      : undefined;
    const lintProblems = await linter.lint();
    result.timings.lint = since(parallelStart);
    // A file that fails to parse is reported by both; keep lint's lines and add what only the bundler saw.
    const seen = new Set(lintProblems.map((p) => `${p.file}:${p.line}`));
    result.lint = [...lintProblems, ...bundled.problems.filter((p) => !seen.has(`${p.file}:${p.line}`))];

    if (bundle && generation) {
      result.bundled = true;
      result.bundle = bundle;
      const { changes, failures } = await generation;
      result.generated = changes;
      result.failures.push(...failures);

      const typesStart = performance.now();
      for (const checker of checkers) {
        try {
          result.typeErrors.push(...checker.check());
        } catch (error) {
          result.failures.push(`type-check ${checker.packageDir}: ${message(error)}`);
        }
      }
      result.timings.types = since(typesStart);

      const verdictStart = performance.now();
      try {
        const baseline = JSON.parse(await readFile(layout.baseline, 'utf8')) as JsonObject;
        result.verdict = verdict(baseline, bundle);
      } catch (error) {
        result.failures.push(`verdict: ${message(error)}`);
      }
      result.timings.verdict = since(verdictStart);
    }
    result.durationMs = since(started);
    return result;
  }

  return { layout, runCycle, close: () => pool.close() };
}
