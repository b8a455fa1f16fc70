import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVENTS_PATH, startDocsServer, type DocsServer } from './docs-server.js';

function fetchText(url: string, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { method }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('docs server', () => {
  let dir: string;
  let server: DocsServer;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spec-dev-docs-'));
    server = await startDocsServer({ port: 0, referenceFile: join(dir, 'reference.html'), openapiFile: join(dir, 'openapi.json') });
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens on loopback only, on the free port it was given', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves a waiting page that reloads itself before the first reference is built', async () => {
    const page = await fetchText(server.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('being built');
    expect(page.body).toContain(`new EventSource(${JSON.stringify(EVENTS_PATH)})`);
  });

  it('serves the reference as it is on disk now, with the reload script before </body>', async () => {
    writeFileSync(join(dir, 'reference.html'), '<html><body><h1>v1</h1></body></html>');
    expect((await fetchText(server.url)).body).toMatch(/<h1>v1<\/h1><script>new EventSource\([^<]*<\/script><\/body>/);
    writeFileSync(join(dir, 'reference.html'), '<html><body><h1>v2</h1></body></html>');
    expect((await fetchText(server.url)).body).toContain('<h1>v2</h1>');
  });

  it('sends a reload event to every open page', async () => {
    const received = new Promise<string>((resolve) => {
      const req = request(new URL(EVENTS_PATH, server.url), (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('\n\n') && !text.endsWith(': connected\n\n')) {
            req.destroy();
            resolve(text);
          }
          if (text === ': connected\n\n') server.reload();
        });
      });
      req.on('error', () => {});
      req.end();
    });
    expect(await received).toContain('event: reload');
  });

  it('answers unknown paths with 404 and writes with 405', async () => {
    expect((await fetchText(new URL('/missing', server.url).href)).status).toBe(404);
    expect((await fetchText(server.url, 'POST')).status).toBe(405);
    expect((await fetchText(new URL('/openapi.json', server.url).href)).status).toBe(404);
    writeFileSync(join(dir, 'openapi.json'), '{"openapi":"3.1.0"}');
    expect(JSON.parse((await fetchText(new URL('/openapi.json', server.url).href)).body)).toEqual({ openapi: '3.1.0' });
  });
});
