import { describe, expect, it } from 'vitest';
import { ContractViolationError, describeViolations, formatReport, type Exchange } from './report.js';

const exchange: Exchange = {
  operation: 'createPaymentIntent (POST /payment-intents)',
  method: 'POST',
  path: '/payment-intents',
  status: 422,
  requestHeaders: { version: '2026-02-27' },
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
});
