import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortInUseError } from './ports.js';
import { launchPrism, startMock, type MockServer } from './start-mock.js';
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
    expect(output.some((line) => line.includes(`Prism is listening on ${mock.url}`))).toBe(true);
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

  it('rejects a request without the required header with a 422 naming it', async () => {
    const res = await postSession(mock, {}, VALID_SESSION);
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { validation: { location: string[]; message: string }[] };
    expect(problem.validation).toContainEqual(
      expect.objectContaining({ location: ['header'], message: expect.stringContaining("'version'") }),
    );
  });

  it('rejects a request without the required body with a 422', async () => {
    const res = await postSession(mock, { version: '2024-02-05' });
    expect(res.status).toBe(422);
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
