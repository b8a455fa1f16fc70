import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BodyAbortedError, BodyTooLargeError, readBody } from './http-body.js';
import { closeServer, listen } from './listen.js';

/** The request header the front marks each exchange with, so the tap can tell which answer belongs to which. */
export const EXCHANGE_HEADER = 'x-dojo-contract-exchange';

/** How an upstream failed to give a whole answer. */
export interface UpstreamFailure {
  kind: 'timeout' | 'reset' | 'unreachable' | 'too-large';
  /** What happened, for the report: `no answer within 30000 ms`, `the connection closed after 7 byte(s)…`. */
  message: string;
}

/** What the upstream answered one exchange with, or how it failed to. */
export interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  failure?: UpstreamFailure;
}

export interface UpstreamTap {
  readonly url: string;
  /** Hands over (and forgets) what the upstream answered the exchange marked `id`. */
  take(id: string): UpstreamAnswer | undefined;
  close(): Promise<void>;
}

export interface UpstreamTapOptions {
  upstream: string;
  host: string;
  /** How long the upstream has to answer in full. */
  timeoutMs: number;
  /** The largest upstream body read. */
  maxBodyBytes: number;
}

/** Answers left unclaimed (e.g. the front gave up) are dropped beyond this many. */
const MAX_KEPT = 1_000;

/**
 * Sits between Prism and the real upstream: forwards each request, keeps what the upstream answered for the
 * front's checks, and turns an upstream that resets, truncates, hangs or cannot be reached into a prompt 502/504
 * for Prism (the front answers the caller with the failure itself).
 */
export async function startUpstreamTap(options: UpstreamTapOptions): Promise<UpstreamTap> {
  const base = new URL(options.upstream);
  const basePath = base.pathname.replace(/\/$/, '');
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest;
  const answers = new Map<string, UpstreamAnswer>();
  const keep = (id: string | undefined, answer: UpstreamAnswer): void => {
    if (id === undefined) return;
    answers.set(id, answer);
    if (answers.size > MAX_KEPT) answers.delete(answers.keys().next().value!);
  };

  const server = createServer((req, res) => {
    res.on('error', () => {});
    const marked = req.headers[EXCHANGE_HEADER];
    const id = typeof marked === 'string' ? marked : undefined;
    const headers: OutgoingHttpHeaders = { ...req.headers, host: base.host };
    delete headers[EXCHANGE_HEADER];
    const answerPrism = (answer: UpstreamAnswer): void => {
      keep(id, answer);
      if (res.headersSent) return void res.destroy();
      if (answer.failure === undefined) {
        res.writeHead(answer.status, answer.headers).end(answer.body);
      } else {
        const status = answer.failure.kind === 'timeout' ? 504 : 502;
        res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      }
    };
    let done = false;
    const fail = (failure: UpstreamFailure): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      forward.destroy();
      answerPrism({ status: 0, headers: {}, body: Buffer.alloc(0), failure });
    };
    const timer = setTimeout(
      () => fail({ kind: 'timeout', message: `the upstream did not answer in full within ${options.timeoutMs} ms` }),
      options.timeoutMs,
    );
    let answered: IncomingMessage | undefined;
    const forward = send(
      { protocol: base.protocol, hostname: base.hostname, port: base.port, method: req.method, path: `${basePath}${req.url ?? '/'}`, headers },
      (answer) => {
        answered = answer;
        readBody(answer, options.maxBodyBytes).then(
          (body) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            answerPrism({ status: answer.statusCode ?? 0, headers: answer.headers, body });
          },
          (error: unknown) => {
            if (error instanceof BodyTooLargeError) {
              answer.destroy();
              fail({ kind: 'too-large', message: `the upstream's body is larger than ${error.limit} bytes` });
            } else {
              const detail = error instanceof BodyAbortedError ? error.message : String(error);
              fail({ kind: 'reset', message: `the upstream answered ${answer.statusCode ?? '?'} but ${detail}` });
            }
          },
        );
      },
    );
    forward.on('error', (error: NodeJS.ErrnoException) => {
      // A reset during the body (Node 26 reports it here first): end the body, whose reader then reports it with
      // the bytes that came.
      if (answered) return void answered.destroy(error);
      const kind = error.code === 'ECONNREFUSED' || error.code === 'ENOTFOUND' ? 'unreachable' : 'reset';
      fail({ kind, message: `the upstream ${kind === 'unreachable' ? 'could not be reached' : 'closed the connection before answering'} (${error.code ?? error.message})` });
    });
    // Prism forwards only requests it accepted; their bodies are small, read in full by the front already.
    req.on('error', () => forward.destroy());
    req.pipe(forward);
  });
  const port = await listen(server, options.host, 0);
  return {
    url: `http://${options.host}:${port}`,
    take: (id) => {
      const answer = answers.get(id);
      answers.delete(id);
      return answer;
    },
    close: () => closeServer(server),
  };
}
