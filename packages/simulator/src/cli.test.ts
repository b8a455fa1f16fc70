import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseCliArgs } from './cli-args.js';
import { SimulatorConfigError } from './errors.js';
import { HEADERS } from './test-support.js';

// The built bin, as users run it (the test task builds the package first).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('dojo-simulator arguments', () => {
  it('defaults to port 4030, else $PORT', () => {
    expect(parseCliArgs([], {})).toEqual({ help: false, options: { port: DEFAULT_PORT } });
    expect(parseCliArgs([], { PORT: '5000' })).toEqual({ help: false, options: { port: 5000 } });
  });

  it('turns on test mode with --test-mode only', () => {
    expect(parseCliArgs(['--test-mode'], {})).toEqual({ help: false, options: { port: DEFAULT_PORT, testMode: true } });
  });

  it('takes a pid file', () => {
    expect(parseCliArgs(['--pid-file', 'sim.pid'], {})).toEqual({ help: false, options: { port: DEFAULT_PORT }, pidFile: 'sim.pid' });
  });

  it('reads the fleet size, time scale and webhooks with their secrets in order', () => {
    const command = parseCliArgs(
      ['--terminals', '5', '--time-scale', '0.1', '--webhook', 'http://127.0.0.1:9/a', '--webhook-secret', 's1', '--webhook-secret', 's2', '--webhook', 'http://127.0.0.1:9/b'],
      { DOJO_SIMULATOR_WEBHOOK_SECRET: 'from-env' },
    );
    expect(command).toEqual({
      help: false,
      options: {
        port: DEFAULT_PORT,
        terminals: 5,
        timeScale: 0.1,
        webhooks: [
          { url: 'http://127.0.0.1:9/a', secrets: ['s1', 's2'] },
          { url: 'http://127.0.0.1:9/b', secrets: ['from-env'] },
        ],
      },
    });
  });

  it.each([
    [['--port', 'abc']],
    [['--webhook', 'http://127.0.0.1:9/a']],
    [['--webhook-secret', 's']],
    [['--unknown']],
    [['--pid-file', '']],
  ])('refuses %j with a SimulatorConfigError', (argv) => {
    expect(() => parseCliArgs(argv, {})).toThrow(SimulatorConfigError);
  });
});

describe('dojo-simulator', () => {
  it('starts, prints its URL and the scenarios, serves the API, and stops on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [CLI, '--port', String(port), '--terminals', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      for (let waited = 0; !out.includes('ready at'); waited += 50) {
        if (child.exitCode !== null || waited > 20_000) throw new Error(`the CLI did not start:\n${out}\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(out).toContain(`Dojo simulator ready at http://127.0.0.1:${port}`);
      expect(out).toMatch(/…11\s+declined/);
      const response = await fetch(`http://127.0.0.1:${port}/terminals`, { headers: HEADERS });
      expect(response.status).toBe(200);
      expect(await response.json()).toHaveLength(2);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = await exited;
    expect(code).toBe(0);
    expect(out).toContain('Dojo simulator stopped');
    expect(err).toBe('');
  });
});

/** True while the process runs: signal 0 reaches it and /proc does not show it as a zombie awaiting its reaper. */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('dojo-simulator in the background', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simulator-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const answers = (port: number): Promise<boolean> =>
    fetch(`http://127.0.0.1:${port}/terminals`, { headers: HEADERS }).then(
      () => true,
      () => false,
    );

  async function bash(script: string, env: Record<string, string>): Promise<string> {
    const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await once(child, 'exit');
    return out;
  }

  it('started with a shell\'s & and stopped with kill: exits 0 and leaves nothing listening', async () => {
    const port = await freePort();
    const pidFile = join(dir, 'shell.pid');
    const out = await bash(
      `node "$CLI" --port "$PORT" --pid-file "$PIDFILE" > /dev/null &
sim=$!
for _ in $(seq 1 200); do [ -s "$PIDFILE" ] && break; sleep 0.1; done
curl -s -o /dev/null -w '%{http_code}\\n' "127.0.0.1:$PORT/terminals"
kill "$sim"
wait "$sim"; echo "status=$?"`,
      { CLI, PORT: String(port), PIDFILE: pidFile },
    );
    expect(out).toContain('status=0');
    expect(existsSync(pidFile)).toBe(false);
    expect(await answers(port)).toBe(false);
  });

  it('stops when the runner that started it (npx, pnpm exec) is killed without passing the signal on', async () => {
    const port = await freePort();
    const pidFile = join(dir, 'orphan.pid');
    const runner = spawn('sh', ['-c', `node "${CLI}" --port ${port} --pid-file "${pidFile}"; exit $?`], { stdio: 'ignore' });
    await expect.poll(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', { timeout: 20_000 }).toBe(true);
    const simPid = Number(readFileSync(pidFile, 'utf8'));
    expect(await answers(port)).toBe(true);
    runner.kill('SIGTERM');
    await expect.poll(() => existsSync(pidFile), { timeout: 10_000 }).toBe(false);
    expect(await answers(port)).toBe(false);
    await expect.poll(() => running(simPid), { timeout: 10_000 }).toBe(false);
  });
});
