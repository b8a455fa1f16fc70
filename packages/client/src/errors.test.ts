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
} from './errors.js';
import { redactValue, secretForms } from './redact.js';

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

  it('names the field and the reason after a generic detail, as the simulator and Prism send them', () => {
    const error = createApiError('createPaymentIntent', 400, {
      title: 'Bad Request',
      detail: 'One or more validation errors occurred.',
      errors: { reference: ['The reference field is required.'] },
    });
    expect(String(error)).toBe(
      'DojoValidationError: Dojo API error 400 in createPaymentIntent: One or more validation errors occurred. reference: The reference field is required.',
    );
  });

  it('keeps a detail first, and lists at most five fields', () => {
    expect(createApiError('getTerminal', 400, { detail: 'D', errors: { a: ['x'] } }).message).toBe('Dojo API error 400 in getTerminal: D a: x');
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

describe('redactValue', () => {
  const KEY = 'sk_sandbox_k3y/with+odd=chars';
  it('removes a secret from nested keys and values', () => {
    expect(redactValue({ a: [`x ${KEY} y`], [KEY]: { b: KEY }, n: 1 }, secretForms(KEY))).toEqual({
      a: ['x [redacted] y'],
      '[redacted]': { b: '[redacted]' },
      n: 1,
    });
  });

  it("removes the key's base64, base64url, hex and URL-encoded forms, also inside longer encoded texts", () => {
    const bytes = new TextEncoder().encode(`Basic ${KEY}`);
    const forms = secretForms(KEY);
    const texts = [
      btoa(`${KEY}`),
      btoa(`abc${KEY}xyz`),
      btoa(`abc${KEY}xyz`).replace(/\+/g, '-').replace(/\//g, '_'),
      Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(''),
      Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('').toUpperCase(),
      encodeURIComponent(`Basic ${KEY}`),
    ];
    for (const text of texts) {
      const redacted = redactValue(text, forms);
      expect(redacted, text).toContain('[redacted]');
      expect(redacted.length, text).toBeLessThan(text.length - 10);
    }
  });

  it('cuts a value nested deeper than it walks instead of overflowing the stack', () => {
    let deep: unknown = 'x';
    for (let level = 0; level < 20_000; level++) deep = [deep];
    expect(() => redactValue(deep, secretForms(KEY))).not.toThrow();
  });
});
