import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffSpecs, verdict } from './spec-diff.js';
import type { Change, JsonObject, Severity } from './types.js';

/** A small API in the style of ours: one read, one create, problem bodies, API-key auth. */
function baseSpec(): JsonObject {
  return {
    openapi: '3.1.0',
    info: { title: 'Things', version: '1' },
    security: [{ ApiKeyAuth: [] }],
    paths: {
      '/things/{thingId}': {
        get: {
          operationId: 'getThing',
          summary: 'Get a thing',
          parameters: [
            { name: 'thingId', in: 'path', required: true, schema: { type: 'string', pattern: '^th_[a-z0-9]+$' } },
            { name: 'version', in: 'header', required: true, schema: { type: 'string' } },
          ],
          responses: {
            '200': {
              description: 'The thing.',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/Thing' },
                  examples: { One: { value: { id: 'th_1', status: 'New', price: { value: 1 } } } },
                },
              },
            },
            '404': { description: 'Not found.' },
          },
        },
      },
      '/things': {
        post: {
          operationId: 'createThing',
          summary: 'Create a thing',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/CreateThing' } } },
          },
          responses: { '200': { description: 'Created.', content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
        },
      },
    },
    components: {
      securitySchemes: { ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'Authorization' } },
      schemas: {
        Thing: {
          type: 'object',
          required: ['id', 'status'],
          properties: {
            id: { type: 'string', description: 'The id.' },
            status: { type: 'string', enum: ['New', 'Done'] },
            price: { $ref: '#/components/schemas/Money' },
          },
        },
        Money: { type: 'object', required: ['value'], properties: { value: { type: 'integer', minimum: 0 } } },
        CreateThing: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', maxLength: 60 },
            colour: { type: ['string', 'null'] },
            size: { type: 'integer' },
          },
        },
      },
    },
  };
}

type Mutation = (doc: any) => void;

const RULES: Array<{ name: string; mutate: Mutation; rule: string; severity: Severity; mentions: string }> = [
  { name: 'removing an operation', mutate: (d) => delete d.paths['/things'].post, rule: 'operation-removed', severity: 'major', mentions: 'POST /things' },
  { name: 'adding an operation', mutate: (d) => (d.paths['/things'].get = { operationId: 'listThings', responses: { '200': { description: 'All.' } } }), rule: 'operation-added', severity: 'minor', mentions: 'GET /things' },
  { name: 'renaming an operationId', mutate: (d) => (d.paths['/things'].post.operationId = 'makeThing'), rule: 'operation-id-changed', severity: 'major', mentions: 'makeThing' },
  { name: 'removing a response', mutate: (d) => delete d.paths['/things/{thingId}'].get.responses['404'], rule: 'response-removed', severity: 'major', mentions: '404' },
  { name: 'adding a response', mutate: (d) => (d.paths['/things/{thingId}'].get.responses['409'] = { description: 'Conflict.' }), rule: 'response-added', severity: 'minor', mentions: '409' },
  { name: 'removing a response property', mutate: (d) => delete d.components.schemas.Thing.properties.price, rule: 'response-property-removed', severity: 'major', mentions: '`price`' },
  { name: 'removing a required response property', mutate: (d) => { delete d.components.schemas.Thing.properties.status; d.components.schemas.Thing.required = ['id']; }, rule: 'response-property-removed', severity: 'major', mentions: '`status`' },
  { name: 'making a response property optional', mutate: (d) => (d.components.schemas.Thing.required = ['id']), rule: 'response-property-now-optional', severity: 'major', mentions: '`status`' },
  { name: 'adding an optional response property', mutate: (d) => (d.components.schemas.Thing.properties.note = { type: 'string' }), rule: 'response-property-added', severity: 'minor', mentions: '`note`' },
  { name: 'removing a response enum value', mutate: (d) => (d.components.schemas.Thing.properties.status.enum = ['New']), rule: 'response-enum-value-removed', severity: 'major', mentions: '"Done"' },
  { name: 'adding a response enum value', mutate: (d) => d.components.schemas.Thing.properties.status.enum.push('Lost'), rule: 'response-enum-value-added', severity: 'minor', mentions: '"Lost"' },
  { name: 'adding a required request property', mutate: (d) => { d.components.schemas.CreateThing.properties.owner = { type: 'string' }; d.components.schemas.CreateThing.required.push('owner'); }, rule: 'request-required-property-added', severity: 'major', mentions: '`owner`' },
  { name: 'making a request property required', mutate: (d) => d.components.schemas.CreateThing.required.push('size'), rule: 'request-property-now-required', severity: 'major', mentions: '`size`' },
  { name: 'adding an optional request property', mutate: (d) => (d.components.schemas.CreateThing.properties.owner = { type: 'string' }), rule: 'request-property-added', severity: 'minor', mentions: '`owner`' },
  { name: 'removing a property of a closed request body', mutate: (d) => delete d.components.schemas.CreateThing.properties.colour, rule: 'request-property-removed', severity: 'major', mentions: '`colour`' },
  { name: 'narrowing a request type', mutate: (d) => (d.components.schemas.CreateThing.properties.colour.type = 'string'), rule: 'request-type-narrowed', severity: 'major', mentions: 'null' },
  { name: 'widening a request type', mutate: (d) => (d.components.schemas.CreateThing.properties.size.type = ['integer', 'null']), rule: 'request-type-widened', severity: 'minor', mentions: 'null' },
  { name: 'changing a pattern', mutate: (d) => (d.paths['/things/{thingId}'].get.parameters[0].schema.pattern = '^th_[a-z]+$'), rule: 'request-pattern-changed', severity: 'major', mentions: 'pattern' },
  { name: 'lowering a request maxLength', mutate: (d) => (d.components.schemas.CreateThing.properties.name.maxLength = 30), rule: 'request-maxLength-narrowed', severity: 'major', mentions: 'maxLength' },
  { name: 'lowering a response minimum', mutate: (d) => (d.components.schemas.Money.properties.value.minimum = -5), rule: 'response-minimum-widened', severity: 'major', mentions: 'minimum' },
  { name: 'changing authentication', mutate: (d) => (d.paths['/things/{thingId}'].get.security = []), rule: 'security-changed', severity: 'major', mentions: 'authentication' },
  { name: 'adding a required parameter', mutate: (d) => d.paths['/things/{thingId}'].get.parameters.push({ name: 'tenant', in: 'header', required: true, schema: { type: 'string' } }), rule: 'required-parameter-added', severity: 'major', mentions: 'tenant' },
  { name: 'adding an optional parameter', mutate: (d) => d.paths['/things/{thingId}'].get.parameters.push({ name: 'expand', in: 'query', schema: { type: 'boolean' } }), rule: 'parameter-added', severity: 'minor', mentions: 'expand' },
  { name: 'removing a parameter', mutate: (d) => d.paths['/things/{thingId}'].get.parameters.pop(), rule: 'parameter-removed', severity: 'major', mentions: 'version' },
  { name: 'changing a description', mutate: (d) => (d.components.schemas.Thing.properties.id.description = 'The identifier.'), rule: 'response-description-changed', severity: 'patch', mentions: 'description' },
  { name: 'changing an example', mutate: (d) => (d.paths['/things/{thingId}'].get.responses['200'].content['application/json'].examples.One.value.id = 'th_2'), rule: 'examples-changed', severity: 'patch', mentions: 'examples' },
  { name: 'changing a summary', mutate: (d) => (d.paths['/things'].post.summary = 'Make a thing'), rule: 'operation-summary-changed', severity: 'patch', mentions: 'summary' },
];

function pair(mutate: Mutation): [JsonObject, JsonObject] {
  const head = baseSpec();
  mutate(head);
  return [baseSpec(), head];
}

describe('diffSpecs classifies each kind of change', () => {
  it.each(RULES)('$name → $severity ($rule)', ({ mutate, rule, severity, mentions }) => {
    const changes = diffSpecs(...pair(mutate));
    const match = changes.find((c: Change) => c.rule === rule);
    expect(match, `expected a ${rule} change, got ${JSON.stringify(changes, null, 2)}`).toBeDefined();
    expect(match!.severity).toBe(severity);
    expect(`${match!.location} ${match!.message}`).toContain(mentions);
    expect(verdict(...pair(mutate)).required).toBe(severity);
  });

  it('finds nothing between identical documents', () => {
    expect(diffSpecs(baseSpec(), baseSpec())).toEqual([]);
    expect(verdict(baseSpec(), baseSpec()).required).toBe('none');
  });
});

describe('on the real bundled spec', () => {
  const bundle = JSON.parse(
    readFileSync(fileURLToPath(new URL('../../../../packages/spec/dist/openapi.json', import.meta.url)), 'utf8'),
  ) as JsonObject;
  const clone = (): any => structuredClone(bundle);

  it('removing a required response field is major and names the field', () => {
    const head = clone();
    delete head.components.schemas.Terminal.properties.updatedAt;
    head.components.schemas.Terminal.required = head.components.schemas.Terminal.required.filter((r: string) => r !== 'updatedAt');
    const { required, changes } = verdict(bundle, head);
    expect(required).toBe('major');
    const removed = changes.filter((c) => c.rule === 'response-property-removed');
    expect(removed.map((c) => c.location)).toContain('GET /terminals/{terminalId} → 200');
    expect(removed.every((c) => c.message.includes('updatedAt` of Terminal'))).toBe(true);
  });

  it('adding an optional response field is minor', () => {
    const head = clone();
    head.components.schemas.PaymentIntent.properties.loyaltyPoints = { type: 'integer', description: 'Points earned.' };
    const { required } = verdict(bundle, head);
    expect(required).toBe('minor');
  });

  it('the bundle does not differ from itself', () => {
    expect(verdict(bundle, clone()).required).toBe('none');
  });
});
