import { request as httpRequest, createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { OperationNamer } from './operations.js';
import { PortInUseError } from './ports.js';
import { describeViolations, type ContractViolation, type PrismViolation } from './report.js';

/** Prism's problem types that carry validation results. */
const PRISM_ERRORS = 'https://stoplight.io/prism/errors#';

export interface Recorder {
  readonly url: string;
  readonly port: number;
  violations(): ContractViolation[];
  clear(): void;
  close(): Promise<void>;
}

interface Tap {
  /** The last upstream response body seen for `METHOD /path?query`. */
  lastBody(method: string, path: string): unknown;
}

export interface RecorderOptions {
  /** Prism's base URL. */
  target: string;
  host: string;
  /** Port to listen on; 0 or undefined picks a free one. */
  port?: number | undefined;
  nameOperation: OperationNamer;
  tap?: Tap | undefined;
  /** Called with each failing exchange's violations as they happen. */
  onViolations?: ((violations: ContractViolation[]) => void) | undefined;
}

/**
 * The front of a checked server: forwards every exchange to Prism unchanged and turns the violations Prism
 * reports (its `sl-violations` header and its problem+json bodies) into ContractViolations.
 */
export async function startRecorder(options: RecorderOptions): Promise<Recorder> {
  const recorded: ContractViolation[] = [];
  const target = new URL(options.target);
  const server = createServer((req, res) => {
    void readBody(req).then((requestBody) => {
      const headers = { ...req.headers, host: target.host };
      const forward = httpRequest(
        { hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers },
        (upstream) => {
          void readBody(upstream).then((responseBody) => {
            res.writeHead(upstream.statusCode ?? 502, upstream.headers);
            res.end(responseBody);
            const found = prismViolations(upstream.headers, responseBody);
            if (found.length === 0) return;
            const method = req.method ?? 'GET';
            const path = req.url ?? '/';
            const violations = describeViolations(
              {
                operation: options.nameOperation(method, path),
                method,
                path,
                status: upstream.statusCode ?? 0,
                requestHeaders: req.headers,
                requestBody: parseBody(requestBody, req.headers),
                responseBody: options.tap?.lastBody(method, path),
              },
              found,
            );
            recorded.push(...violations);
            options.onViolations?.(violations);
          });
        },
      );
      forward.on('error', (error) => fail(res, error));
      forward.end(requestBody);
    }, (error: unknown) => fail(res, error));
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

/**
 * Sits between Prism and the real upstream so the report can show what the upstream actually answered
 * (with --errors Prism replaces an invalid response with its own problem).
 */
export async function startTap(upstream: string, host: string): Promise<Tap & { url: string; close(): Promise<void> }> {
  const base = new URL(upstream);
  const basePath = base.pathname.replace(/\/$/, '');
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
  const bodies = new Map<string, unknown>();
  const server = createServer((req, res) => {
    void readBody(req).then((requestBody) => {
      const headers = { ...req.headers, host: base.host };
      const forward = send(
        { protocol: base.protocol, hostname: base.hostname, port: base.port, method: req.method, path: `${basePath}${req.url ?? '/'}`, headers },
        (answer) => {
          void readBody(answer).then((body) => {
            bodies.set(`${req.method ?? 'GET'} ${req.url ?? '/'}`, parseBody(body, answer.headers));
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(body);
          });
        },
      );
      forward.on('error', (error) => fail(res, error));
      forward.end(requestBody);
    }, (error: unknown) => fail(res, error));
  });
  const port = await listen(server, host, 0);
  return {
    url: `http://${host}:${port}`,
    lastBody: (method, path) => bodies.get(`${method} ${path}`),
    close: () => closeServer(server),
  };
}

/** The Error-severity violations of one Prism answer. */
export function prismViolations(headers: IncomingHttpHeaders, body: Buffer): PrismViolation[] {
  const found: PrismViolation[] = [];
  const header = headers['sl-violations'];
  if (typeof header === 'string') {
    try {
      found.push(...(JSON.parse(header) as PrismViolation[]));
    } catch {
      // Not JSON: ignore.
    }
  }
  if (String(headers['content-type'] ?? '').includes('application/problem+json')) {
    try {
      const problem = JSON.parse(body.toString('utf8')) as { type?: string; validation?: PrismViolation[] };
      if (problem.type?.startsWith(PRISM_ERRORS) && Array.isArray(problem.validation)) found.push(...problem.validation);
    } catch {
      // Not JSON: ignore.
    }
  }
  const seen = new Set<string>();
  return found.filter((violation) => {
    if (!Array.isArray(violation.location) || typeof violation.message !== 'string') return false;
    if ((violation.severity ?? 'Error') !== 'Error') return false;
    const key = `${violation.location.join('.')} ${violation.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function parseBody(body: Buffer, headers: IncomingHttpHeaders): unknown {
  if (body.length === 0) return undefined;
  const text = body.toString('utf8');
  if (String(headers['content-type'] ?? '').includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  }
  return text;
}

function readBody(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.once('end', () => resolve(Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

function fail(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`dojo-contract: could not reach the checked server: ${(error as Error).message}\n`);
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    });
    server.listen({ host, port, exclusive: true }, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
