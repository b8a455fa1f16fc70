import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { isJsonMediaType } from './spec-index.js';

/** The body went over the limit it is read with; reading stopped there. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`the body is larger than ${limit} bytes`);
  }
}

/** The body ended before it was complete: the sender reset or closed the connection. */
export class BodyAbortedError extends Error {
  override readonly name = 'BodyAbortedError';
  constructor(
    readonly received: number,
    readonly expected: number | undefined,
  ) {
    super(
      `the connection closed after ${received} byte(s) of the body${expected === undefined ? '' : ` (content-length ${expected})`}`,
    );
  }
}

/**
 * Reads a whole request or response body, at most `limit` bytes. Rejects with BodyTooLargeError past the limit
 * (leaving the stream paused) and BodyAbortedError when the connection ends mid-body (a reset, or fewer bytes
 * than content-length).
 */
export function readBody(stream: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const length = Number(stream.headers['content-length']);
    const expected = Number.isFinite(length) ? length : undefined;
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      if (error === undefined) resolve(Buffer.concat(chunks));
      else reject(error);
    };
    const onData = (chunk: Buffer): void => {
      received += chunk.length;
      if (received > limit) {
        // Stop reading; the caller answers (or drops the connection) as it sees fit.
        stream.pause();
        finish(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => finish());
    stream.once('aborted', () => finish(new BodyAbortedError(received, expected)));
    stream.once('error', () => finish(new BodyAbortedError(received, expected)));
    stream.once('close', () => {
      if (!stream.complete) finish(new BodyAbortedError(received, expected));
    });
  });
}

export type ParsedBody = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * The body as JSON when its content-type says JSON (undefined when empty), else as text. `ok: false` when a JSON
 * content-type carries something that does not parse.
 */
export function parseBody(body: Buffer, headers: IncomingHttpHeaders): ParsedBody {
  if (body.length === 0) return { ok: true, value: undefined };
  const text = body.toString('utf8');
  if (!isJsonMediaType(String(headers['content-type'] ?? ''))) return { ok: true, value: text };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

/** The first characters of a body, for a report. */
export function snippet(body: Buffer | string, max = 80): string {
  const text = typeof body === 'string' ? body : body.subarray(0, max * 4).toString('utf8');
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}
