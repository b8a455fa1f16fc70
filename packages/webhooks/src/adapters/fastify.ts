/**
 * `@dojo-terminals/webhooks/fastify`: a Fastify plugin that registers the webhook route. Inside its own
 * encapsulated context it replaces Fastify's JSON parser with one that keeps the raw bytes, so the
 * signature is checked against exactly what Dojo sent; your other routes keep parsing JSON as before.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { checkMaxBodyBytes, normalizeSecrets } from '../core/secrets.js';
import { parseWebhook } from '../index.js';
import { handleEvent, replyForError, type WebhookHandlerOptions, type WebhookReply } from './shared.js';

export type { WebhookHandlerOptions, WebhookReply } from './shared.js';

/** What `onEvent` receives beside the event. */
export interface FastifyWebhookContext {
  request: FastifyRequest;
}

/** The plugin's options: the handler options and the route's path (default `/webhooks/dojo`). */
export interface FastifyWebhookOptions extends WebhookHandlerOptions<FastifyWebhookContext> {
  path?: string;
}

/** `await app.register(dojoWebhookPlugin, { path: '/webhooks/dojo', secrets, onEvent })` */
export async function dojoWebhookPlugin(fastify: FastifyInstance, options: FastifyWebhookOptions): Promise<void> {
  normalizeSecrets(options.secrets); // an empty or missing secret fails at start-up, not on the first delivery
  const limit = checkMaxBodyBytes(options.maxBodyBytes);
  fastify.removeAllContentTypeParsers();
  // Fastify answers 413 itself (before hashing) when the body is over `bodyLimit`.
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_request, body, done) => done(null, body));
  fastify.post(options.path ?? '/webhooks/dojo', async (request, reply) => {
    let answer: WebhookReply;
    try {
      const body = request.body;
      const signature = request.headers['dojo-signature'];
      const event = parseWebhook({
        body: body instanceof Uint8Array ? body : '',
        signature: typeof signature === 'string' ? signature : undefined,
        secrets: options.secrets,
        maxBodyBytes: limit,
        logger: options.logger,
      });
      answer = await handleEvent(options, event, { request });
    } catch (error) {
      answer = replyForError(options, error);
    }
    return reply.code(answer.status).type('application/json').send(answer.body);
  });
}
