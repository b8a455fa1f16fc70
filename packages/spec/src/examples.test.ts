import { assert, describe, expect, it } from 'vitest';
import { BundleValidator, createAjv } from './test-support/ajv.js';
import { allExampleCases } from './test-support/examples.js';
import { loadBundle } from './test-support/openapi.js';

const doc = loadBundle();
const validator = new BundleValidator(doc);
const cases = allExampleCases(doc);

describe('Ajv setup', () => {
  const ajv = createAjv();
  const dateTime = ajv.compile({ type: 'string', format: 'date-time' });

  it.each([
    '2022-02-01T13:07:41.8667859Z',
    '2024-07-25T08:49:20.973410318Z',
    '2024-02-09T10:29:30.213Z',
    '2024-02-09T10:29:30Z',
    '2024-02-09T10:29:30+01:00',
  ])('accepts the date-time %s', (value) => {
    expect(dateTime(value), JSON.stringify(dateTime.errors)).toBe(true);
  });

  it.each(['2022-13-01T13:07:41Z', '2022-02-01 13:07', 'yesterday'])('rejects the date-time %s', (value) => {
    expect(dateTime(value)).toBe(false);
  });

  it('keeps strict mode on for keywords other than the OpenAPI annotations', () => {
    expect(() => ajv.compile({ type: 'string', maxLenght: 3 })).toThrow(/unknown keyword/);
    expect(() => ajv.compile({ type: 'string', format: 'no-such-format' })).toThrow(/unknown format/);
    expect(() => ajv.compile({ type: 'object', example: {}, discriminator: { propertyName: 'k' }, xml: {}, externalDocs: { url: 'https://example.com' } })).not.toThrow();
  });
});

describe('every example in the bundle validates against its schema', () => {
  it('the bundle has examples', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  it.each(cases.map((c) => [c.title, c] as const))('%s', (_, example) => {
    if (example.schemaPointer === undefined) assert.fail(`${example.examplePointer} has no schema to validate against`);
    if (!example.hasValue) assert.fail(`${example.examplePointer} has no \`value\` (an externalValue cannot be checked offline)`);
    const result = validator.validate(example.schemaPointer, example.value, { includeData: true });
    if (!result.valid) assert.fail(`example ${example.examplePointer}\ndoes not match schema ${example.schemaPointer}:\n${result.message}`);
  });
});
