import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killGroup, spawnGroupLeader } from './process-group.js';
import { isAlive } from './test-support.js';

const SLEEPER = ['-e', 'setInterval(() => {}, 1000)'];
/** A sleeper that starts a grandchild sleeper in its own process group and prints the grandchild's pid. */
const SLEEPER_WITH_GRANDCHILD = [
  '-e',
  `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
   console.log(c.pid); setInterval(() => {}, 1000);`,
];

async function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) {
    text += String(chunk);
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0] ?? '';
}

describe('killGroup', () => {
  it('kills the leader and what it started, waits for the exit, and can be repeated', async () => {
    const leader = spawnGroupLeader(process.execPath, SLEEPER_WITH_GRANDCHILD, process.env);
    const grandchild = Number(await firstLine(leader.child.stdout!));
    expect(isAlive(grandchild)).toBe(true);
    await expect(killGroup(leader)).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    expect(isAlive(leader.pid)).toBe(false);
    await expect.poll(() => isAlive(grandchild)).toBe(false);
    await expect(killGroup(leader)).resolves.toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('uses SIGKILL when the leader ignores SIGTERM', async () => {
    const stubborn = ['-e', `process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000);`];
    const leader = spawnGroupLeader(process.execPath, stubborn, process.env);
    await firstLine(leader.child.stdout!);
    await expect(killGroup(leader, 200)).resolves.toEqual({ code: null, signal: 'SIGKILL' });
  });
});

describe('cleanup when the host process ends', () => {
  let dir: string;
  let hostScript: string;

  // The host must be a separate Node process, so it runs a plain-JS build of process-group.ts.
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mock-process-group-'));
    const source = readFileSync(new URL('./process-group.ts', import.meta.url), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(dir, 'process-group.mjs'), outputText);
    hostScript = join(dir, 'host.mjs');
    writeFileSync(
      hostScript,
      `import { spawnGroupLeader } from './process-group.mjs';
       const leader = spawnGroupLeader(process.execPath, ${JSON.stringify(SLEEPER)}, process.env);
       console.log(leader.pid);
       if (process.argv[2] === 'exit') process.exit(3);
       if (process.argv[2] === 'signal') process.kill(process.pid, 'SIGTERM');`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function runHost(mode: 'exit' | 'signal'): Promise<{ pid: number; code: number | null; signal: string | null }> {
    const host = spawn(process.execPath, [hostScript, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = Number(await firstLine(host.stdout));
    const [code, signal] = (await once(host, 'exit')) as [number | null, string | null];
    return { pid, code, signal };
  }

  it('kills the group from the exit hook when the host calls process.exit()', async () => {
    const { pid, code } = await runHost('exit');
    expect(code).toBe(3);
    await expect.poll(() => isAlive(pid)).toBe(false);
  });

  it('kills the group and still dies of the signal when the host has no handler of its own', async () => {
    const { pid, signal } = await runHost('signal');
    expect(signal).toBe('SIGTERM');
    await expect.poll(() => isAlive(pid)).toBe(false);
  });
});
