import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findFreePort } from './ports.js';
import { FIXTURE_SPEC } from './test-support.js';

// The built bin, as `npx dojo-contract` runs it (the test task builds first).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

describe('dojo-contract (built bin)', () => {
  it('prints usage for --help', async () => {
    const child = spawn(process.execPath, [CLI, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number];
    expect(code).toBe(0);
    expect(out).toContain('dojo-contract mock [--port <port>] [--dynamic]');
    expect(out).toContain('dojo-contract proxy <upstream-url> [--port <port>]');
  });

  it('serves a mock until SIGTERM, then stops Prism and exits 0', async () => {
    const port = await findFreePort('127.0.0.1');
    const child = spawn(process.execPath, [CLI, 'mock', '--spec', FIXTURE_SPEC, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = once(child, 'exit');
    await expect.poll(() => out, { timeout: 30_000 }).toContain('Mock API ready at');
    expect((await fetch(`http://127.0.0.1:${port}/terminals/tm_1`)).status).toBe(200);
    child.kill('SIGTERM');
    const [code] = (await exited) as [number];
    expect(code).toBe(0);
    expect(out).toContain('Stopped: no contract violations.');
    await expect(fetch(`http://127.0.0.1:${port}/terminals/tm_1`)).rejects.toThrow();
  });
});
