import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index.js';
import { API_KEY } from './test-support.js';

// The client README's recipes, as users copy them: each `recipe=<name> file=<file>` block written to a file of a
// scratch folder, type-checked with tsc, and run with node against this simulator (or a hostile server).
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = `${packageDir}.client-readme-tmp/`;
const readme = readFileSync(createRequire(import.meta.url).resolve('@dojo-terminals/client/package.json').replace(/package\.json$/, 'README.md'), 'utf8');

function recipeFiles(name: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const [, info = '', body = ''] of readme.matchAll(/^```ts ([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const recipe = /recipe=(\S+)/.exec(info)?.[1];
    const file = /file=(\S+)/.exec(info)?.[1];
    if (recipe === name && file) files.set(file, body);
  }
  if (files.size === 0) throw new Error(`the client README has no recipe ${name}`);
  return files;
}

interface Run {
  code: number | null;
  output: string;
}

/** Runs a recipe file with node; `until` may stop it early (SIGKILL, as a crash) once it returns true. */
function run(file: string, env: Record<string, string>, until?: () => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file], { cwd: scratch, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const watch = until && setInterval(() => until() && child.kill('SIGKILL'), 10);
    child.once('error', reject);
    child.once('exit', (code) => {
      if (watch) clearInterval(watch);
      resolve({ code, output });
    });
  });
}

beforeAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  for (const name of ['limits', 'resume', 'unknown-values']) for (const [file, body] of recipeFiles(name)) writeFileSync(`${scratch}${file}`, body);
  writeFileSync(`${scratch}tsconfig.json`, JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { rootDir: '.', noEmit: true }, include: ['*.ts'] }));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the client README', () => {
  it('has recipes that compile', async () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = await run(tsc, {});
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  }, 60_000);

  describe('limits recipe', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      // A gzip bomb: 64 MiB of JSON whitespace compressed to about 64 KB.
      const bomb = gzipSync(Buffer.concat([Buffer.from('['), Buffer.alloc(64 * 1024 * 1024, 0x20), Buffer.from(']')]), { level: 9 });
      server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', connection: 'close' }).end(bomb);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('stops reading a compressed bomb at maxResponseBytes and says so', async () => {
      const result = await run('limits.ts', { DOJO_API_KEY: API_KEY, DOJO_BASE_URL: url });
      expect(result.output).toContain('not read: the answer (status 200) is over 1048576 bytes');
      expect(result.code).toBe(0);
    });
  });

  describe('unknown-values recipe', () => {
    let server: Server;
    let url: string;
    beforeAll(async () => {
      // A terminal list as Dojo might send it once it adds a terminal status this version does not list.
      const terminals = [
        { id: 'tm_sandbox_readme_01', status: 'Available', properties: { tid: 'VCMPYC8SIP0' }, updatedAt: '2026-01-01T00:00:00Z' },
        { id: 'tm_sandbox_readme_02', status: 'Maintenance', properties: { tid: 'VCMPYC8SIP0' }, updatedAt: '2026-01-01T00:00:00Z' },
      ];
      server = createServer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(terminals));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('handles a terminal status Dojo added later: accepted, kept as sent, reported to the logger', async () => {
      const result = await run('unknown-values.ts', { DOJO_API_KEY: API_KEY, DOJO_BASE_URL: url });
      expect(result.output).toContain('tm_sandbox_readme_01 ready\n');
      expect(result.output).toContain('tm_sandbox_readme_02 Maintenance: not a status this version knows\n');
      expect(result.output).toContain('warn: listTerminals: TerminalStatus "Maintenance" is not a value this version knows');
      expect(result.code).toBe(0);
    });
  });

  describe('resume recipe', () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator({ terminals: 1 }); // real time: a sale takes about 7 s
    });
    afterAll(() => sim.stop());

    it('picks up the sale of a crashed process from the stored id: captured, with one session', async () => {
      const env = { DOJO_API_KEY: API_KEY, DOJO_BASE_URL: sim.url };
      // The POS crashes once the terminal is asking for the card: no cancel, no answer read.
      const crash = await run('start-sale.ts', env, () => sim.sessions()[0]?.status === 'Initiated');
      expect(crash.code).toBe(null);
      expect(sim.sessions()).toHaveLength(1);
      const resumed = await run('after-restart.ts', env);
      expect(resumed.output).toMatch(/^captured ts_sandbox_\w+\n$/);
      expect(resumed.code).toBe(0);
      expect(sim.sessions()).toHaveLength(1);
      expect(sim.paymentIntents()[0]?.status).toBe('Captured');
    }, 60_000);
  });
});
