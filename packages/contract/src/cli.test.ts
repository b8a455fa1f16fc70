import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from './ports.js';
import { FIXTURE_SPEC, isAlive } from './test-support.js';

// The built bin, as `npx dojo-contract` runs it (the test task builds first).
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'contract-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a bash script and resolves with its exit code and output. */
async function bash(script: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn('bash', ['-c', script], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, out };
}

async function listening(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/terminals/tm_1`).then(
    () => true,
    () => false,
  );
}

/** Starts the CLI in the background as a CI script does, waits for its pid file, and leaves `$contract` set. */
const START = `node "$CLI" mock --spec "$SPEC" --port "$PORT" --pid-file "$PIDFILE" > "$LOG" 2>&1 &
contract=$!
for _ in $(seq 1 300); do [ -s "$PIDFILE" ] && break; sleep 0.1; done
`;

describe('dojo-contract (built bin)', () => {
  it('prints usage for --help', async () => {
    const { code, out } = await bash('node "$CLI" --help', { CLI });
    expect(code).toBe(0);
    expect(out).toContain('dojo-contract mock [--port <port>] [--dynamic]');
    expect(out).toContain('dojo-contract proxy <upstream-url> [--port <port>] [--upstream-timeout <ms>]');
  });

  it.each([
    ['SIGTERM', 'TERM'],
    ['SIGINT', 'INT'],
  ])('backgrounded by a shell, %s stops it: exit 0 with no violation, nothing left listening', async (_name, signal) => {
    const port = await findFreePort('127.0.0.1');
    const env = { CLI, SPEC: FIXTURE_SPEC, PORT: String(port), PIDFILE: join(dir, `clean-${signal}.pid`), LOG: join(dir, `clean-${signal}.log`) };
    const { code, out } = await bash(
      `${START}
curl -s -o /dev/null -w '%{http_code}\\n' "127.0.0.1:$PORT/terminals/tm_1"
prism=$(pgrep -P "$contract" -f prism)
kill -${signal} "$contract"
wait "$contract"; echo "status=$?"
kill -0 "$prism" 2>/dev/null && echo "prism left running"
cat "$LOG"`,
      env,
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^200$/m);
    expect(out).toContain('status=0');
    expect(out).not.toContain('prism left running');
    expect(out).toContain('Stopped: no contract violations.');
    expect(existsSync(env.PIDFILE)).toBe(false);
    expect(await listening(port)).toBe(false);
  });

  it('exits 1 when an exchange broke the spec, after reporting it', async () => {
    const port = await findFreePort('127.0.0.1');
    const env = { CLI, SPEC: FIXTURE_SPEC, PORT: String(port), PIDFILE: join(dir, 'broken.pid'), LOG: join(dir, 'broken.log') };
    const { out } = await bash(
      `${START}
curl -s -o /dev/null -X POST "127.0.0.1:$PORT/sessions"
kill "$contract"
wait "$contract"; echo "status=$?"
cat "$LOG"`,
      env,
    );
    expect(out).toContain('status=1');
    expect(out).toContain('request header version');
    expect(out).toMatch(/Stopped: \d+ contract violation\(s\), see above./);
  });

  it('started through a runner (npx, pnpm exec) and stopped by its pid file: the runner exits with its status', async () => {
    const port = await findFreePort('127.0.0.1');
    const pidFile = join(dir, 'runner.pid');
    // npx and pnpm exec run the bin under a process of their own that `$!` names: here a shell that stays.
    const { out } = await bash(
      `sh -c 'node "$CLI" mock --spec "$SPEC" --port "$PORT" --pid-file "$PIDFILE"; exit $?' > "$LOG" 2>&1 &
runner=$!
for _ in $(seq 1 300); do [ -s "$PIDFILE" ] && break; sleep 0.1; done
[ "$(cat "$PIDFILE")" != "$runner" ] && echo "pid file names the CLI"
kill "$(cat "$PIDFILE")"
wait "$runner"; echo "status=$?"`,
      { CLI, SPEC: FIXTURE_SPEC, PORT: String(port), PIDFILE: pidFile, LOG: join(dir, 'runner.log') },
    );
    expect(out).toContain('pid file names the CLI');
    expect(out).toContain('status=0');
    expect(await listening(port)).toBe(false);
  });

  it('stops Prism and frees its port when the runner that started it dies without passing the signal on', async () => {
    const port = await findFreePort('127.0.0.1');
    const pidFile = join(dir, 'orphan.pid');
    const runner = spawn('sh', ['-c', `node "${CLI}" mock --spec "${FIXTURE_SPEC}" --port ${port} --pid-file "${pidFile}"; exit $?`], { stdio: 'ignore' });
    await expect.poll(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', { timeout: 30_000 }).toBe(true);
    const cliPid = Number(readFileSync(pidFile, 'utf8'));
    expect(await listening(port)).toBe(true);
    runner.kill('SIGKILL');
    await expect.poll(() => isAlive(cliPid), { timeout: 10_000 }).toBe(false);
    expect(await listening(port)).toBe(false);
    expect(existsSync(pidFile)).toBe(false);
  });
});
