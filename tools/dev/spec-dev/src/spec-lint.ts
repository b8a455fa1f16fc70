import { relative } from 'node:path';
import {
  BaseResolver,
  bundle,
  getLineColLocation,
  lint,
  loadConfig,
  YamlParseError,
  type Config,
  type NormalizedProblem,
} from '@redocly/openapi-core';
import type { Problem } from './problems.js';
import type { JsonObject } from './json.js';

export interface SpecBundle {
  /** The bundled description (refs to components kept), or undefined when the spec could not be read or resolved. */
  bundle: JsonObject | undefined;
  /** Why it could not be bundled: a file that does not parse, a `$ref` that points nowhere. */
  problems: Problem[];
}

/**
 * Lints and bundles the spec in process with Redocly's own library and the repository's `redocly.yaml` (rules and
 * the house-rules plugin included), so the problems are those `pnpm lint:spec` prints. Every call reads the files
 * afresh (a new resolver), so nothing stale survives between saves.
 */
export class SpecLinter {
  #config: Promise<Config> | undefined;

  constructor(
    private readonly repoRoot: string,
    private readonly configPath: string,
    private readonly rootDocument: string,
  ) {}

  #loadConfig(): Promise<Config> {
    this.#config ??= loadConfig({ configPath: this.configPath });
    return this.#config;
  }

  /** Bundling is fast (a fraction of linting), so it runs first and generation need not wait for lint. */
  async bundle(): Promise<SpecBundle> {
    const config = await this.#loadConfig();
    try {
      const bundled = await bundle({
        ref: this.rootDocument,
        config,
        externalRefResolver: new BaseResolver(config.resolve),
        dereference: false,
      });
      const problems = dedupe(bundled.problems.map((p) => this.#fromRedocly(p)));
      if (problems.some((p) => p.severity === 'error')) return { bundle: undefined, problems };
      return { bundle: bundled.bundle.parsed as JsonObject, problems };
    } catch (error) {
      return { bundle: undefined, problems: [this.#fromThrown(error)] };
    }
  }

  async lint(): Promise<Problem[]> {
    const config = await this.#loadConfig();
    try {
      const problems = await lint({ ref: this.rootDocument, config, externalRefResolver: new BaseResolver(config.resolve) });
      return dedupe(problems.filter((p) => !p.ignored).map((p) => this.#fromRedocly(p)));
    } catch (error) {
      return [this.#fromThrown(error)];
    }
  }

  #fromRedocly(problem: NormalizedProblem): Problem {
    const location = problem.location[0];
    const severity = problem.severity === 'error' ? 'error' : 'warning';
    if (!location) return { file: '(spec)', line: 0, column: 0, message: problem.message, code: problem.ruleId, severity };
    const { start } = getLineColLocation(location);
    return {
      file: this.#relative(location.source.absoluteRef),
      line: start.line,
      column: start.col,
      message: problem.message,
      code: problem.ruleId,
      severity,
    };
  }

  #fromThrown(error: unknown): Problem {
    if (error instanceof YamlParseError) {
      return {
        file: this.#relative(error.source.absoluteRef),
        line: error.line,
        column: error.col,
        message: `YAML does not parse: ${firstLine(error.originalError.message)}`,
        code: 'yaml',
        severity: 'error',
      };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { file: this.#relative(this.rootDocument), line: 0, column: 0, message: firstLine(message), code: 'spec', severity: 'error' };
  }

  #relative(file: string): string {
    return relative(this.repoRoot, file);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

/** Redocly reports a file that fails to parse once per $ref that reaches it; one line is enough. */
function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.file}:${p.line}:${p.column}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
