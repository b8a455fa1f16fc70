/**
 * `@dojo-terminals/webhooks/fetch`: a handler from a Fetch `Request` to a `Response`, over WebCrypto, for
 * Hono, Next.js route handlers, Cloudflare Workers, Deno and Bun. It reads the body as bytes itself (never
 * `request.json()`), bounded by `maxBodyBytes`.
 */
import { WebhookBodyTooLargeError } from '../core/errors.js';
import { checkMaxBodyBytes, normalizeSecrets } from '../core/secrets.js';
import { parseWebhook } from '../web.js';
import { handleEvent, replyForError, type WebhookHandlerOptions, type WebhookReply } from './shared.js';

export type { WebhookHandlerOptions, WebhookReply } from './shared.js';

/** What `onEvent` receives beside the event. */
export interface FetchWebhookContext {
  request: Request;
}

async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new WebhookBodyTooLargeError(limit);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new WebhookBodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function toResponse(reply: WebhookReply): Response {
  return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
}

/**
 * `(request) => Promise<Response>`. Hono: `app.post('/webhooks/dojo', (c) => handler(c.req.raw))`;
 * Next.js: `export const POST = dojoWebhook({...})`; Workers: call it from `fetch`.
 */
export function dojoWebhook(options: WebhookHandlerOptions<FetchWebhookContext>): (request: Request) => Promise<Response> {
  normalizeSecrets(options.secrets); // an empty or missing secret fails at start-up, not on the first delivery
  const limit = checkMaxBodyBytes(options.maxBodyBytes);
  return async (request) => {
    try {
      const body = await readBody(request, limit);
      const event = await parseWebhook({ body, signature: request.headers.get('dojo-signature'), secrets: options.secrets, maxBodyBytes: limit, logger: options.logger });
      return toResponse(await handleEvent(options, event, { request }));
    } catch (error) {
      return toResponse(replyForError(options, error));
    }
  };
}
