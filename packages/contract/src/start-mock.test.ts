import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError } from './ports.js';
import { ContractViolationError } from './report.js';
import { launchPrism } from './prism.js';
import { startMock, type MockServer } from './start-mock.js';
import { FIXTURE_SPEC, NOT_OPENAPI_SPEC, isAlive, prismChildPids } from './test-support.js';

const TERMINAL_EXAMPLE = { id: 'tm_fixture_example', status: 'Available', batteryPercent: 87 };
const VALID_SESSION = { terminalId: 'tm_fixture_example', amount: 500 };

afterAll(() => {
  // Every mock started here, including the ones that failed to start, must be gone.
  expect(prismChildPids()).toEqual([]);
});

function postSession(mock: MockServer, headers: Record<string, string>, body?: unknown): Promise<Response> {
  return fetch(`${mock.url}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('startMock with examples and request validation', () => {
  let mock: MockServer;
  const output: string[] = [];

  beforeAll(async () => {
    mock = await startMock({ specPath: FIXTURE_SPEC, onOutput: (line) => output.push(line) });
  });
  afterAll(() => mock.stop());

  it('listens on a loopback URL that matches its port', () => {
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
    expect(isAlive(mock.pid)).toBe(true);
    // Prism listens on a port of its own, behind the recording front at mock.url.
    expect(output.some((line) => line.includes('Prism is listening on http://127.0.0.1:'))).toBe(true);
  });

  it('answers with the example from the document', async () => {
    const res = await fetch(`${mock.url}/terminals/tm_anything`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(TERMINAL_EXAMPLE);
  });

  it('accepts a request with the required header and body', async () => {
    const res = await postSession(mock, { version: '2024-02-05' }, VALID_SESSION);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ id: 'ts_fixture_example', amount: 1250 });
  });

  it('answers a request without a required header with a 400 problem naming it, and records it', async () => {
    mock.clearViolations();
    const res = await postSession(mock, {}, VALID_SESSION);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(JSON.parse(res.headers.get('sl-violations')!)).toEqual([expect.objectContaining({ location: ['request', 'header', 'version'] })]);
    const problem = (await res.json()) as Record<string, unknown>;
    expect(problem).toEqual({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      detail: "createSession (POST /sessions): the request breaks the spec: header version must have required property 'version', sent (absent)",
      traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
      errors: { version: ["Must have required property 'version'; sent: (absent)."] },
    });
    expect(mock.violations()).toEqual([
      expect.objectContaining({ operation: 'createSession (POST /sessions)', side: 'request', field: 'header version', actual: '(absent)', status: 400 }),
    ]);
    expect(mock.report()).toContain('request header version');
  });

  it('answers a wrong body field with a problem naming the field, what the spec expects and what was sent', async () => {
    mock.clearViolations();
    const res = await postSession(mock, { version: '2024-02-05' }, { ...VALID_SESSION, amount: 0 });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown }).errors).toEqual({ amount: ['Must be >= 1; sent: 0.'] });
    expect(mock.report()).toBe(
      [
        '✖ createSession (POST /sessions): the request breaks the spec (answered 400 to POST /sessions)',
        '    request body.amount',
        '      expected: must be >= 1',
        '      sent:     0',
      ].join('\n'),
    );
  });

  it('refuses a body that is not valid JSON without waiting on Prism', async () => {
    mock.clearViolations();
    const res = await fetch(`${mock.url}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json', version: '2024-02-05' }, body: '{"terminalId":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: unknown }).errors).toEqual({ body: ['Must be valid JSON, as its content-type says; sent: "{\\"terminalId\\":".'] });
    expect(mock.violations()).toHaveLength(1);
  });

  it('answers a body over 1 MiB with a 413 naming the limit, without reading the rest', async () => {
    mock.clearViolations();
    const huge = JSON.stringify({ terminalId: 'x'.repeat(2 * 1024 * 1024), amount: 1 });
    const res = await postSession(mock, { version: '2024-02-05' }, JSON.parse(huge));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { errors: unknown }).errors).toEqual({ body: ['Must be at most 1048576 bytes; sent: a larger body.'] });
    expect(mock.violations()).toEqual([expect.objectContaining({ field: 'body', status: 413 })]);
  });

  it('answers a request without credentials with the documented 401, never echoing a key', async () => {
    mock.clearViolations();
    const res = await fetch(`${mock.url}/secure`);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { errors: unknown }).errors).toEqual({ authorization: ['Must carry valid credentials (Invalid security scheme used); sent: (absent).'] });
    expect(mock.violations()).toEqual([expect.objectContaining({ field: 'header authorization', actual: '(absent)' })]);
    const ok = await fetch(`${mock.url}/secure`, { headers: { authorization: 'Basic sk_sandbox_secret_value' } });
    expect(ok.status).toBe(200);
    expect(mock.report()).not.toContain('sk_sandbox_secret_value');
  });

  it('answers a path or method the spec does not have with 404 / 405, and records them', async () => {
    mock.clearViolations();
    const missing = await fetch(`${mock.url}/terminalz/tm_1`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { errors: unknown }).errors).toEqual({ path: ['Must be the path of an operation in the spec; sent: "/terminalz/tm_1".'] });
    const wrongMethod = await fetch(`${mock.url}/terminals/tm_1`, { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(mock.violations().map((violation) => violation.field)).toEqual(['path', 'method']);
  });

  it('assertNoViolations throws the report once a violation was seen', async () => {
    mock.clearViolations();
    expect(() => mock.assertNoViolations()).not.toThrow();
    await postSession(mock, {}, VALID_SESSION);
    expect(() => mock.assertNoViolations()).toThrow(ContractViolationError);
    expect(() => mock.assertNoViolations()).toThrow(/1 contract violation\(s\):\n✖ createSession \(POST \/sessions\)/);
  });
});

describe('startMock with dynamic responses', () => {
  let mock: MockServer;

  beforeAll(async () => {
    mock = await startMock({ specPath: FIXTURE_SPEC, dynamic: true });
  });
  afterAll(() => mock.stop());

  it('generates data from the schema instead of returning the example', async () => {
    const res = await fetch(`${mock.url}/terminals/tm_anything`);
    expect(res.status).toBe(200);
    const terminal = (await res.json()) as Record<string, unknown>;
    expect(terminal.id).toEqual(expect.any(String));
    expect(terminal.id).not.toBe(TERMINAL_EXAMPLE.id);
    expect(['Available', 'Busy', 'Offline']).toContain(terminal.status);
    expect(Number.isInteger(terminal.batteryPercent)).toBe(true);
  });
});

describe('startMock lifecycle', () => {
  it('gives two mocks running at once different ports', async () => {
    const [first, second] = await Promise.all([
      startMock({ specPath: FIXTURE_SPEC }),
      startMock({ specPath: FIXTURE_SPEC }),
    ]);
    try {
      expect(first.port).not.toBe(second.port);
      for (const mock of [first, second]) {
        expect((await fetch(`${mock.url}/terminals/tm_1`)).status).toBe(200);
      }
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('stop() ends the Prism process, stops answering, and can be called again', async () => {
    const mock = await startMock({ specPath: FIXTURE_SPEC });
    const firstStop = mock.stop();
    expect(mock.stop()).toBe(firstStop);
    await firstStop;
    expect(isAlive(mock.pid)).toBe(false);
    expect(() => process.kill(-mock.pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    await expect(fetch(`${mock.url}/terminals/tm_1`)).rejects.toThrow();
    await expect(mock.stop()).resolves.toBeUndefined();
    await expect(mock.exited).resolves.toEqual({ code: null, signal: 'SIGTERM' });
  });

  it('stopAndAssert() stops the mock, then throws when a violation was seen', async () => {
    const clean = await startMock({ specPath: FIXTURE_SPEC });
    await fetch(`${clean.url}/terminals/tm_1`);
    await expect(clean.stopAndAssert()).resolves.toBeUndefined();
    expect(isAlive(clean.pid)).toBe(false);

    const broken = await startMock({ specPath: FIXTURE_SPEC });
    await fetch(`${broken.url}/sessions`, { method: 'POST' });
    await expect(broken.stopAndAssert()).rejects.toThrow(/request header version/);
    expect(isAlive(broken.pid)).toBe(false);
  });

  it('listens on the port it is given', async () => {
    const probe = await startMock({ specPath: FIXTURE_SPEC });
    const port = probe.port;
    await probe.stop();
    const mock = await startMock({ specPath: FIXTURE_SPEC, port });
    try {
      expect(mock.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${mock.url}/terminals/tm_1`)).status).toBe(200);
    } finally {
      await mock.stop();
    }
  });
});

describe('startMock failures', () => {
  let blocker: Server;
  let blockedPort: number;

  beforeAll(async () => {
    blocker = createServer();
    blockedPort = await new Promise<number>((resolve) => {
      blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port));
    });
  });
  afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('rejects a spec path that does not exist, naming the path', async () => {
    const missing = '/nonexistent/dir/openapi.json';
    await expect(startMock({ specPath: missing })).rejects.toThrow(`cannot read OpenAPI document ${missing}`);
  });

  it('rejects a port that is already in use', async () => {
    const failure = startMock({ specPath: FIXTURE_SPEC, port: blockedPort });
    await expect(failure).rejects.toBeInstanceOf(PortInUseError);
    await expect(failure).rejects.toThrow(`port ${blockedPort} on 127.0.0.1 is already in use`);
  });

  it('recognises Prism failing to bind a port taken after the check (the retry case)', async () => {
    const failure = launchPrism(FIXTURE_SPEC, '127.0.0.1', blockedPort, {});
    await expect(failure).rejects.toBeInstanceOf(PortInUseError);
    await expect(failure).rejects.toThrow(/Prism exited before it was ready[\s\S]*EADDRINUSE/);
  });

  it('rejects a host that is not loopback', async () => {
    await expect(startMock({ specPath: FIXTURE_SPEC, host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('rejects a document that is not JSON, saying how to bundle it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'contract-yaml-'));
    const yaml = join(dir, 'openapi.yaml');
    writeFileSync(yaml, 'openapi: 3.1.0\npaths: {}\n');
    try {
      await expect(startMock({ specPath: yaml })).rejects.toThrow(/openapi\.yaml is not a JSON OpenAPI document .*redocly bundle/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("rejects a document Prism cannot serve, quoting Prism's output", async () => {
    const failure = startMock({ specPath: NOT_OPENAPI_SPEC });
    await expect(failure).rejects.toThrow(`failed to start for ${NOT_OPENAPI_SPEC}`);
    await expect(failure).rejects.toThrow(/Prism exited before it was ready[\s\S]*Last Prism output:\n/);
    await expect(failure).rejects.toThrow(/fatal\s+Unsupported document format/);
  });

  it('gives up after startTimeoutMs and says so', async () => {
    await expect(startMock({ specPath: FIXTURE_SPEC, startTimeoutMs: 50 })).rejects.toThrow(
      /did not answer at http:\/\/127\.0\.0\.1:\d+ within 50 ms/,
    );
  });
});
