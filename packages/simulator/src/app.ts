import Fastify, { type FastifyInstance, type FastifyRequest, type HTTPMethods } from 'fastify';
import { checkRequestHeaders, type KeyRule } from './auth.js';
import { ApiProblem } from './problems.js';
import { bodyProblem, requestBodyValidator } from './request-schemas.js';
import { ROUTES, type RouteInput } from './routes.js';
import { assertTestMode, TEST_HELPER_ROUTES, testHelpersOf } from './test-helpers.js';
import type { World } from './world.js';

interface RouteConfig {
  terminal: boolean;
}

/** The matched operation needs the terminal headers (and answers errors in Dojo's terminal error shape). */
const isTerminal = (request: FastifyRequest) => (request.routeOptions.config as Partial<RouteConfig>).terminal === true;

export interface AppHooks {
  /** Before each request: bring the timelines up to now. */
  beforeRequest(): void;
  /** After each request: the state may have changed. */
  afterRequest(): void;
  log(level: 'info' | 'warn', line: string): void;
}

/** The HTTP front: auth and header rules, one route per operation, problem-details errors. */
export function createApp(world: World, keys: KeyRule, hooks: AppHooks, testMode = false): FastifyInstance {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });

  // A PUT without a body (cancel) may still say application/json: treat an empty body as none.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new ApiProblem(400, 'The request body is not valid JSON.', { errors: { body: ['Not valid JSON.'] } }), undefined);
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const problem =
      error instanceof ApiProblem
        ? error
        : typeof (error as { statusCode?: unknown }).statusCode === 'number' && (error as { statusCode: number }).statusCode < 500
          ? new ApiProblem((error as { statusCode: number }).statusCode, (error as Error).message)
          : new ApiProblem(500, 'The simulator failed to handle the request.');
    if (problem.status >= 500) hooks.log('warn', `internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    void reply.status(problem.status).type('application/json').send(problem.body(isTerminal(request)));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).type('application/json').send(new ApiProblem(404, `No operation ${request.method} ${request.url.split('?')[0]}.`).body());
  });

  // Auth and headers first, before the body is read: an unauthenticated caller learns nothing. Whether the terminal
  // headers are needed is the matched operation's fact from the spec, not a guess from the URL's spelling.
  app.addHook('onRequest', async (request) => {
    hooks.beforeRequest();
    checkRequestHeaders(request.headers, isTerminal(request), keys);
  });
  app.addHook('onResponse', async (request, reply) => {
    hooks.afterRequest();
    hooks.log('info', `${request.method} ${request.url.split('?')[0]} ${reply.statusCode}`);
  });

  for (const route of ROUTES) {
    app.route({
      method: route.method as HTTPMethods,
      url: route.path.replace(/\{(\w+)\}/g, ':$1'),
      config: { terminal: route.terminal } satisfies RouteConfig,
      handler: async (request, reply) => {
        // The body as the spec describes it, before the domain code reads it.
        const validate = requestBodyValidator(route.operationId);
        if (validate !== undefined && !validate(request.body)) throw bodyProblem(validate.errors ?? []);
        const input: RouteInput = {
          params: request.params as Record<string, string>,
          query: request.query as RouteInput['query'],
          body: request.body,
          headers: request.headers,
        };
        const result = route.handle(world, input);
        if (route.status === 204) return reply.status(204).send();
        return reply.status(route.status).type('application/json').send(JSON.stringify(result));
      },
    });
  }
  // Test-only routes, never operations of the spec: refused (403) unless the simulator runs in test mode.
  const helpers = testHelpersOf(world);
  for (const route of TEST_HELPER_ROUTES) {
    app.route({
      method: route.method,
      url: route.path.replace(/\{(\w+)\}/g, ':$1'),
      config: { terminal: false } satisfies RouteConfig,
      handler: async (request, reply) => {
        assertTestMode(testMode);
        const result = route.handle(helpers, request.params as Record<string, string>, request.body);
        if (route.status === 204) return reply.status(204).send();
        return reply.status(route.status).type('application/json').send(JSON.stringify(result));
      },
    });
  }
  return app;
}
