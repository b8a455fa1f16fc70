import { describe, expect, it } from 'vitest';
import { DemoUsageError, parseDemoArgs } from './args.js';

describe('parseDemoArgs', () => {
  it('defaults to a tenth of real time and human output', () => {
    expect(parseDemoArgs([])).toEqual({ timeScale: 0.1, json: false, help: false });
  });

  it('reads --time-scale and --json', () => {
    expect(parseDemoArgs(['--time-scale', '0.05', '--json'])).toEqual({ timeScale: 0.05, json: true, help: false });
    expect(parseDemoArgs(['--time-scale=1'])).toMatchObject({ timeScale: 1 });
  });

  it.each([['0'], ['0.001'], ['2'], ['fast'], [''], ['-1']])('refuses --time-scale %j with a message naming the flag', (value) => {
    const parse = () => parseDemoArgs([`--time-scale=${value}`]);
    expect(parse).toThrow(DemoUsageError);
    expect(parse).toThrow(/--time-scale must be a number from 0\.01 to 1/);
  });

  it('refuses unknown flags and positionals', () => {
    expect(() => parseDemoArgs(['--fast'])).toThrow(DemoUsageError);
    expect(() => parseDemoArgs(['sale'])).toThrow(DemoUsageError);
  });
});
