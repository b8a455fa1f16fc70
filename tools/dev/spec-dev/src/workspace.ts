import { existsSync, readFileSync } from 'node:fs';
import { packageDirs } from '@dojo-terminals/test-totals/workspace-dirs';
import { join } from 'node:path';

export interface WorkspaceLayout {
  repoRoot: string;
  specDir: string;
  rootDocument: string;
  redoclyConfig: string;
  baseline: string;
  specDist: string;
  /** Packages with an `openapi-ts.config.ts`: regenerated on every cycle. */
  generated: string[];
  /** Generated packages and the packages that depend on them at run time (with a tsconfig.json): type-checked. */
  typeChecked: string[];
  /** Package name → its `src/index.ts`, for the generated packages: how consumers see fresh code without a build. */
  sources: Record<string, string>;
}

interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
}

function readPackage(dir: string): PackageJson | undefined {
  const file = join(dir, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PackageJson) : undefined;
}

/** Finds, under a repository root laid out like this one, what a spec edit regenerates and what it can break. */
export function discoverWorkspace(repoRoot: string): WorkspaceLayout {
  const dirs = packageDirs(repoRoot);
  const generated = dirs.filter((dir) => existsSync(join(dir, 'openapi-ts.config.ts')));
  const sources: Record<string, string> = {};
  for (const dir of generated) {
    const pkg = readPackage(dir);
    if (!pkg?.name) continue;
    // `.` is src/index.ts; a subpath export such as `./validators` is src/validators.ts.
    for (const subpath of Object.keys(pkg.exports ?? { '.': null })) {
      const file = join(dir, 'src', subpath === '.' ? 'index.ts' : `${subpath.slice(2)}.ts`);
      if (existsSync(file)) sources[subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`] = file;
    }
  }
  const generatedNames = new Set(generated.map((dir) => readPackage(dir)?.name));
  const typeChecked = dirs.filter((dir) => {
    if (!existsSync(join(dir, 'tsconfig.json'))) return false;
    if (generated.includes(dir)) return true;
    return Object.keys(readPackage(dir)?.dependencies ?? {}).some((name) => generatedNames.has(name));
  });
  // Dependencies first, so a consumer's errors are read after the errors of what it consumes.
  typeChecked.sort((a, b) => dependsOn(a, b, sources) - dependsOn(b, a, sources));
  return {
    repoRoot,
    specDir: join(repoRoot, 'spec'),
    rootDocument: join(repoRoot, 'spec/openapi.yaml'),
    redoclyConfig: join(repoRoot, 'redocly.yaml'),
    baseline: join(repoRoot, 'packages/spec/baseline/openapi.json'),
    specDist: join(repoRoot, 'packages/spec/dist'),
    generated,
    typeChecked,
    sources,
  };
}

function dependsOn(dir: string, other: string, sources: Record<string, string>): number {
  const otherName = readPackage(other)?.name;
  if (!otherName || !(otherName in sources)) return 0;
  return otherName in (readPackage(dir)?.dependencies ?? {}) ? 1 : 0;
}
