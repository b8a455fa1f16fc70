// From source: @dojo-terminals/contract depends on this package, so it cannot be a dependency here.
import { startMock, type MockServer } from '../../contract/src/start-mock.js';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import { BundleValidator, formatErrors } from './test-support/ajv.js';
import { checkInvariants, collectStatusEnums, pathPattern, type InvariantContext } from './test-support/invariants.js';
import {
  isJsonMediaType,
  loadBundle,
  mediaTypes,
  pathOperations,
  responsesOf,
  statusCovers,
  type Json,
  type Operation,
} from './test-support/openapi.js';
import { bundleJsonPath } from './test-support/paths.js';
import { buildRequest, runPool, type BuiltRequest } from './test-support/requests.js';

const REQUESTS_PER_OPERATION = 50;
const CONCURRENCY = 8;
/** Kinds of problem listed per operation (the rest are counted). */
const MAX_REPORTED = 30;

const doc = loadBundle();
const operations = pathOperations(doc);
const validator = new BundleValidator(doc);

/**
 * Prefix of the `id` of the resource(s) each operation returns, and the array property holding
 * them on list pages. Chosen by hand per operation, independently of the schemas.
 */
const RESOURCE_IDS: Record<string, { prefix: string; listProperty?: string }> = {
  'GET /terminals': { prefix: 'tm' },
  'GET /terminals/{terminalId}': { prefix: 'tm' },
  'POST /terminal-sessions': { prefix: 'ts' },
  'GET /terminal-sessions/{terminalSessionId}': { prefix: 'ts' },
  'PUT /terminal-sessions/{terminalSessionId}/cancel': { prefix: 'ts' },
  'PUT /terminal-sessions/{terminalSessionId}/signature': { prefix: 'ts' },
  'POST /payment-intents': { prefix: 'pi' },
  'GET /payment-intents/{paymentIntentId}': { prefix: 'pi' },
  'DELETE /payment-intents/{paymentIntentId}': { prefix: 'pi' },
  'POST /payment-intents/{paymentIntentId}/captures': { prefix: 'cp' },
  'POST /payment-intents/{paymentIntentId}/charge': { prefix: 'pi' },
  'POST /payment-intents/{paymentIntentId}/refresh-client-session-secret': { prefix: 'pi' },
  'POST /payment-intents/search': { prefix: 'pi', listProperty: 'data' },
  'POST /payment-intents/{paymentIntentId}/tips-amount': { prefix: 'pi' },
  'POST /payment-intents/{paymentIntentId}/amount': { prefix: 'pi' },
  'POST /payment-intents/{paymentIntentId}/receipt': { prefix: 'pi' },
  'POST /payment-intents/{paymentIntentId}/refunds': { prefix: 'rfnd' },
  'GET /payment-intents/refunds/{refundId}': { prefix: 'rfnd' },
  'POST /payment-intents/{paymentIntentId}/reversal': { prefix: 'rvs' },
};

const truncate = (text: string, max = 300): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/** One problem with one response; problems of the same kind are grouped in the report. */
interface Problem {
  /** What went wrong and where, without request-specific details (array indexes become `*`). */
  kind: string;
  /** The first request's specifics: request number, offending value. */
  detail: string;
}

async function exercise(mock: MockServer, operation: Operation, request: BuiltRequest, index: number): Promise<Problem[]> {
  const at = `request #${index + 1}`;
  let response: Response;
  try {
    response = await fetch(`${mock.url}${request.url}`, {
      method: request.method,
      headers: request.headers,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
  } catch (error) {
    return [{ kind: `fetch failed: ${(error as Error).message}`, detail: at }];
  }
  const text = await response.text();
  const status = String(response.status);
  // The mock answers an invalid request with a problem naming what is wrong, and lists it in the
  // sl-violations header.
  const violations = response.headers.get('sl-violations');
  if (!status.startsWith('2')) {
    const why = violations ? `Prism's violations: ${truncate(violations, 1500)}` : `body: ${truncate(text, 1500)}`;
    return [{ kind: `${request.method} ${request.url} answered ${status}`, detail: `${at}; ${why}` }];
  }
  if (violations && /"severity"\s*:\s*"Error"/.test(violations)) {
    return [{ kind: `Prism found the request invalid`, detail: `${at}; ${truncate(violations, 1500)}` }];
  }
  const declared = responsesOf(doc, operation);
  const spec = declared.find((r) => r.status === status) ?? declared.find((r) => statusCovers(r.status, status));
  if (!spec) return [{ kind: `status ${status} is not documented`, detail: at }];
  const contentType = response.headers.get('content-type') ?? '';
  const media = mediaTypes(spec);
  if (text === '') {
    return media.length > 0 ? [{ kind: `${status} has an empty body but the spec declares content`, detail: at }] : [];
  }
  if (!isJsonMediaType(contentType)) return [{ kind: `${status} content-type ${contentType} is not JSON`, detail: at }];
  const chosen = media.find((m) => m.mediaType === contentType.split(';')[0]!.trim()) ?? media.find((m) => isJsonMediaType(m.mediaType));
  if (!chosen || !('schema' in chosen.node)) return [{ kind: `no JSON schema declared for ${status}`, detail: at }];
  let body: Json;
  try {
    body = JSON.parse(text) as Json;
  } catch {
    return [{ kind: `${status} body is not JSON`, detail: `${at}: ${truncate(text)}` }];
  }

  const problems: Problem[] = [];
  const schemaPointer = `${chosen.pointer}/schema`;
  const result = validator.validate(schemaPointer, body);
  for (const error of result.errors) {
    problems.push({
      kind: `schema: ${formatErrors([error]).trim().replace(/\/\d+(?=\/|\s)/g, '/*')}`,
      detail: `${at} (${error.instancePath || '(root)'}): got ${truncate(JSON.stringify(error.data) ?? 'undefined', 200)}`,
    });
  }

  const ids = RESOURCE_IDS[`${operation.method.toUpperCase()} ${operation.path}`];
  const context: InvariantContext = {
    resourcePrefix: ids?.prefix,
    listProperty: ids?.listProperty,
    statusEnums: enumCache(schemaPointer),
  };
  for (const v of checkInvariants(body, context)) {
    problems.push({
      kind: `invariant: ${pathPattern(v.path)}: ${v.rule}`,
      detail: `${at} (${v.path}): got ${truncate(JSON.stringify(v.value) ?? 'undefined', 200)}`,
    });
  }
  return problems;
}

/** Groups problems by kind: `N× kind — e.g. detail`, most frequent first. */
function report(problems: Problem[]): string {
  const groups = new Map<string, { count: number; detail: string }>();
  for (const p of problems) {
    const group = groups.get(p.kind);
    if (group) group.count++;
    else groups.set(p.kind, { count: 1, detail: p.detail });
  }
  const lines = [...groups.entries()]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([kind, { count, detail }]) => `${count}× ${kind}\n     e.g. ${detail}`);
  const shown = lines.slice(0, MAX_REPORTED);
  const more = lines.length > shown.length ? `\n… and ${lines.length - shown.length} more kinds` : '';
  return `${shown.join('\n')}${more}`;
}

const enumMaps = new Map<string, ReturnType<typeof collectStatusEnums>>();
function enumCache(schemaPointer: string): ReturnType<typeof collectStatusEnums> {
  let map = enumMaps.get(schemaPointer);
  if (!map) {
    map = collectStatusEnums(doc, schemaPointer);
    enumMaps.set(schemaPointer, map);
  }
  return map;
}

describe(`Prism dynamic responses (${REQUESTS_PER_OPERATION} per operation) are valid and realistic`, () => {
  let mock: MockServer | undefined;
  // Kept and thrown by each test, so that a Prism that cannot start fails every test (not skips them).
  let startError: Error | undefined;
  const running = (): MockServer => {
    if (startError) throw startError;
    if (!mock) throw new Error('Prism was not started');
    return mock;
  };

  beforeAll(async () => {
    try {
      mock = await startMock({ specPath: bundleJsonPath, dynamic: true });
    } catch (error) {
      startError = error as Error;
    }
  }, 120_000);

  afterAll(async () => {
    await mock?.stop();
  });

  it('covers every operation of the bundle', () => {
    expect(operations.length).toBeGreaterThan(0);
  });

  it.each(operations.map((o) => [o.label, o] as const))(
    '%s',
    async (label, operation) => {
      const server = running();
      const request = buildRequest(doc, operation);
      const outcomes = await runPool(REQUESTS_PER_OPERATION, CONCURRENCY, (i) => exercise(server, operation, request, i));
      const problems = outcomes.flat();
      if (problems.length > 0) {
        const failed = outcomes.filter((o) => o.length > 0).length;
        assert.fail(
          `${label} (${operation.method.toUpperCase()} ${operation.path}): ${failed} of ${REQUESTS_PER_OPERATION} responses have problems\n${report(problems)}`,
        );
      }
    },
    60_000,
  );

  it('stop() leaves no Prism process behind', async () => {
    const server = running();
    const { pid } = server;
    await server.stop();
    expect(() => process.kill(pid, 0), `Prism pid ${pid} is still alive`).toThrow();
    // Prism runs as a process-group leader: nothing it started may survive either.
    expect(() => process.kill(-pid, 0), `process group ${pid} still has members`).toThrow();
  });
});
