import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const EVENTS_PATH = '/__spec-dev/events';

// Reloads the page when the server says the reference was rebuilt; EventSource reconnects by itself after a restart.
const RELOAD_SCRIPT = `<script>new EventSource(${JSON.stringify(EVENTS_PATH)}).addEventListener('reload', () => location.reload());</script>`;

const WAITING_PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>Dojo Pay at Counter API reference</title></head>
<body><p>The reference is being built; this page reloads when it is ready.</p></body></html>`;

export interface DocsServer {
  url: string;
  /** Tells every open page to reload. */
  reload(): void;
  close(): Promise<void>;
}

/** Serves the HTML reference (read afresh on every request) with a live-reload script, on 127.0.0.1 only. */
export async function startDocsServer(options: { port: number; referenceFile: string; openapiFile: string }): Promise<DocsServer> {
  const clients = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === EVENTS_PATH) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write(': connected\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      return;
    }
    if (path === '/' || path === '/index.html') {
      readFile(options.referenceFile, 'utf8')
        .catch(() => WAITING_PAGE)
        .then((html) => {
          const page = html.includes('</body>') ? html.replace('</body>', `${RELOAD_SCRIPT}</body>`) : html + RELOAD_SCRIPT;
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
        });
      return;
    }
    if (path === '/openapi.json') {
      readFile(options.openapiFile)
        .then((body) => response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(body))
        .catch(() => response.writeHead(404).end());
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    reload() {
      for (const client of clients) client.write('event: reload\ndata: {}\n\n');
    },
    close() {
      for (const client of clients) client.end();
      clients.clear();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
