import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { findFreePort } from './ports.js';
import { runCli, type CliIo } from './run-cli.js';
import { FIXTURE_SPEC, isAlive, prismChildPids } from './test-support.js';
import { apiVersion } from '@dojo-terminals/spec';

const DOJO_HEADERS = { authorization: 'Basic sk_sandbox_test', version: apiVersion };

function captureIo(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return { lines, errors, out: (line) => lines.push(line), err: (line) => errors.push(line) };
}

async function waitForLine(lines: string[], text: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = lines.find((candidate) => candidate.includes(text));
    if (line !== undefined) return line;
    if (Date.now() > deadline) throw new Error(`no line containing "${text}" in:\n${lines.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('runCli', () => {
  it('mock serves the spec on the requested port, prints the URL, and stops Prism when aborted', async () => {
    const port = await findFreePort('127.0.0.1');
    const io = captureIo();
    const controller = new AbortController();
    const exitCode = runCli(['mock', '--spec', FIXTURE_SPEC, '--port', String(port)], {}, io, controller.signal);

    const ready = await waitForLine(io.lines, 'Mock API ready at');
    expect(ready).toContain(`http://127.0.0.1:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/terminals/tm_1`)).status).toBe(200);
    // Request validation is on, and a refused request is reported and makes the run fail.
    expect((await fetch(`http://127.0.0.1:${port}/sessions`, { method: 'POST' })).status).toBe(400);
    expect(io.errors.join('\n')).toContain('request header version');

    const prismPids = prismChildPids();
    expect(prismPids).toHaveLength(1);
    controller.abort();
    expect(await exitCode).toBe(1);
    expect(io.lines.at(-1)).toMatch(/^Stopped: \d+ contract violation\(s\)/);
    expect(prismPids.filter(isAlive)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/terminals/tm_1`)).rejects.toThrow();
  });

  it('mock serves the bundled Dojo spec by default and reports a terminal request without software-house-id', async () => {
    const io = captureIo();
    const controller = new AbortController();
    const port = await findFreePort('127.0.0.1');
    const exitCode = runCli(['mock', '--port', String(port)], {}, io, controller.signal);
    await waitForLine(io.lines, 'Mock API ready at');
    const ok = await fetch(`http://127.0.0.1:${port}/terminals`, { headers: { ...DOJO_HEADERS, 'software-house-id': 'sh1' } });
    expect(ok.status).toBe(200);
    const refused = await fetch(`http://127.0.0.1:${port}/terminals`, { headers: DOJO_HEADERS });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('sl-violations')).toContain('software-house-id');
    expect(await refused.json()).toMatchObject({ errors: { 'software-house-id': [expect.stringContaining('sent: (absent)')] } });
    await expect.poll(() => io.errors.join('\n')).toContain('request header software-house-id');
    expect(io.errors.join('\n')).toContain('✖ listTerminals (GET /terminals): the request breaks the spec');
    controller.abort();
    expect(await exitCode).toBe(1);
    expect(io.lines.at(-1)).toBe('Stopped: 1 contract violation(s), see above.');
  });

  it('proxy checks the exchanges with an upstream and reports the field at fault', async () => {
    const upstream = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[{"id":1}]'));
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const upstreamUrl = `http://127.0.0.1:${(upstream.address() as { port: number }).port}`;
    const io = captureIo();
    const controller = new AbortController();
    const port = await findFreePort('127.0.0.1');
    const exitCode = runCli(['proxy', upstreamUrl, '--port', String(port)], {}, io, controller.signal);
    try {
      await waitForLine(io.lines, 'Contract proxy ready at');
      const refused = await fetch(`http://127.0.0.1:${port}/terminals`, { headers: DOJO_HEADERS });
      expect(refused.status).toBe(400);
      const bad = await fetch(`http://127.0.0.1:${port}/terminals`, { headers: { ...DOJO_HEADERS, 'software-house-id': 'sh1' } });
      expect(bad.status).toBe(500);
      const report = io.errors.join('\n');
      expect(report).toContain('✖ listTerminals (GET /terminals): the request breaks the spec');
      expect(report).toContain('request header software-house-id');
      expect(report).toMatch(/response body\[0\]\.id\n\s+expected: must be string\n\s+received: 1/);
    } finally {
      controller.abort();
      await exitCode;
      await new Promise<void>((resolve) => upstream.close(() => resolve()));
    }
    expect(await exitCode).toBe(1);
    expect(prismChildPids()).toEqual([]);
  });

  it('prints usage and returns 2 for bad arguments', async () => {
    const io = captureIo();
    expect(await runCli(['--port', '4010'], {}, io, new AbortController().signal)).toBe(2);
    expect(io.errors[0]).toBe('error: a command is required: mock or proxy');
    expect(io.errors[1]).toMatch(/^Usage:/);
  });

  it('returns 1 with the reason when Prism cannot start', async () => {
    const io = captureIo();
    expect(await runCli(['mock', '--spec', 'missing-spec.json'], {}, io, new AbortController().signal)).toBe(1);
    expect(io.errors.join('\n')).toContain('cannot read OpenAPI document');
  });
});
