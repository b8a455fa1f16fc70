import { describe, expect, it } from 'vitest';
import { findFreePort } from './ports.js';
import { runCli, type CliIo } from './run-cli.js';
import { FIXTURE_SPEC, isAlive, prismChildPids } from './test-support.js';

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
  it('serves the spec on the requested port, prints the URL, and stops Prism when aborted', async () => {
    const port = await findFreePort('127.0.0.1');
    const io = captureIo();
    const controller = new AbortController();
    const exitCode = runCli(['--spec', FIXTURE_SPEC, '--port', String(port)], {}, io, controller.signal);

    const ready = await waitForLine(io.lines, 'Mock API ready at');
    expect(ready).toContain(`http://127.0.0.1:${port}`);
    expect((await fetch(`http://127.0.0.1:${port}/terminals/tm_1`)).status).toBe(200);
    // Request validation is on.
    expect((await fetch(`http://127.0.0.1:${port}/sessions`, { method: 'POST' })).status).toBe(422);

    const prismPids = prismChildPids();
    expect(prismPids).toHaveLength(1);
    controller.abort();
    expect(await exitCode).toBe(0);
    expect(io.lines.at(-1)).toBe('Mock API stopped.');
    expect(prismPids.filter(isAlive)).toEqual([]);
    await expect(fetch(`http://127.0.0.1:${port}/terminals/tm_1`)).rejects.toThrow();
  });

  it('prints usage and returns 2 for bad arguments', async () => {
    const io = captureIo();
    expect(await runCli(['--port', '4010'], {}, io, new AbortController().signal)).toBe(2);
    expect(io.errors[0]).toBe('error: --spec <path> is required');
    expect(io.errors[1]).toMatch(/^Usage: /);
  });

  it('returns 1 with the reason when Prism cannot start', async () => {
    const io = captureIo();
    expect(await runCli(['--spec', 'missing-spec.json'], {}, io, new AbortController().signal)).toBe(1);
    expect(io.errors.join('\n')).toContain('cannot read OpenAPI document');
  });
});
