import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { bundle } from './bundle.js';
import { workerdBinary } from './runtime-binaries.js';

const { compatibilityDate } = createRequire(import.meta.url)('workerd') as { compatibilityDate: string };

/**
 * Bundles `entry` (an ES module worker in the consumer project, importing the installed packages) as wrangler does,
 * runs it in workerd on a free loopback port, and resolves with the response to `GET <path>`. The worker may reach
 * loopback addresses (workerd's default outbound refuses them) and nothing else.
 */
export async function fetchFromWorker(entry: string, path: string): Promise<Response> {
  const dir = await mkdtemp(join(tmpdir(), 'dojo-workerd-'));
  try {
    await writeFile(join(dir, 'worker.mjs'), await bundle(entry, { format: 'esm', condition: 'workerd' }));
    await writeFile(join(dir, 'config.capnp'), config());
    return await serve(dir, path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function config(): string {
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "worker.mjs")],
  compatibilityDate = "${compatibilityDate}",
  globalOutbound = "loopback",
);
`;
}

/** Starts workerd, learns its port from the control fd (`{"event":"listen",...}`), fetches, and stops it. */
async function serve(dir: string, path: string): Promise<Response> {
  const child = spawn(workerdBinary(), ['serve', 'config.capnp', '--control-fd=3'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  try {
    const port = await listenPort(child.stdio[3] as Readable, exited, () => output);
    const response = await fetch(`http://127.0.0.1:${port}${path}`);
    // Read here: the body must not outlive the process.
    return new Response(await response.text(), { status: response.status, headers: response.headers });
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function listenPort(control: Readable, exited: Promise<unknown>, output: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    control.on('data', (chunk) => {
      const lines = (buffer += chunk).split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const message = JSON.parse(line) as { event?: string; socket?: string; port?: number };
        if (message.event === 'listen' && message.socket === 'http') resolve(message.port!);
      }
    });
    // Once it listens, this is a no-op: its exit after the test's SIGTERM is expected.
    void exited.then(() => reject(new Error(`workerd exited before listening:\n${output()}`)));
  });
}
