import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { closeServer, listenOnLoopback } from './loopback.js';

type Json = Record<string, unknown>;

export interface ApiExchange {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface ApiServer {
  url: string;
  /** The Dojo API version the spec describes (the `version` header the client must send). */
  apiVersion: string;
  /** The spec's examples that it serves. */
  terminals: Array<{ id: string; status: string }>;
  session: { id: string; status: string };
  /** Every request received, preflights included. */
  exchanges: ApiExchange[];
  stop(): Promise<void>;
}

// A page of another origin (the Chromium test's) sends the client's headers only after a preflight allows them.
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, PUT, DELETE',
  'access-control-allow-headers': 'authorization, version, software-house-id, reseller-id, content-type, idempotencykey',
};

/**
 * A local stand-in for Dojo that answers with the spec's own examples (so its bodies are valid by construction):
 * `GET /terminals`, `GET /terminal-sessions/{the example session's id}`, and the spec's 404 problem for anything
 * else. Reads the spec from `specPath` (the installed tarball's `openapi.json`).
 */
export async function startApiServer(specPath: string): Promise<ApiServer> {
  const doc = JSON.parse(await readFile(specPath, 'utf8')) as Json;
  const terminals = example(doc, '/terminals', '200') as ApiServer['terminals'];
  const session = example(doc, '/terminal-sessions/{terminalSessionId}', '200') as ApiServer['session'];
  const notFound = example(doc, '/terminal-sessions/{terminalSessionId}', '404');
  const exchanges: ApiExchange[] = [];
  const server = createServer((request, response) => {
    exchanges.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    request.resume();
    if (request.method === 'OPTIONS') return void response.writeHead(204, CORS).end();
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const answer = (status: number, body: unknown): void =>
      void response.writeHead(status, { ...CORS, 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.method === 'GET' && path === '/terminals') return answer(200, terminals);
    if (request.method === 'GET' && path === `/terminal-sessions/${session.id}`) return answer(200, session);
    answer(404, notFound);
  });
  const url = await listenOnLoopback(server);
  const apiVersion = String((doc['info'] as Json)['version']);
  return { url, apiVersion, terminals, session, exchanges, stop: () => closeServer(server) };
}

/** The first JSON example of a GET operation's response, its `$ref`s followed. */
function example(doc: Json, path: string, status: string): unknown {
  const operation = (doc['paths'] as Record<string, Record<string, Json>>)[path]!['get']!;
  const response = resolve(doc, (operation['responses'] as Json)[status]);
  const content = (response['content'] as Record<string, Json>)['application/json']!;
  const [first] = Object.values(content['examples'] as Json);
  return resolve(doc, first)['value'];
}

function resolve(doc: Json, node: unknown): Json {
  let current = node as Json;
  while (typeof current['$ref'] === 'string') {
    const pointer = (current['$ref'] as string).replace(/^#\//, '').split('/');
    current = pointer.reduce<unknown>((at, key) => (at as Json)[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc) as Json;
  }
  return current;
}
