import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { chromiumBinary } from './runtime-binaries.js';
import { closeServer, listenOnLoopback } from './loopback.js';

// Without the networking flags, Chromium's own background connections fail here and slow everything down.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json' };

/**
 * Serves `project` on a loopback port with a page holding `imports` as its import map, opens the page in headless
 * Chromium and resolves with what `<exportName>(...args)` of the ES module `modulePath` (a path under the project,
 * `/runtime-check.mjs`) resolves with in the page. Rejects with the page's error.
 */
export async function callInChromium(
  project: string,
  imports: { imports: Record<string, string> },
  modulePath: string,
  exportName: string,
  args: readonly unknown[],
): Promise<unknown> {
  const root = resolve(project);
  const page = `<!doctype html><meta charset="utf-8"><script type="importmap">${JSON.stringify(imports)}</script>`;
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') return void response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    const file = join(root, decodeURIComponent(path));
    if (!file.startsWith(root + sep) || !TYPES[extname(file)]) return void response.writeHead(404).end();
    readFile(file).then(
      (bytes) => response.writeHead(200, { 'content-type': TYPES[extname(file)]! }).end(bytes),
      () => response.writeHead(404).end(),
    );
  });
  const origin = await listenOnLoopback(server);
  const browser = await chromium.launch({ executablePath: chromiumBinary(), headless: true, args: CHROMIUM_ARGS });
  try {
    const tab = await browser.newPage();
    await tab.goto(`${origin}/`);
    // A string, not a function: vitest rewrites the dynamic import() of the functions it compiles.
    const call = `import(${JSON.stringify(modulePath)}).then((m) => m[${JSON.stringify(exportName)}](...${JSON.stringify(args)}))`;
    return await tab.evaluate(call);
  } finally {
    await browser.close();
    await closeServer(server);
  }
}
