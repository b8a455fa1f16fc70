#!/usr/bin/env node
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createPipeline, cycleOk } from './cycle.js';
import { startSpecDev } from './dev.js';
import { formatSummary } from './summary.js';
import { discoverWorkspace } from './workspace.js';

const USAGE = `Usage: spec-dev [--once] [--port <n>] [--no-docs] [--root <dir>]

  On every save under spec/: lint, bundle, regenerate the generated packages, type-check
  the code that uses them and judge the change against the last release, in one summary.
  Serves the HTML reference on 127.0.0.1 and reloads it after every good save.

  --once       run one cycle, print the summary and exit (0 clean, 1 problems)
  --port <n>   docs server port (default 4080; 0 picks a free one)
  --no-docs    no docs server, no reference rebuild
  --root <dir> repository root (default: the one this tool lives in)`;

function fail(message: string): never {
  process.stderr.write(`spec-dev: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      once: { type: 'boolean', default: false },
      port: { type: 'string', default: '4080' },
      'no-docs': { type: 'boolean', default: false },
      // This file is tools/dev/spec-dev/dist/cli.js: the repository is four folders up.
      root: { type: 'string', default: resolve(dirname(fileURLToPath(import.meta.url)), '../../../..') },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer from 0 to 65535, got "${values.port}"`);
const repoRoot = resolve(values.root);

if (values.once) {
  const pipeline = createPipeline(discoverWorkspace(repoRoot));
  const result = await pipeline.runCycle();
  await pipeline.close();
  process.stdout.write(`${formatSummary(result)}\n`);
  process.exit(cycleOk(result) ? 0 : 1);
}

const dev = await startSpecDev({
  repoRoot,
  port,
  docs: !values['no-docs'],
  print: (text) => process.stdout.write(`${text}\n`),
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void dev.close().then(() => process.exit(0));
  });
}
