import { EdgeRuntime } from 'edge-runtime';
import { bundle } from './bundle.js';

/**
 * Bundles the ES module `entry` (in the consumer project) for Vercel's Edge Runtime, loads it into `edge-runtime`
 * (Vercel's implementation that Next.js runs edge routes on outside Vercel) and resolves with what
 * `<exportName>(...args)` resolves with there, carried out as JSON.
 */
export async function callInEdgeRuntime(entry: string, exportName: string, args: readonly unknown[]): Promise<unknown> {
  const code = await bundle(entry, { format: 'iife', condition: 'edge-light', globalName: '__entry' });
  const runtime = new EdgeRuntime({ initialCode: code });
  const json = await runtime.evaluate<Promise<string>>(`__entry[${JSON.stringify(exportName)}](...${JSON.stringify(args)}).then(JSON.stringify)`);
  return JSON.parse(json) as unknown;
}
