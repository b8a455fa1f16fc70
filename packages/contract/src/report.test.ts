import { describe, expect, it } from 'vitest';
import { apiVersion } from '@dojo-terminals/spec';
import { ContractViolationError, describeViolations, formatReport, type Exchange } from './report.js';

const exchange: Exchange = {
  id: 1,
  operation: 'createPaymentIntent (POST /payment-intents)',
  method: 'POST',
  path: '/payment-intents',
  status: 422,
  requestHeaders: { version: apiVersion },
  requestBody: { amount: { value: '12', currencyCode: 'GBP' } },
  responseBody: [{ id: 123 }],
};

describe('describeViolations', () => {
  it('names a missing request header and says it was absent', () => {
    const [violation] = describeViolations(exchange, [
      { location: ['header'], severity: 'Error', code: 'required', message: "Request header must have required property 'software-house-id'" },
    ]);
    expect(violation).toMatchObject({
      side: 'request',
      field: 'header software-house-id',
      expected: "must have required property 'software-house-id'",
      actual: '(absent)',
    });
  });

  it('names a wrong body field with the value sent, and reads sl-violations locations', () => {
    const [request, response] = describeViolations(exchange, [
      { location: ['request', 'body', 'amount', 'value'], code: 'type', message: 'Request body property amount.value must be integer' },
      { location: ['response', 'body', '0', 'id'], code: 'type', message: 'Response body property 0.id must be string' },
    ]);
    expect(request).toMatchObject({ side: 'request', field: 'body.amount.value', expected: 'must be integer', actual: '"12"' });
    expect(response).toMatchObject({ side: 'response', field: 'body[0].id', expected: 'must be string', actual: '123' });
  });
});

describe('describeViolations never shows a credential', () => {
  it('redacts the Authorization header, security headers and secret-looking body fields', () => {
    const withSecrets: Exchange = {
      ...exchange,
      requestHeaders: { authorization: 'Basic sk_sandbox_123', 'x-key': 'k_123' },
      requestBody: { clientSessionSecret: 'css_123', amount: 1 },
      securityHeaders: ['x-key'],
    };
    const violations = describeViolations(withSecrets, [
      { location: ['request', 'header', 'authorization'], code: 'pattern', message: 'Request header authorization must match pattern "^Basic "' },
      { location: ['request', 'header', 'x-key'], code: 'pattern', message: 'Request header x-key must match pattern "^k_"' },
      { location: ['request', 'body', 'clientSessionSecret'], code: 'type', message: 'Request body property clientSessionSecret must be integer' },
    ]);
    expect(violations.map((violation) => violation.actual)).toEqual(['(redacted)', '(redacted)', '(redacted)']);
    expect(JSON.stringify(violations)).not.toMatch(/sk_sandbox_123|k_123|css_123/);
  });

  it('names a missing credential as the header the security scheme reads', () => {
    const [violation] = describeViolations({ ...exchange, securityHeaders: ['authorization'] }, [
      { location: ['request'], severity: 'Error', code: 401, message: 'Invalid security scheme used' },
    ]);
    expect(violation).toMatchObject({ field: 'header authorization', actual: '(absent)', expected: 'must carry valid credentials (Invalid security scheme used)' });
  });

  it('reads the item of a repeated query parameter that Prism names by index', () => {
    const [violation] = describeViolations({ ...exchange, path: '/terminals?statuses=Available&statuses=Sleeping' }, [
      { location: ['request', 'query', 'statuses', '1'], code: 'enum', message: 'Request query parameter statuses.1 must be equal to one of the allowed values: Available' },
    ]);
    expect(violation).toMatchObject({ field: 'query statuses[1]', actual: '"Sleeping"' });
  });
});

describe('formatReport', () => {
  it('shows the operation, the field, what the spec expects and what was sent', () => {
    const violations = describeViolations(exchange, [
      { location: ['body', 'amount', 'value'], code: 'type', message: 'Request body property amount.value must be integer' },
    ]);
    expect(formatReport(violations)).toBe(
      [
        '✖ createPaymentIntent (POST /payment-intents): the request breaks the spec (answered 422 to POST /payment-intents)',
        '    request body.amount.value',
        '      expected: must be integer',
        '      sent:     "12"',
      ].join('\n'),
    );
    expect(new ContractViolationError(violations).message).toContain('request body.amount.value');
    expect(formatReport([])).toBe('No contract violations.');
  });

  it('keeps two exchanges with the same request apart', () => {
    const [first] = describeViolations(exchange, [{ location: ['body', 'amount'], code: 'type', message: 'must be object' }]);
    const [second] = describeViolations({ ...exchange, id: 2 }, [{ location: ['body', 'amount'], code: 'type', message: 'must be object' }]);
    expect(formatReport([first!, second!]).match(/^✖ /gm)).toHaveLength(2);
  });
});
