import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoResult } from './run-demo.js';

// The built demo, as `pnpm demo` runs it (turbo builds before testing).
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // Piped stdout: not a TTY, so each step is a line of its own.
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const FLOWS = [
  ['1. Sale', 'captured'],
  ['2. Pre-authorisation and capture', 'authorized → captured'],
  ['3. Sale with a signature', 'captured, signature accepted'],
  ['4. Declined card', 'declined'],
  ['5. Refund of the sale', 'refunded'],
] as const;

describe('pnpm demo', () => {
  // One run of the human output, read by the first three tests.
  let run: Run;
  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: build the demo first (pnpm turbo run build --filter=@dojo-terminals/demo...)`);
    run = await runCli(['--time-scale', '0.05']);
  });

  it('runs the five flows in order, each to its expected outcome, and exits 0', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const receipts = run.stdout.split('\n').filter((line) => /^[✔✘] \d\. /.test(line));
    expect(receipts).toHaveLength(5);
    FLOWS.forEach(([flow, outcome], index) => expect(receipts[index]).toMatch(new RegExp(`^✔ ${flow}: ${outcome}, £\\d+\\.\\d\\d`)));
    expect(receipts[0]).toContain('£12.50');
    expect(receipts[4]).toContain('£12.50');
    expect(run.stdout).toMatch(/\n5 of 5 flows ended as expected · [1-9]\d* webhook events received and verified\n$/);
  });

  it('prints each step as a plain line, with the terminal’s prompts, when stdout is not a terminal', () => {
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toContain('\r');
    const saleSteps = run.stdout.split('\n').filter((line) => line.startsWith('  1. Sale · '));
    expect(saleSteps).toEqual(expect.arrayContaining(['  1. Sale · Terminal: Present card', '  1. Sale · Terminal: Enter PIN', '  1. Sale · Status: Captured']));
    expect(run.stdout).toContain('  3. Sale with a signature · Signature check…\n');
    expect(run.stdout).toContain('  3. Sale with a signature · Signature accepted by the cashier\n');
  });

  it('never prints the API key or the webhook secret', () => {
    const everything = run.stdout + run.stderr;
    expect(everything).not.toMatch(/\bsk_(?:sandbox|prod)_|\bws_[\w-]{8,}/);
  });

  it('with --json, reports each flow’s outcome and the events its webhook receiver verified', async () => {
    const json = await runCli(['--time-scale', '0.05', '--json']);
    expect(json.code).toBe(0);
    expect(json.stdout).not.toMatch(/\bsk_(?:sandbox|prod)_|\bws_[\w-]{8,}/);
    const result = JSON.parse(json.stdout) as DemoResult;
    expect(result.ok).toBe(true);
    expect(result.flows.map((flow) => [flow.name, flow.outcome, flow.ok])).toEqual([
      ['Sale', 'captured', true],
      ['Pre-authorisation and capture', 'authorized → captured', true],
      ['Sale with a signature', 'captured, signature accepted', true],
      ['Declined card', 'declined', true],
      ['Refund of the sale', 'refunded', true],
    ]);
    expect(result.flows[4]).toMatchObject({ paymentIntentId: result.flows[0]?.paymentIntentId, paymentIntentStatus: 'Refunded' });
    expect(result.flows[1]).toMatchObject({ paymentIntentStatus: 'Captured' });
    expect(result.webhooks.refused).toBe(0);
    expect(result.webhooks.verified).toBeGreaterThan(0);
    expect(result.webhooks.byType['payment_intent.status_updated']).toBeGreaterThan(0);
  });

  it('refuses a bad --time-scale with exit code 2 and the usage', async () => {
    const refused = await runCli(['--time-scale', 'fast']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--time-scale must be a number from 0.01 to 1, got "fast"');
    expect(refused.stderr).toContain('pnpm demo [--time-scale <x>] [--json]');
    expect(refused.stdout).toBe('');
  });
});
