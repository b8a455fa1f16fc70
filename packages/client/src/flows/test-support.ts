// A scripted stand-in for Dojo's API, for the flow tests: a `fetch` that answers by route. Excluded from the build.
import type {
  PaymentDetails,
  PaymentIntent,
  Terminal,
  TerminalNotificationType,
  TerminalSession,
  TerminalSessionStatus,
} from '@dojo-terminals/types';
import { createDojoClient, type DojoClient } from '../index.js';

export const PAYMENT_INTENT_ID = 'pi_sandbox_RBMHTJ4fIkmSppDILZVCGw';
export const TERMINAL_ID = 'tm_sandbox_65c5fe8a104a1222b2d8b968';
export const OTHER_TERMINAL_ID = 'tm_sandbox_65c5fe8a104a1222b2d8b969';
export const SESSION_ID = 'ts_sandbox_65e6f8c1a2b3c4d5e6f7a8b9';

export interface SeenRequest {
  method: string;
  path: string;
  body: unknown;
  at: number;
}

/** What a route answers: a response, or a thrown error standing for a network failure. */
export type Route = (request: SeenRequest) => Response | Promise<Response>;

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function problem(status: number, detail: string): Response {
  return new Response(JSON.stringify({ status, title: 'Error', detail, traceId: 'trace-1' }), {
    status,
    headers: { 'content-type': 'application/problem+json' },
  });
}

/** A connection lost after the request was sent (Dojo may have received it). */
export function connectionReset(): never {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
}

/** A connection that was never made (Dojo cannot have received the request). */
export function connectionRefused(): never {
  throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
}

/** Answers with each route in turn; the last one answers every later request. */
export function inTurn(...routes: Route[]): Route {
  let next = 0;
  return (request) => routes[Math.min(next++, routes.length - 1)]!(request);
}

export const reply =
  (body: unknown, status = 200): Route =>
  () =>
    json(body, status);

export function paymentIntent(overrides: Partial<PaymentIntent> = {}): PaymentIntent {
  return {
    id: PAYMENT_INTENT_ID,
    status: 'Created',
    captureMode: 'Auto',
    reference: 'Order 1234',
    amount: { value: 1250, currencyCode: 'GBP' },
    createdAt: '2026-02-27T10:00:00Z',
    ...overrides,
  };
}

export function terminal(overrides: Partial<Terminal> = {}): Terminal {
  return { id: TERMINAL_ID, properties: { tid: 'VCMPYC8SIP0' }, status: 'Available', updatedAt: '2026-02-27T10:00:00Z', ...overrides };
}

export const CARD_PAYMENT: PaymentDetails = {
  authCode: 'A1B2C3',
  message: 'DEPOSITED',
  card: { cardType: 'VISA', cardNumber: '44565300****1096', last4PAN: '1096', entryMode: 'Contactless' },
};

/** A session in `status`, having shown `notifications` (oldest first, one second apart), expiring in `expiresInMs`. */
export function session(
  status: TerminalSessionStatus,
  notifications: TerminalNotificationType[] = [],
  overrides: Partial<TerminalSession> & { expiresInMs?: number } = {},
): TerminalSession {
  const { expiresInMs = 80_000, ...rest } = overrides;
  return {
    id: SESSION_ID,
    terminalId: TERMINAL_ID,
    status,
    details: { sessionType: 'Sale', sale: { paymentIntentId: PAYMENT_INTENT_ID } },
    createdAt: '2026-02-27T10:00:00Z',
    updatedAt: '2026-02-27T10:00:01Z',
    expireAt: new Date(Date.now() + expiresInMs).toISOString(),
    notificationEvents: notifications.map((notificationType, index) => ({
      notificationType,
      createdAt: `2026-02-27T10:00:${String(10 + index).padStart(2, '0')}Z`,
    })),
    statusEvents: [{ status, createdAt: '2026-02-27T10:00:01Z' }],
    ...rest,
  };
}

/**
 * A client whose requests go to `routes`, keyed `METHOD /path` with `:name` for one path segment. An unknown route
 * answers 404 and fails the test through `unexpected`.
 */
export function fakeDojo(routes: Record<string, Route>) {
  const requests: SeenRequest[] = [];
  const unexpected: string[] = [];
  // A named terminal is read before anything is created: Available unless a test says otherwise.
  const table = Object.entries({ 'GET /terminals/:id': reply(terminal()), ...routes }).map(([key, route]) => {
    const [method, pattern] = key.split(' ') as [string, string];
    const regex = new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
    return { method, regex, route };
  });
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const text = await request.text();
    const seen: SeenRequest = {
      method: request.method,
      path: new URL(request.url).pathname,
      body: text ? (JSON.parse(text) as unknown) : undefined,
      at: Date.now(),
    };
    requests.push(seen);
    const match = table.find((entry) => entry.method === seen.method && entry.regex.test(seen.path));
    if (!match) {
      unexpected.push(`${seen.method} ${seen.path}`);
      return problem(404, 'no such route in the test');
    }
    return match.route(seen);
  };
  const dojo: DojoClient = createDojoClient({
    apiKey: 'sk_sandbox_flow_tests',
    softwareHouseId: 'softwareHouse1',
    fetch: fetch as typeof globalThis.fetch,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
  return {
    dojo,
    requests,
    unexpected,
    /** The requests to `METHOD /path…` (a prefix of the path). */
    sent: (method: string, pathPrefix: string) => requests.filter((r) => r.method === method && r.path.startsWith(pathPrefix)),
  };
}

/** Fast polling for tests that use real timers. */
export const FAST_POLL = { initialDelayMs: 2, maxDelayMs: 10, factor: 2 };
