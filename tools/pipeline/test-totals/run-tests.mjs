#!/usr/bin/env node
// The root `pnpm test`: deletes old reports, runs turbo's build/lint/typecheck/test for every package
// (continuing past failures), then always prints the totals. Exits non-zero if turbo or the totals failed.
import { spawnSync } from 'node:child_process';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deleteReports } from './reports.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const TURBO_ARGS = ['run', 'build', 'lint', 'lint:package', 'typecheck', 'test', 'spec:breaking', '--continue', '--concurrency=2', '--output-logs=errors-only', '--ui=stream'];

deleteReports(root);

const env = { ...process.env, PATH: [join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter) };
const turbo = spawnSync('turbo', TURBO_ARGS, { cwd: root, env, stdio: 'inherit' });
if (turbo.error) console.error(`could not run turbo: ${turbo.error.message}`);
const turboStatus = turbo.status ?? 1;

const totals = spawnSync(process.execPath, [join(here, 'print-totals.mjs')], { cwd: root, stdio: 'inherit' });
const totalsStatus = totals.status ?? 1;

process.exitCode = turboStatus !== 0 ? turboStatus : totalsStatus;
