import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, parseCliArgs, UsageError } from './cli-args.js';

describe('parseCliArgs', () => {
  it('needs only --spec and defaults to port 4010 without dynamic responses', () => {
    expect(parseCliArgs(['--spec', 'openapi.json'], {})).toEqual({
      help: false,
      specPath: 'openapi.json',
      port: DEFAULT_PORT,
      dynamic: false,
    });
    expect(DEFAULT_PORT).toBe(4010);
  });

  it('takes the port from --port before env PORT', () => {
    expect(parseCliArgs(['--spec', 'a.json'], { PORT: '4300' }).port).toBe(4300);
    expect(parseCliArgs(['--spec', 'a.json', '--port', '4020'], { PORT: '4300' }).port).toBe(4020);
    expect(parseCliArgs(['--spec=a.json', '--port=4021'], {}).port).toBe(4021);
  });

  it('turns on dynamic responses with --dynamic or -d', () => {
    expect(parseCliArgs(['--spec', 'a.json', '--dynamic'], {}).dynamic).toBe(true);
    expect(parseCliArgs(['--spec', 'a.json', '-d'], {}).dynamic).toBe(true);
  });

  it('lets a later --spec override an earlier one and ignores a leading --', () => {
    expect(parseCliArgs(['--', '--spec', 'a.json', '--spec', 'b.json'], {}).specPath).toBe('b.json');
  });

  it('reports --help without requiring --spec', () => {
    expect(parseCliArgs(['--help'], {}).help).toBe(true);
  });

  it('rejects a missing spec, bad ports and unknown options', () => {
    expect(() => parseCliArgs([], {})).toThrow(new UsageError('--spec <path> is required'));
    expect(() => parseCliArgs(['--spec', 'a.json', '--port', '70000'], {})).toThrow(/--port must be a port number/);
    expect(() => parseCliArgs(['--spec', 'a.json', '--port', '40x'], {})).toThrow(/--port must be a port number/);
    expect(() => parseCliArgs(['--spec', 'a.json'], { PORT: 'http' })).toThrow(/PORT must be a port number/);
    expect(() => parseCliArgs(['--spec', 'a.json', '--verbose'], {})).toThrow(UsageError);
    expect(() => parseCliArgs(['--spec', 'a.json', 'extra'], {})).toThrow(UsageError);
  });
});
