import { execFile } from 'node:child_process';
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join, sep } from 'node:path';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program without a shell and returns its exit code and output, never throwing on a non-zero exit. */
export function run(file: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      { cwd: options.cwd, env: options.env ?? process.env, timeout: options.timeoutMs ?? 300_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof (error as NodeJS.ErrnoException).code === 'string') return reject(error);
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Like `run`, but throws with the program's output when it fails. */
export async function runOk(file: string, args: readonly string[], options: Parameters<typeof run>[2]): Promise<string> {
  const result = await run(file, args, options);
  if (result.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited ${result.code}\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/**
 * Runs the machine's own npm on the machine's own Node with the machine's npm settings, as a consumer team would.
 * Not the toolchain's Node from `node_modules/.bin`, and without the `npm_config_*` variables that pnpm exports to
 * its scripts: npm reads its global npmrc (registry, CA file) from beside the Node that runs it, and pnpm on the
 * toolchain's Node points `npm_config_globalconfig` elsewhere, so either would lose the machine's settings.
 */
export function npm(args: readonly string[], options: Parameters<typeof run>[2]): Promise<string> {
  const { node, npmCli } = machineNpm();
  const env = Object.fromEntries(Object.entries(options.env ?? process.env).filter(([name]) => !/^(npm|pnpm)_config_/i.test(name)));
  return runOk(node, [npmCli, ...args], { ...options, env });
}

let found: { node: string; npmCli: string } | undefined;
function machineNpm(): { node: string; npmCli: string } {
  if (found) return found;
  const dirs = (process.env['PATH'] ?? '').split(delimiter).filter((dir) => dir && !dir.split(sep).includes('node_modules'));
  const locate = (name: string): string => {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      try {
        accessSync(candidate, constants.X_OK);
        return realpathSync(candidate);
      } catch {
        // not in this directory
      }
    }
    throw new Error(`no ${name} on PATH outside node_modules`);
  };
  found = { node: locate('node'), npmCli: locate('npm') };
  return found;
}
