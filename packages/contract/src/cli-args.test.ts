import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseCliArgs, UsageError } from './cli-args.js';

describe('parseCliArgs', () => {
  it('mock needs nothing else: the bundled spec, port 4010, example responses', () => {
    expect(parseCliArgs(['mock'], {})).toEqual({
      help: false,
      command: 'mock',
      specPath: undefined,
      port: DEFAULT_PORT,
      dynamic: false,
      upstream: undefined,
      upstreamTimeoutMs: 30_000,
      pidFile: undefined,
    });
    expect(DEFAULT_PORT).toBe(4010);
  });

  it('proxy takes the upstream URL', () => {
    expect(parseCliArgs(['proxy', 'http://127.0.0.1:8080', '--port', '4020'], {})).toMatchObject({
      command: 'proxy',
      upstream: 'http://127.0.0.1:8080',
      port: 4020,
    });
  });

  it('takes the port from --port before env PORT', () => {
    expect(parseCliArgs(['mock'], { PORT: '4300' }).port).toBe(4300);
    expect(parseCliArgs(['mock', '--port', '4020'], { PORT: '4300' }).port).toBe(4020);
    expect(parseCliArgs(['mock', '--port=4021'], {}).port).toBe(4021);
  });

  it('turns on dynamic responses with --dynamic or -d, and takes another spec with --spec', () => {
    expect(parseCliArgs(['mock', '--dynamic'], {}).dynamic).toBe(true);
    expect(parseCliArgs(['mock', '-d'], {}).dynamic).toBe(true);
    expect(parseCliArgs(['mock', '--spec', 'a.json', '--spec', 'b.json'], {}).specPath).toBe('b.json');
  });

  it('takes the proxy upstream timeout and a pid file', () => {
    expect(parseCliArgs(['proxy', 'http://127.0.0.1:8080', '--upstream-timeout', '500'], {}).upstreamTimeoutMs).toBe(500);
    expect(parseCliArgs(['mock', '--pid-file', 'contract.pid'], {}).pidFile).toBe('contract.pid');
    expect(() => parseCliArgs(['proxy', 'http://x', '--upstream-timeout', '0'], {})).toThrow(/--upstream-timeout must be a number/);
    expect(() => parseCliArgs(['mock', '--upstream-timeout', '500'], {})).toThrow(/proxy only/);
    expect(() => parseCliArgs(['mock', '--pid-file', ''], {})).toThrow(/--pid-file needs a path/);
  });

  it('ignores the -- that `pnpm mock -- --port 4020` forwards', () => {
    expect(parseCliArgs(['mock', '--', '--port', '4020'], {}).port).toBe(4020);
  });

  it('reports --help without a command', () => {
    expect(parseCliArgs(['--help'], {}).help).toBe(true);
  });

  it('rejects missing or unknown commands, bad ports, bad upstreams and unknown options', () => {
    expect(() => parseCliArgs([], {})).toThrow(new UsageError('a command is required: mock or proxy'));
    expect(() => parseCliArgs(['serve'], {})).toThrow(/unknown command "serve"/);
    expect(() => parseCliArgs(['proxy'], {})).toThrow(/exactly one <upstream-url>/);
    expect(() => parseCliArgs(['proxy', 'ftp://x'], {})).toThrow(/must be an http\(s\) URL/);
    expect(() => parseCliArgs(['proxy', 'http://x', '--dynamic'], {})).toThrow(/mock only/);
    expect(() => parseCliArgs(['mock', '--port', '70000'], {})).toThrow(/--port must be a port number/);
    expect(() => parseCliArgs(['mock', '--port', '40x'], {})).toThrow(/--port must be a port number/);
    expect(() => parseCliArgs(['mock'], { PORT: 'http' })).toThrow(/PORT must be a port number/);
    expect(() => parseCliArgs(['mock', '--verbose'], {})).toThrow(UsageError);
    expect(() => parseCliArgs(['mock', 'extra'], {})).toThrow(UsageError);
  });
});
