import { describe, expect, it } from 'vitest';
import { errorKey, problemFor } from './problem.js';
import { describeViolations, type Exchange } from './report.js';

const exchange: Exchange = {
  id: 7,
  operation: 'createPaymentIntent (POST /payment-intents)',
  method: 'POST',
  path: '/payment-intents',
  status: 400,
  requestHeaders: {},
  requestBody: { amount: { value: 100, currencyCode: 'gbp' } },
};

describe('problemFor', () => {
  it("builds Dojo's problem shape from the violations, keyed by the field or header at fault", () => {
    const violations = describeViolations(exchange, [
      { location: ['request', 'body', 'amount', 'currencyCode'], code: 'pattern', message: 'Request body property amount.currencyCode must match pattern "^[A-Z]{3}$"' },
      { location: ['request', 'header'], code: 'required', message: "Request header must have required property 'version'" },
    ]);
    const problem = problemFor(400, violations, 'createPaymentIntent (POST /payment-intents): the request breaks the spec');
    expect(problem).toEqual({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      detail:
        'createPaymentIntent (POST /payment-intents): the request breaks the spec: body.amount.currencyCode must match pattern "^[A-Z]{3}$", sent "gbp"; header version must have required property \'version\', sent (absent)',
      traceId: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/),
      errors: {
        'amount.currencyCode': ['Must match pattern "^[A-Z]{3}$"; sent: "gbp".'],
        version: ["Must have required property 'version'; sent: (absent)."],
      },
    });
    expect(problemFor(400, violations, 'x').traceId).not.toBe(problem.traceId);
  });

  it('maps report fields to error keys', () => {
    expect(errorKey('header software-house-id')).toBe('software-house-id');
    expect(errorKey('query statuses[0]')).toBe('statuses[0]');
    expect(errorKey('body.amount.value')).toBe('amount.value');
    expect(errorKey('body[0].id')).toBe('[0].id');
    expect(errorKey('body')).toBe('body');
  });
});
