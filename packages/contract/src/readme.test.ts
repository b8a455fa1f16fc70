import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiVersion } from '@dojo-terminals/spec';
import { USAGE } from './cli-args.js';
import { startMock, type MockServer } from './start-mock.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const HEADERS = { authorization: 'Basic sk_sandbox_test', version: apiVersion, 'content-type': 'application/json' };

/** The first code block of `language` after `heading`. */
function block(heading: string, language: string): string {
  const section = readme.slice(readme.indexOf(heading));
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section);
  if (!match) throw new Error(`no ${language} block after ${heading}`);
  return match[1]!;
}

describe('README', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMock();
  });
  afterAll(() => mock.stop());

  it('shows the CLI usage and options as the CLI prints them', () => {
    const usage = block('## CLI', 'text');
    const synopsis = USAGE.split('\n').filter((line) => line.startsWith('  dojo-contract ')).map((line) => line.trim());
    const options = USAGE.split('\n').filter((line) => /^ {2}--/.test(line) && !line.includes('--help'));
    expect(usage.trim()).toBe([...synopsis, '', ...options].join('\n'));
  });

  it("shows the problem the mock really answers a wrong field with (traceId aside)", async () => {
    const documented = JSON.parse(block('## What the wire says', 'json')) as Record<string, unknown>;
    const res = await fetch(`${mock.url}/payment-intents`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ amount: { value: 1250, currencyCode: 'gbp' }, reference: 'Order 1' }),
    });
    expect(res.status).toBe(documented['status']);
    expect(res.headers.get('sl-violations')).toContain('currencyCode');
    expect(await res.json()).toEqual({ ...documented, traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/) });
  });

  it('shows a report as the mock writes it', async () => {
    mock.clearViolations();
    const { 'content-type': _json, ...headers } = HEADERS;
    await fetch(`${mock.url}/terminals`, { headers });
    expect(block('## The report', 'text')).toContain(mock.report());
  });
});
