import { describe, expect, it } from 'vitest';
import { OutputTail } from './output-tail.js';

describe('OutputTail', () => {
  it('joins chunks split mid-line and returns the lines each chunk finished', () => {
    const tail = new OutputTail();
    expect(tail.push('first li')).toEqual([]);
    expect(tail.push('ne\nsecond\nthi')).toEqual(['first line', 'second']);
    expect(tail.lines()).toEqual(['first line', 'second', 'thi']);
  });

  it('keeps only the last lines and strips ANSI colours', () => {
    const tail = new OutputTail(2);
    tail.push('one\n\u001b[31mtwo\u001b[39m\nthree\n');
    expect(tail.lines()).toEqual(['two', 'three']);
    expect(tail.includes('two')).toBe(true);
    expect(tail.includes('one')).toBe(false);
  });

  it('keeps the unfinished lines of different streams apart', () => {
    const tail = new OutputTail();
    expect(tail.push('Starting Pri', 'stdout')).toEqual([]);
    expect(tail.push('fatal: boom\n', 'stderr')).toEqual(['fatal: boom']);
    expect(tail.push('sm\n', 'stdout')).toEqual(['Starting Prism']);
    expect(tail.lines()).toEqual(['fatal: boom', 'Starting Prism']);
  });

  it('skips blank lines', () => {
    const tail = new OutputTail();
    expect(tail.push('a\r\n\r\n  \nb\n')).toEqual(['a', 'b']);
  });
});
