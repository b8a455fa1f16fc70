/**
 * `@dojo-terminals/webhooks/express`: a request handler for Express (4 or 5) and plain `node:http`.
 * It verifies the raw bytes: with `express.raw()` in front it uses that buffer, with no body parser it
 * reads the request itself; after `express.json()` it refuses with a clear error instead of re-serialising.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebhookBodyTooLargeError } from '../core/errors.js';
import { checkMaxBodyBytes, normalizeSecrets } from '../core/secrets.js';
import { parseWebhook } from '../index.js';
import { handleEvent, RawBodyUnavailableError, replyForError, type WebhookHandlerOptions, type WebhookReply } from './shared.js';

export type { WebhookHandlerOptions, WebhookReply } from './shared.js';
export { RawBodyUnavailableError } from './shared.js';

/** The request as the handler sees it: Node's, with `body` when a body parser ran. */
export type NodeWebhookRequest = IncomingMessage & { body?: unknown };

/** What `onEvent` receives beside the event. */
export interface NodeWebhookContext {
  request: NodeWebhookRequest;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new WebhookBodyTooLargeError(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) {
        settled = true;
        chunks.length = 0;
        reject(new WebhookBodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!settled) {
        settled = true;
        resolve(Buffer.concat(chunks, size));
      }
    });
    req.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
  });
}

async function rawBody(req: NodeWebhookRequest, limit: number): Promise<string | Uint8Array> {
  const { body } = req;
  if (body instanceof Uint8Array || typeof body === 'string') return body;
  // Express 4's json parser leaves `{}` and an unread stream when the content type did not match.
  if (!req.readableEnded && req.readable) return readBody(req, limit);
  throw new RawBodyUnavailableError();
}

function send(res: ServerResponse, reply: WebhookReply, close: boolean): void {
  const text = JSON.stringify(reply.body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  if (close) headers.connection = 'close';
  res.writeHead(reply.status, headers).end(text);
}

/**
 * A handler for `app.post(path, express.raw({ type: 'application/json', limit: '1mb' }), dojoWebhook({...}))`
 * or `http.createServer(dojoWebhook({...}))`. Answers 200 when handled (or a duplicate), 400 for a bad
 * signature or payload, 413 for a body over `maxBodyBytes`, 500 when `onEvent` failed.
 */
export function dojoWebhook(
  options: WebhookHandlerOptions<NodeWebhookContext>,
): (req: NodeWebhookRequest, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void> {
  normalizeSecrets(options.secrets); // an empty or missing secret fails at start-up, not on the first delivery
  const limit = checkMaxBodyBytes(options.maxBodyBytes);
  return async (req, res) => {
    let reply: WebhookReply;
    let close = false;
    try {
      const body = await rawBody(req, limit);
      const signature = req.headers['dojo-signature'];
      const event = parseWebhook({ body, signature: typeof signature === 'string' ? signature : undefined, secrets: options.secrets, maxBodyBytes: limit, logger: options.logger });
      reply = await handleEvent(options, event, { request: req });
    } catch (error) {
      close = error instanceof WebhookBodyTooLargeError;
      reply = replyForError(options, error);
    }
    send(res, reply, close);
  };
}
