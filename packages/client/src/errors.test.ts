import { describe, expect, it } from 'vitest';
import {
  createApiError,
  DojoApiError,
  DojoAuthenticationError,
  DojoValidationError,
  DojoError,
  DojoNotFoundError,
  DojoPermissionError,
  DojoRateLimitError,
  DojoServerError,
  DojoConflictError,
  readProblem,
  redact,
} from './errors.js';

describe('createApiError', () => {
  it.each([
    [400, DojoValidationError],
    [401, DojoAuthenticationError],
    [403, DojoPermissionError],
    [404, DojoNotFoundError],
    [405, DojoConflictError],
    [409, DojoConflictError],
    [422, DojoValidationError],
    [429, DojoRateLimitError],
    [500, DojoServerError],
    [503, DojoServerError],
    [418, DojoApiError],
  ])('maps %i to its class', (status, ErrorClass) => {
    const error = createApiError('getTerminal', status, undefined);
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error).toBeInstanceOf(DojoError);
    expect(error.name).toBe(ErrorClass.name);
  });
});

describe('DojoApiError message', () => {
  it("names the field errors when Dojo sends no detail, as Dojo's validation errors do", () => {
    const error = createApiError('createPaymentIntent', 400, {
      title: 'One or more validation errors occurred.',
      status: 400,
      traceId: '00-a4-01',
      errors: { reference: ['The reference field is required.'], 'amount.value': ['Must be integer.', 'Must be >= 1.'] },
    });
    expect(String(error)).toBe(
      'DojoValidationError: Dojo API error 400 in createPaymentIntent: One or more validation errors occurred. reference: The reference field is required.; amount.value: Must be integer. Must be >= 1. (traceId 00-a4-01)',
    );
  });

  it('keeps a detail as the explanation, and lists at most five fields', () => {
    expect(createApiError('getTerminal', 400, { detail: 'D', errors: { a: ['x'] } }).message).toBe('Dojo API error 400 in getTerminal: D');
    const many = Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((field) => [field, ['bad']]));
    expect(createApiError('getTerminal', 400, { errors: many }).message).toBe(
      'Dojo API error 400 in getTerminal: a: bad; b: bad; c: bad; d: bad; e: bad; and 2 more field(s)',
    );
  });
});

describe('readProblem', () => {
  it('reads the camelCase shape', () => {
    expect(readProblem({ type: 't', title: 'T', detail: 'D', traceId: 'x', code: 'C', errors: { a: ['m'] } })).toEqual({
      type: 't',
      title: 'T',
      detail: 'D',
      traceId: 'x',
      code: 'C',
      errors: { a: ['m'] },
    });
  });

  it('reads the PascalCase shape and Extensions', () => {
    expect(readProblem({ Status: 400, Detail: 'D', Extensions: { TraceId: 'x', Errors: { a: 'm' } } })).toMatchObject({
      detail: 'D',
      traceId: 'x',
      errors: { a: ['m'] },
    });
  });

  it('reads nothing from bodies that are not objects', () => {
    for (const body of ['text', null, undefined, 42, ['a']]) expect(readProblem(body)).toEqual({});
  });
});

describe('redact', () => {
  it('removes a secret from nested keys and values', () => {
    expect(redact({ a: ['x sk_1 y'], sk_1: { b: 'sk_1' }, n: 1 }, 'sk_1')).toEqual({
      a: ['x [redacted] y'],
      '[redacted]': { b: '[redacted]' },
      n: 1,
    });
  });
});
