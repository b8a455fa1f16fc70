import { DojoResponseTooLargeError } from './errors.js';

/**
 * The body as text, read chunk by chunk and stopped (the stream canceled) as soon as it passes `maxBytes`: the
 * count is of the bytes `fetch` hands over, so after decompression, and an endless body ends at the limit too.
 */
export async function readBody(response: Response, maxBytes: number, describeRequest: () => string): Promise<string> {
  const { body } = response;
  if (body === null) return '';
  // An uncompressed answer from the network that declares a length within the bound: HTTP delivers no more than
  // that many bytes, so the runtime's own reader is bounded too, and faster than reading chunk by chunk here. A
  // Response built in code (`type` "default", e.g. by a custom fetch) may declare anything, so it is read in chunks.
  const { headers } = response;
  if (response.type !== 'default' && Number(headers.get('content-length') ?? NaN) <= maxBytes && !headers.has('content-encoding')) {
    return response.text();
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => undefined);
      throw new DojoResponseTooLargeError(
        `${describeRequest()}: the response body (status ${response.status}) is larger than maxResponseBytes (${maxBytes} bytes); reading stopped there`,
        response.status,
        maxBytes,
      );
    }
    text += decoder.decode(value, { stream: true });
  }
}
