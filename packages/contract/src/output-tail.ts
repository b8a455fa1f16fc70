import { stripVTControlCharacters } from 'node:util';

/**
 * Keeps the last `maxLines` lines written to it (ANSI colours removed). Each stream (e.g. stdout and
 * stderr) has its own unfinished line, so chunks of two streams never merge into one line.
 */
export class OutputTail {
  readonly #maxLines: number;
  readonly #lines: string[] = [];
  readonly #partials = new Map<string, string>();

  constructor(maxLines = 30) {
    this.#maxLines = maxLines;
  }

  /** Adds a chunk of output from `stream`; returns the complete lines it finished. */
  push(chunk: string, stream = 'stdout'): string[] {
    const parts = ((this.#partials.get(stream) ?? '') + chunk).split(/\r?\n/);
    this.#partials.set(stream, parts.pop() ?? '');
    const finished = parts.map((line) => stripVTControlCharacters(line)).filter((line) => line.trim() !== '');
    for (const line of finished) this.#remember(line);
    return finished;
  }

  /** The remembered lines, oldest first, followed by any unfinished lines. */
  lines(): string[] {
    const unfinished = [...this.#partials.values()].map((line) => stripVTControlCharacters(line));
    return [...this.#lines, ...unfinished.filter((line) => line.trim() !== '')];
  }

  includes(text: string): boolean {
    return this.lines().some((line) => line.includes(text));
  }

  #remember(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > this.#maxLines) this.#lines.shift();
  }
}
