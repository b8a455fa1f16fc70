import type { ProblemDetails } from '@dojo-terminals/types';
import { newId } from './ids.js';

const PROBLEM_TYPES: Record<number, { type: string; title: string }> = {
  400: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1', title: 'Bad Request' },
  401: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.2', title: 'Unauthorized' },
  403: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.4', title: 'Forbidden' },
  404: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5', title: 'Not Found' },
  405: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.6', title: 'Method Not Allowed' },
  409: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.10', title: 'Conflict' },
  413: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.14', title: 'Content Too Large' },
  415: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.16', title: 'Unsupported Media Type' },
  422: { type: 'https://tools.ietf.org/html/rfc9110#section-15.5.21', title: 'Unprocessable Content' },
  500: { type: 'https://tools.ietf.org/html/rfc9110#section-15.6.1', title: 'Internal Server Error' },
};

/** An API error answer: thrown by the domain code, written by the app as a problem-details body. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly errors: Record<string, string[]> | undefined;

  constructor(status: number, detail: string, options: { code?: string; errors?: Record<string, string[]> } = {}) {
    super(detail);
    this.name = 'ApiProblem';
    this.status = status;
    this.code = options.code;
    this.errors = options.errors;
  }

  /**
   * The problem-details body. On a terminal endpoint it has the members Dojo's terminal error schemas require
   * (`ProblemDetailsTerminals`: `errors`, empty when no field is at fault; `Error`, its 401: also a `code`).
   */
  body(terminal = false): ProblemDetails {
    const kind = PROBLEM_TYPES[this.status] ?? PROBLEM_TYPES[500]!;
    const body: ProblemDetails = { type: kind.type, title: kind.title, status: this.status, detail: this.message, traceId: newId.trace() };
    const code = this.code ?? (terminal && this.status === 401 ? 'UNAUTHORIZED' : undefined);
    if (code !== undefined) body.code = code;
    const errors = this.errors ?? (terminal ? {} : undefined);
    if (errors !== undefined) body.errors = errors;
    return body;
  }
}

/** A 400 naming the field at fault, in the documented validation shape. */
export function invalidField(field: string, message: string): ApiProblem {
  return new ApiProblem(400, 'One or more validation errors occurred.', { code: 'INVALID_REQUEST', errors: { [field]: [message] } });
}
