/** One problem Prism found with an exchange, as Prism reports it (`sl-violations` header or problem body). */
export interface PrismViolation {
  location: string[];
  severity?: string;
  code?: string | number;
  message: string;
}

/** A contract failure, ready to read: which operation, which field, what the spec expects, what was sent. */
export interface ContractViolation {
  /** The exchange it belongs to: 1 for the server's first request, 2 for the next, … */
  exchange: number;
  /** `operationId (METHOD /template)` when the document names the operation, else `METHOD /path`. */
  operation: string;
  method: string;
  /** The path requested, with its query string. */
  path: string;
  /** The HTTP status the caller received. */
  status: number;
  /** Whether the request (sent by the caller) or the response (sent by the upstream) broke the spec. */
  side: 'request' | 'response';
  /** The field at fault, e.g. `header software-house-id`, `body amount.value`, `body[0].id`. */
  field: string;
  /** What the spec expects, from Prism's message, e.g. `must be string`. */
  expected: string;
  /** What was sent in that field (`(absent)` when it was missing), when known. */
  actual: string;
  severity: string;
  /** Prism's message, unchanged. */
  message: string;
}

/** What the recorder knows about the exchange a violation belongs to. */
export interface Exchange {
  /** Sequence number of the exchange on its server. */
  id: number;
  operation: string;
  method: string;
  path: string;
  status: number;
  requestHeaders: Record<string, string | string[] | undefined>;
  requestBody: unknown;
  /** The upstream's response body (proxy only), when it could be read. */
  responseBody?: unknown;
  /** Request headers that carry credentials under the spec's security schemes (lower case), e.g. `authorization`. */
  securityHeaders?: readonly string[];
  /** The path parameters of the request, by name, when its operation is known. */
  pathParams?: Readonly<Record<string, string>>;
}

export const ABSENT = '(absent)';
const UNKNOWN = '(not recorded)';
export const REDACTED = '(redacted)';

/** Headers and body fields whose values are credentials: never shown in a report or an answer. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key']);
const SECRET_FIELD = /secret|password|token|api-?key|authorization/i;

/** Turns Prism's violations for one exchange into readable ContractViolations. */
export function describeViolations(exchange: Exchange, violations: readonly PrismViolation[]): ContractViolation[] {
  return violations.map((violation) => describeViolation(exchange, violation));
}

/** A violation found by the kit itself rather than by Prism (e.g. an upstream that reset the connection). */
export function ownViolation(
  exchange: Exchange,
  found: { side: 'request' | 'response'; field: string; expected: string; actual: string; message: string },
): ContractViolation {
  return {
    exchange: exchange.id,
    operation: exchange.operation,
    method: exchange.method,
    path: exchange.path,
    status: exchange.status,
    ...found,
    severity: 'Error',
  };
}

/** True for Prism's violation of the security schemes (no or bad credentials): Prism codes it 401. */
export function isSecurityViolation(violation: PrismViolation): boolean {
  return String(violation.code) === '401' || /security scheme/i.test(violation.message);
}

function describeViolation(exchange: Exchange, violation: PrismViolation): ContractViolation {
  const location = [...violation.location];
  const side = location[0] === 'response' ? 'response' : 'request';
  if (side === 'request' && isSecurityViolation(violation)) return describeSecurityViolation(exchange, violation);
  // Prism's problem bodies omit the side for requests; its sl-violations header says `request` or `response`.
  if (location[0] === 'response' || location[0] === 'request') location.shift();
  const required = /required property '([^']+)'/.exec(violation.message)?.[1];
  const where = location[0] ?? 'body';
  const path = location.slice(1);
  if (required !== undefined && violation.code === 'required') path.push(required);

  let field: string;
  let actual: string;
  if (where === 'header' || where === 'query' || where === 'path') {
    const [name = '', ...rest] = path;
    field = `${where} ${name}${pointer(rest)}`.trim();
    actual = side === 'request' ? sentParameter(exchange, where, name, rest) : UNKNOWN;
  } else {
    field = where === 'body' ? `body${pointer(path)}` : [where, ...path].join('.');
    const body = side === 'request' ? exchange.requestBody : exchange.responseBody;
    const value = dig(body, path);
    actual =
      body === undefined && side === 'response'
        ? UNKNOWN
        : path.some((part) => SECRET_FIELD.test(part)) && value !== undefined
          ? REDACTED
          : show(value);
  }
  const mustAt = violation.message.indexOf('must ');
  const expected = mustAt >= 0 ? violation.message.slice(mustAt) : violation.message;
  return {
    exchange: exchange.id,
    operation: exchange.operation,
    method: exchange.method,
    path: exchange.path,
    status: exchange.status,
    side,
    field,
    expected,
    actual,
    severity: violation.severity ?? 'Error',
    message: violation.message,
  };
}

/** Prism says only "Invalid security scheme used": name the credential headers the spec asks for. */
function describeSecurityViolation(exchange: Exchange, violation: PrismViolation): ContractViolation {
  const headers = exchange.securityHeaders?.length ? exchange.securityHeaders : ['authorization'];
  const sent = headers.find((name) => exchange.requestHeaders[name] !== undefined);
  const name = sent ?? headers[0]!;
  return ownViolation(exchange, {
    side: 'request',
    field: `header ${name}`,
    expected: `must carry valid credentials (${violation.message})`,
    actual: sent === undefined ? ABSENT : REDACTED,
    message: violation.message,
  });
}

function sentParameter(exchange: Exchange, where: string, name: string, rest: readonly string[]): string {
  if (name === '') return UNKNOWN;
  if (where === 'header') {
    const key = name.toLowerCase();
    const value = exchange.requestHeaders[key];
    if (value === undefined) return ABSENT;
    if (SECRET_HEADERS.has(key) || exchange.securityHeaders?.includes(key)) return REDACTED;
    return show(Array.isArray(value) ? value.join(', ') : value);
  }
  if (where === 'query') {
    const values = new URL(exchange.path, 'http://x').searchParams.getAll(name);
    if (values.length === 0) return ABSENT;
    if (SECRET_FIELD.test(name)) return REDACTED;
    // `statuses.0`: Prism validates a repeated or comma-separated parameter as an array.
    const items = values.length === 1 && rest.length > 0 ? (values[0] ?? '').split(',') : values;
    const index = rest[0] === undefined ? undefined : Number(rest[0]);
    if (index !== undefined && Number.isInteger(index)) return show(items[index]);
    return show(values.length === 1 ? values[0] : values);
  }
  if (where === 'path') {
    const value = exchange.pathParams?.[name];
    return value === undefined ? UNKNOWN : show(value);
  }
  return UNKNOWN;
}

/** `['amount', 'value']` → `.amount.value`; numeric segments become `[0]`. */
function pointer(path: readonly string[]): string {
  return path.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('');
}

function dig(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function show(value: unknown): string {
  if (value === undefined) return ABSENT;
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * A readable report of contract failures, grouped by exchange:
 *
 *     ✖ listTerminals (GET /terminals): the request breaks the spec (answered 422 to GET /terminals)
 *         request header software-house-id
 *           expected: must have required property 'software-house-id'
 *           sent:     (absent)
 */
export function formatReport(violations: readonly ContractViolation[]): string {
  if (violations.length === 0) return 'No contract violations.';
  const groups = new Map<string, ContractViolation[]>();
  for (const violation of violations) {
    const key = `${violation.exchange} ${violation.side}`;
    groups.set(key, [...(groups.get(key) ?? []), violation]);
  }
  const lines: string[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const who = first.side === 'request' ? 'the request breaks the spec' : 'the upstream response breaks the spec';
    lines.push(`✖ ${first.operation}: ${who} (answered ${first.status} to ${first.method} ${first.path})`);
    for (const violation of group) {
      lines.push(`    ${violation.side} ${violation.field}`);
      lines.push(`      expected: ${violation.expected}`);
      lines.push(`      ${violation.side === 'request' ? 'sent:    ' : 'received:'} ${violation.actual}`);
    }
  }
  return lines.join('\n');
}

/** Thrown by `assertNoViolations()`; the message is the readable report. */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';
  readonly violations: readonly ContractViolation[];

  constructor(violations: readonly ContractViolation[]) {
    super(`${violations.length} contract violation(s):\n${formatReport(violations)}`);
    this.violations = violations;
  }
}
