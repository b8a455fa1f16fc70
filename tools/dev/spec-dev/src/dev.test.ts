import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, copyRepository } from './test-support.js';

/** The long-running command on a copy of the repository, its output read as a user reads the terminal. */
class RunningSpecDev {
  output = '';
  readonly child: ChildProcessWithoutNullStreams;

  constructor(root: string) {
    this.child = spawn(process.execPath, [cliPath, '--root', root, '--port', '0'], { stdio: 'pipe' });
    this.child.stdout.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Waits until the output after `from` matches, and returns that part of the output. */
  async waitFor(pattern: RegExp, from: number, timeoutMs = 150_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const since = this.output.slice(from);
      if (pattern.test(since)) return since;
      if (this.child.exitCode !== null) throw new Error(`spec-dev exited with ${this.child.exitCode}:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${pattern}; output so far:\n${this.output}`);
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.kill('SIGTERM');
    });
  }
}

function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, type: String(response.headers['content-type']), body }),
      );
    })
      .on('error', reject)
      .end();
  });
}

/** Resolves with the first `reload` event the docs server sends. */
function nextReload(url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/__spec-dev/events', url), (response) => {
      response.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('event: reload')) {
          req.destroy();
          resolve();
        }
      });
    });
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error)));
    req.end();
  });
}

describe('pnpm spec:dev, long-running', () => {
  const copy = copyRepository();
  const schemaFile = join(copy.root, 'spec/components/schemas/Terminal.yaml');
  const original = readFileSync(schemaFile, 'utf8');
  let dev: RunningSpecDev;
  let url: string;

  beforeAll(async () => {
    dev = new RunningSpecDev(copy.root);
    const start = await dev.waitFor(/reference on (http:\/\/127\.0\.0\.1:\d+\/)/, 0, 30_000);
    url = /reference on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(start)![1]!;
    await dev.waitFor(/── spec:dev .* OK /, 0);
  });

  afterAll(async () => {
    await dev?.stop();
    copy.remove();
  });

  it('reports a save that breaks the YAML with file and line, keeps running, and recovers on the next good save', async () => {
    let from = dev.output.length;
    writeFileSync(schemaFile, original.replace('type: object', 'type: object\n  oops: [unclosed'));
    const broken = await dev.waitFor(/── spec:dev .* PROBLEMS [\s\S]*not bundled/, from);
    expect(broken).toContain('saved: spec/components/schemas/Terminal.yaml');
    expect(broken).toMatch(/spec\/components\/schemas\/Terminal\.yaml:\d+:\d+ +error +.*(YAML|parse)/);

    from = dev.output.length;
    writeFileSync(
      schemaFile,
      original.replace('examples:', '  nickname:\n    description: A name the merchant gave the terminal.\n    type: string\nexamples:'),
    );
    const fixed = await dev.waitFor(/── spec:dev .* OK [\s\S]*verdict vs last release: \w+/, from);
    expect(fixed).toContain('lint: clean');
    expect(fixed).toMatch(/changed +packages\/types\/src\/generated\/types\.gen\.ts/);
    expect(fixed).toContain('minor: GET /terminals/{terminalId} → 200: new optional property `nickname` of Terminal');
    expect(dev.child.exitCode).toBeNull();
  });

  it('serves the refreshed reference on loopback and tells open pages to reload', async () => {
    const reloaded = nextReload(url);
    const from = dev.output.length;
    writeFileSync(schemaFile, original.replace('examples:', '  nickname:\n    description: The name shown for the terminal at the till.\n    type: string\nexamples:'));
    await dev.waitFor(/docs: reference rebuilt/, from);
    await reloaded;

    const page = await get(url);
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    expect(page.body).toContain('The name shown for the terminal at the till.');
    expect(page.body).toContain("new EventSource(\"/__spec-dev/events\")");
    const spec = JSON.parse((await get(new URL('/openapi.json', url).href)).body) as { components: { schemas: Record<string, { properties: object }> } };
    expect(Object.keys(spec.components.schemas.Terminal!.properties)).toContain('nickname');
    expect((await get(new URL('/nothing-here', url).href)).status).toBe(404);
  });
});
