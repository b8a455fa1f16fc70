import { build } from 'esbuild';

/**
 * Bundles `entry` and the installed packages it imports into one module, as an edge platform's build does
 * (wrangler, Next.js): browser platform, with the runtime's export condition first.
 */
export async function bundle(entry: string, options: { format: 'esm' | 'iife'; condition: string; globalName?: string }): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: options.format,
    ...(options.globalName ? { globalName: options.globalName } : {}),
    platform: 'browser',
    conditions: [options.condition, 'worker', 'browser'],
    logLevel: 'silent',
  });
  return result.outputFiles![0]!.text;
}
