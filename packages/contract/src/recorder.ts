import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { BodyAbortedError, BodyTooLargeError, parseBody, readBody, snippet } from './http-body.js';
import { closeServer, listen } from './listen.js';
import { problemFor } from './problem.js';
import {
  ABSENT,
  describeViolations,
  isSecurityViolation,
  ownViolation,
  type ContractViolation,
  type Exchange,
  type PrismViolation,
} from './report.js';
import { documentedResponse, documentedStatuses, statusForRequestFailure, type OperationInfo, type SpecIndex } from './spec-index.js';
import { EXCHANGE_HEADER, type UpstreamAnswer, type UpstreamTap } from './upstream-tap.js';

/** Prism's problem types that carry validation results. */
const PRISM_ERRORS = 'https://stoplight.io/prism/errors#';
/** Dojo's requests are small JSON documents. */
const MAX_REQUEST_BYTES = 1024 * 1024;
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;
/** Prism's own `sl-violations` header, which our answers carry too; kept short enough for any client. */
const MAX_VIOLATIONS_HEADER = 8 * 1024;

export interface Recorder {
  readonly url: string;
  readonly port: number;
  violations(): ContractViolation[];
  clear(): void;
  close(): Promise<void>;
}

export interface RecorderOptions {
  /** Prism's base URL. */
  target: string;
  host: string;
  /** Port to listen on; 0 or undefined picks a free one. */
  port?: number | undefined;
  spec: SpecIndex;
  /** The upstream leg of a proxy; absent for a mock. */
  tap?: UpstreamTap | undefined;
  /** How long Prism has to answer one exchange (for a proxy: longer than the upstream timeout). */
  answerTimeoutMs: number;
  /** Called with each failing exchange's violations as they happen. */
  onViolations?: ((violations: ContractViolation[]) => void) | undefined;
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * The front of a mock or proxy. It forwards each exchange to Prism and records every violation: those Prism
 * reports, requests no operation matches, bodies that are not JSON, and (proxy) upstreams that fail, answer a
 * status the spec does not document or send something other than the JSON it documents. An exchange that broke
 * the spec is answered with a problem built from its violations, in Dojo's error shape and with the status the
 * spec documents for that class of error; any other answer passes unchanged.
 */
export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const recorded: ContractViolation[] = [];
  const target = new URL(options.target);
  let exchanges = 0;

  const record = (violations: ContractViolation[]): void => {
    if (violations.length === 0) return;
    recorded.push(...violations);
    options.onViolations?.(violations);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const operation = options.spec.find(method, path);
    const exchange: Exchange = {
      id: ++exchanges,
      operation: options.spec.name(method, path),
      method,
      path,
      status: 0,
      requestHeaders: req.headers,
      requestBody: undefined,
      securityHeaders: options.spec.securityHeaders,
      ...(operation === undefined ? {} : { pathParams: options.spec.pathParams(operation, path) }),
    };
    const refuse = (status: number, violations: ContractViolation[], lead: string): void => {
      exchange.status = status;
      const stamped = violations.map((violation) => ({ ...violation, status }));
      record(stamped);
      sendProblem(res, status, stamped, lead);
    };

    let body: Buffer;
    try {
      body = await readBody(req, MAX_REQUEST_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        const found = ownViolation(exchange, {
          side: 'request',
          field: 'body',
          expected: `must be at most ${MAX_REQUEST_BYTES} bytes`,
          actual: 'a larger body',
          message: error.message,
        });
        // Answer, then drop the connection rather than read the rest.
        res.once('finish', () => req.destroy());
        res.shouldKeepAlive = false;
        refuse(413, [found], `${exchange.operation}: the request body is too large`);
      }
      // BodyAbortedError: the caller went away; there is nobody to answer.
      return;
    }

    if (operation === undefined && !isCorsPreflight(req)) {
      const known = options.spec.hasPath(path);
      const found = ownViolation(exchange, {
        side: 'request',
        field: known ? 'method' : 'path',
        expected: known ? 'must be a method the spec documents for this path' : 'must be the path of an operation in the spec',
        actual: JSON.stringify(known ? method : exchange.operation.slice(method.length + 1)),
        message: `no operation of the spec matches ${exchange.operation}`,
      });
      refuse(known ? 405 : 404, [found], `No operation of the spec matches ${exchange.operation}`);
      return;
    }

    const parsed = parseBody(body, req.headers);
    if (!parsed.ok) {
      // Prism never answers a request whose JSON does not parse: refuse it here.
      const found = ownViolation(exchange, {
        side: 'request',
        field: 'body',
        expected: 'must be valid JSON, as its content-type says',
        actual: snippet(body),
        message: `Request body is not valid JSON: ${parsed.reason}`,
      });
      refuse(statusForRequestFailure(operation, 'validation'), [found], `${exchange.operation}: the request breaks the spec`);
      return;
    }
    exchange.requestBody = parsed.value;

    const id = String(exchange.id);
    let answer: Answer;
    try {
      answer = await forward(target, req, body, options.tap === undefined ? undefined : id, options.answerTimeoutMs);
    } catch (error) {
      options.tap?.take(id);
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`dojo-contract: Prism did not answer ${method} ${path}: ${(error as Error).message}\n`);
      }
      return;
    }
    const upstream = options.tap?.take(id);
    exchange.status = answer.status;
    const found = prismViolations(answer.headers, answer.body);

    const requestSide = found.filter((violation) => violation.location[0] !== 'response');
    if (requestSide.length > 0) {
      // Prism codes a security violation 401 and answers 401 for it: either says the credentials are at fault.
      const failure = answer.status === 401 || requestSide.some(isSecurityViolation) ? 'authentication' : 'validation';
      const status = statusForRequestFailure(operation, failure);
      refuse(status, describeViolations(exchange, requestSide), `${exchange.operation}: the request breaks the spec`);
      return;
    }

    if (upstream?.failure !== undefined) {
      const status = upstream.failure.kind === 'timeout' ? 504 : 502;
      const violation = ownViolation(exchange, {
        side: 'response',
        field: 'upstream',
        expected: upstream.failure.kind === 'timeout' ? 'must answer in full within the upstream timeout' : 'must send a complete answer',
        actual: upstream.failure.message,
        message: upstream.failure.message,
      });
      refuse(status, [violation], `${exchange.operation}: the upstream did not give a whole answer`);
      return;
    }

    if (upstream !== undefined) {
      const parsedUpstream = parseBody(upstream.body, upstream.headers);
      exchange.responseBody = parsedUpstream.ok ? parsedUpstream.value : upstream.body.toString('utf8');
      exchange.status = upstream.status;
      const own = operation === undefined ? [] : checkUpstreamAnswer(exchange, operation, upstream);
      // When the body is not the JSON the spec documents, Prism's findings about its schema only repeat that.
      const notJson = own.some((violation) => violation.field === 'body');
      const prismResponse = notJson ? [] : found.filter((violation) => violation.location[0] === 'response');
      const violations = [...own, ...describeViolations(exchange, prismResponse)];
      if (violations.length > 0) {
        refuse(500, violations, `${exchange.operation}: the upstream response breaks the spec`);
        return;
      }
    }

    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  };

  const server = createServer((req, res) => {
    req.on('error', () => {});
    res.on('error', () => {});
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`dojo-contract: ${(error as Error).message}\n`);
    });
  });
  const port = await listen(server, options.host, options.port ?? 0);
  return {
    url: `http://${options.host}:${port}`,
    port,
    violations: () => [...recorded],
    clear: () => void recorded.splice(0),
    close: () => closeServer(server),
  };
}

/** The spec's own rules for an upstream's answer that Prism does not enforce: a documented status, and JSON. */
function checkUpstreamAnswer(exchange: Exchange, operation: OperationInfo, upstream: UpstreamAnswer): ContractViolation[] {
  const documented = documentedResponse(operation, upstream.status);
  if (documented === undefined) {
    return [
      ownViolation(exchange, {
        side: 'response',
        field: 'status',
        expected: `must be a status the spec documents for this operation: ${documentedStatuses(operation)}`,
        actual: String(upstream.status),
        message: `Response status ${upstream.status} is not documented`,
      }),
    ];
  }
  if (!documented.json || upstream.body.length === 0) return [];
  const type = String(upstream.headers['content-type'] ?? '');
  const parsed = parseBody(upstream.body, upstream.headers);
  if (parsed.ok && type !== '' && parsed.value !== undefined && typeof parsed.value !== 'string') return [];
  const sent = type === '' ? ABSENT : type;
  return [
    ownViolation(exchange, {
      side: 'response',
      field: 'body',
      expected: 'must be JSON (application/json), as the spec documents',
      actual: parsed.ok && isJsonType(type) ? snippet(upstream.body) : `content-type ${sent}, ${snippet(upstream.body)}`,
      message: parsed.ok ? `Response content-type ${sent} is not JSON` : `Response body is not valid JSON: ${parsed.reason}`,
    }),
  ];
}

function isJsonType(type: string): boolean {
  return /json/i.test(type);
}

/** Sends the exchange to Prism and reads its whole answer, within `timeoutMs`. */
function forward(target: URL, req: IncomingMessage, body: Buffer, id: string | undefined, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: target.host };
    delete headers[EXCHANGE_HEADER];
    if (id !== undefined) headers[EXCHANGE_HEADER] = id;
    if (body.length > 0 || headers['content-length'] !== undefined) headers['content-length'] = String(body.length);
    delete headers['transfer-encoding'];
    const request = httpRequest({ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (answer) => {
      readBody(answer, MAX_ANSWER_BYTES).then(
        (answerBody) => {
          clearTimeout(timer);
          resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: answerBody });
        },
        (error: unknown) => {
          clearTimeout(timer);
          request.destroy();
          reject(error instanceof BodyAbortedError || error instanceof BodyTooLargeError ? error : new Error(String(error)));
        },
      );
    });
    const timer = setTimeout(() => {
      request.destroy(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

function sendProblem(res: ServerResponse, status: number, violations: readonly ContractViolation[], lead: string): void {
  if (res.headersSent) return void res.destroy();
  const problem = problemFor(status, violations, lead);
  const payload = JSON.stringify(problem);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'sl-violations': violationsHeader(violations),
  });
  res.end(payload);
}

/** The violations in the form of Prism's `sl-violations` header, so tools that read it keep working. */
function violationsHeader(violations: readonly ContractViolation[]): string {
  const entries: PrismViolation[] = [];
  let header = '[]';
  for (const violation of violations) {
    entries.push({ location: [violation.side, ...violation.field.split(/[ .]/)], severity: 'Error', message: `${violation.field} ${violation.expected}` });
    const next = JSON.stringify(entries);
    if (next.length > MAX_VIOLATIONS_HEADER) break;
    header = next;
  }
  // Header values must be Latin-1: escape anything else.
  return header.replace(/[^\x20-\x7e]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function isCorsPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}

/** The Error-severity violations of one Prism answer. */
export function prismViolations(headers: IncomingHttpHeaders, body: Buffer): PrismViolation[] {
  const found: PrismViolation[] = [];
  const header = headers['sl-violations'];
  if (typeof header === 'string') {
    try {
      const parsed = JSON.parse(header) as unknown;
      if (Array.isArray(parsed)) found.push(...(parsed as PrismViolation[]));
    } catch {
      // Not JSON: nothing to read.
    }
  }
  if (String(headers['content-type'] ?? '').includes('application/problem+json')) {
    try {
      const problem = JSON.parse(body.toString('utf8')) as { type?: unknown; validation?: unknown };
      if (typeof problem.type === 'string' && problem.type.startsWith(PRISM_ERRORS) && Array.isArray(problem.validation)) {
        found.push(...(problem.validation as PrismViolation[]));
      }
    } catch {
      // Not JSON: nothing to read.
    }
  }
  const seen = new Set<string>();
  return found.filter((violation) => {
    if (typeof violation !== 'object' || violation === null) return false;
    if (!Array.isArray(violation.location) || typeof violation.message !== 'string') return false;
    if ((violation.severity ?? 'Error') !== 'Error') return false;
    // Prism's problem bodies omit the side of a request's violations; its header names it.
    const location = violation.location[0] === 'request' ? violation.location.slice(1) : violation.location;
    const key = `${location.join('.')} ${violation.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
