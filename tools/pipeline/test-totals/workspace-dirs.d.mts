/** The `packages` globs of `root`'s pnpm-workspace.yaml; none without the file. */
export function workspaceGlobs(root: string): string[];
/** Package directories (absolute, sorted) that the globs match and that have a package.json. */
export function packageDirs(root: string): string[];
