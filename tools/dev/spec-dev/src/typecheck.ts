import { statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import type { Problem } from './problems.js';

/** Parsed source files shared by every package's program, kept while the file's modification time is unchanged. */
export class SourceFileCache {
  readonly #files = new Map<string, { mtimeMs: number; file: ts.SourceFile }>();

  get(fileName: string, languageVersion: ts.ScriptTarget | ts.CreateSourceFileOptions, read: () => ts.SourceFile | undefined) {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(fileName).mtimeMs;
    } catch {
      return undefined;
    }
    const key = `${fileName}\0${typeof languageVersion === 'object' ? JSON.stringify(languageVersion) : languageVersion}`;
    const cached = this.#files.get(key);
    if (cached && cached.mtimeMs === mtimeMs) return cached.file;
    const file = read();
    if (file) this.#files.set(key, { mtimeMs, file });
    return file;
  }
}

/**
 * Type-checks one package as `tsc -p tsconfig.json --noEmit` does, but warm: a semantic-diagnostics builder program is
 * kept between cycles, so only files affected by what changed are checked again. Imports of the other generated
 * packages resolve to their sources (`paths`), so a consumer sees the freshly generated types without a build.
 */
export class PackageTypeChecker {
  #builder: ts.SemanticDiagnosticsBuilderProgram | undefined;

  constructor(
    private readonly repoRoot: string,
    readonly packageDir: string,
    private readonly sourceMap: Readonly<Record<string, string>>,
    private readonly cache: SourceFileCache,
  ) {}

  /** Type errors in the package's hand-written code (everything outside `src/generated/`). */
  check(): Problem[] {
    const configPath = join(this.packageDir, 'tsconfig.json');
    const parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    });
    if (!parsed) throw new Error(`cannot read ${configPath}`);
    const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, incremental: false };
    // Nothing is emitted, and the generated packages' sources come from outside the package: widen `rootDir`.
    options.rootDir = this.repoRoot;
    const paths: ts.MapLike<string[]> = { ...options.paths };
    for (const [name, entry] of Object.entries(this.sourceMap)) {
      if (!entry.startsWith(this.packageDir + sep)) paths[name] = [entry];
    }
    options.paths = paths;
    options.pathsBasePath ??= this.packageDir;

    // The incremental host stamps each source file with a content hash, which the builder compares between cycles.
    const host = ts.createIncrementalCompilerHost(options);
    const readSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) =>
      this.cache.get(fileName, languageVersion, () => readSourceFile(fileName, languageVersion, onError, shouldCreate));

    this.#builder = ts.createSemanticDiagnosticsBuilderProgram(parsed.fileNames, options, host, this.#builder, parsed.errors);
    const builder = this.#builder;
    const generatedDir = join(this.packageDir, 'src', 'generated') + sep;
    // Only the package's hand-written files are checked: the checker then resolves just the generated types they
    // use instead of checking every generated file (valibot.gen.ts alone costs seconds), and the builder keeps the
    // results of files the edit did not affect.
    const handWritten = builder
      .getSourceFiles()
      .filter((file) => file.fileName.startsWith(this.packageDir + sep) && !file.fileName.startsWith(generatedDir))
      .filter((file) => !file.isDeclarationFile);
    const diagnostics = [
      ...builder.getConfigFileParsingDiagnostics(),
      ...builder.getOptionsDiagnostics(),
      ...builder.getGlobalDiagnostics(),
      ...handWritten.flatMap((file) => [...builder.getSyntacticDiagnostics(file), ...builder.getSemanticDiagnostics(file)]),
    ];
    const result: Problem[] = [];
    for (const diagnostic of diagnostics) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
      result.push(toProblem(diagnostic, this.repoRoot));
    }
    return result;
  }
}

function toProblem(diagnostic: ts.Diagnostic, repoRoot: string): Problem {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  const base = { message, code: `TS${diagnostic.code}`, severity: 'error' as const };
  if (!diagnostic.file || diagnostic.start === undefined) return { ...base, file: '(tsconfig)', line: 0, column: 0 };
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return { ...base, file: relative(repoRoot, diagnostic.file.fileName), line: line + 1, column: character + 1 };
}
