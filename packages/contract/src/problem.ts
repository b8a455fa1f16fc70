import { randomBytes } from 'node:crypto';
import type { ContractViolation } from './report.js';

/** A problem body in the shape Dojo's API answers errors with (its ProblemDetails schema). */
export interface DojoProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  traceId: string;
  /** The field or header at fault → what the spec expects and what was sent (or received). */
  errors: Record<string, string[]>;
}

/** RFC 9110 sections, as Dojo's own problem types name them. */
const STATUS_TEXT: Record<number, { section: string; title: string }> = {
  400: { section: '15.5.1', title: 'One or more validation errors occurred.' },
  401: { section: '15.5.2', title: 'Unauthorized' },
  404: { section: '15.5.5', title: 'Not Found' },
  405: { section: '15.5.6', title: 'Method Not Allowed' },
  413: { section: '15.5.14', title: 'Content Too Large' },
  422: { section: '15.5.21', title: 'One or more validation errors occurred.' },
  500: { section: '15.6.1', title: 'The upstream response breaks the spec' },
  502: { section: '15.6.3', title: 'Bad Gateway' },
  504: { section: '15.6.5', title: 'Gateway Timeout' },
};
const MAX_ERRORS = 50;

/**
 * The answer to an exchange that broke the spec, built from its violations: each field or header at fault is a
 * key of `errors`, with what the spec expects and what was sent; `detail` says the same in one line.
 */
export function problemFor(status: number, violations: readonly ContractViolation[], lead: string): DojoProblem {
  const text = STATUS_TEXT[status] ?? { section: status >= 500 ? '15.6' : '15.5', title: 'Contract violation' };
  const errors: Record<string, string[]> = {};
  for (const violation of violations.slice(0, MAX_ERRORS)) {
    const key = violation.side === 'request' ? errorKey(violation.field) : violation.field;
    const message = `${capitalise(violation.expected)}; ${violation.side === 'request' ? 'sent' : 'received'}: ${violation.actual}.`;
    (errors[key] ??= []).push(message);
  }
  const listed = violations.map((v) => `${v.field} ${v.expected}, ${v.side === 'request' ? 'sent' : 'received'} ${v.actual}`);
  return {
    type: `https://tools.ietf.org/html/rfc9110#section-${text.section}`,
    title: text.title,
    status,
    detail: `${lead}: ${listed.join('; ')}`,
    traceId: traceId(),
    errors,
  };
}

/** `header software-house-id` → `software-house-id`; `body.amount.currencyCode` → `amount.currencyCode`. */
export function errorKey(field: string): string {
  const spaced = /^(?:header|query|path|cookie) (.+)$/.exec(field);
  if (spaced) return spaced[1]!;
  if (field === 'body') return 'body';
  if (field.startsWith('body.')) return field.slice('body.'.length);
  if (field.startsWith('body[')) return field.slice('body'.length);
  return field;
}

/** A W3C trace-context id, the form of Dojo's `traceId`. */
function traceId(): string {
  return `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
