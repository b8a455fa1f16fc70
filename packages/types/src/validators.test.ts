// The generated validators accept every example the spec gives for a successful answer or a webhook, cover every
// operation and webhook, and leave a value of an open enum (x-dojo-open-enum) as sent.
import { readFileSync } from 'node:fs';
import { openapiJsonPath } from '@dojo-terminals/spec';
import { safeParse } from 'valibot';
import { describe, expect, it } from 'vitest';
import { OPERATIONS, WEBHOOK_EVENTS } from './index.js';
import { collectUnknownValues, RESPONSE_SCHEMAS, vPaymentIntentStatus, vTerminalSessionDetails, WEBHOOK_EVENT_SCHEMAS } from './validators.js';

type Json = Record<string, any>;
const spec = JSON.parse(readFileSync(openapiJsonPath, 'utf8')) as Json;
const resolve = (node: Json): Json => (node['$ref'] ? resolve(spec['components']['examples'][String(node['$ref']).split('/').pop()!]) : node);

const responseExamples = Object.values<Json>(spec['paths']).flatMap((item) =>
  Object.values<Json>(item).flatMap((operation) =>
    Object.entries<Json>(operation['responses'] ?? {})
      .filter(([status]) => status.startsWith('2'))
      .flatMap(([status, response]) =>
        Object.entries<Json>(response['content']?.['application/json']?.['examples'] ?? {}).map(
          ([name, example]) => [String(operation['operationId']), status, name, resolve(example)['value']] as const,
        ),
      ),
  ),
);
const webhookExamples = Object.entries<Json>(spec['webhooks']).flatMap(([event, item]) =>
  Object.entries<Json>(item['post']['requestBody']['content']['application/json']['examples'] ?? {}).map(
    ([name, example]) => [event, name, resolve(example)['value']] as const,
  ),
);

describe('@dojo-terminals/types/validators', () => {
  it('has a response validator per operation and a validator per webhook event', () => {
    expect(Object.keys(RESPONSE_SCHEMAS).sort()).toEqual(Object.keys(OPERATIONS).sort());
    expect(Object.keys(WEBHOOK_EVENT_SCHEMAS)).toEqual([...WEBHOOK_EVENTS]);
  });

  it.each(responseExamples)('accepts %s %s example %s', (operationId, _status, _name, value) => {
    const result = safeParse(RESPONSE_SCHEMAS[operationId as keyof typeof RESPONSE_SCHEMAS], value);
    expect(result.issues).toBeUndefined();
  });

  it.each(webhookExamples)('accepts the %s example %s', (event, _name, value) => {
    const result = safeParse(WEBHOOK_EVENT_SCHEMAS[event as keyof typeof WEBHOOK_EVENT_SCHEMAS], value);
    expect(result.issues).toBeUndefined();
  });

  it('passes an open-enum value the spec does not list, as sent, and collects it', () => {
    const { result, unknownValues } = collectUnknownValues(() => safeParse(vPaymentIntentStatus, 'Disputed'));
    expect(result).toMatchObject({ success: true, output: 'Disputed' });
    expect(unknownValues).toEqual([{ enum: 'PaymentIntentStatus', value: 'Disputed' }]);
    expect(collectUnknownValues(() => safeParse(vPaymentIntentStatus, 'Captured')).unknownValues).toEqual([]);
    expect(safeParse(vPaymentIntentStatus, 7).success).toBe(false);
  });

  it('keeps a closed enum closed (a request body discriminator)', () => {
    expect(safeParse(vTerminalSessionDetails, { sessionType: 'Teleport' }).success).toBe(false);
  });
});
