import {
  deref,
  examplesOf,
  isObject,
  mediaTypes,
  pathOperations,
  pointerJoin,
  requestBodyOf,
  responsesOf,
  webhookOperations,
  type Json,
  type JsonObject,
  type Located,
  type Operation,
} from './openapi.js';

/** One example to validate, with the pointer of the schema it must satisfy. */
export interface ExampleCase {
  /** Readable test name: operation + status (or request/parameter) + example name. */
  title: string;
  /** Pointer of the schema in the bundle, or undefined when there is none (a failure). */
  schemaPointer: string | undefined;
  /** Pointer of the example (after $ref). */
  examplePointer: string;
  hasValue: boolean;
  value: Json | undefined;
}

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;
const SUBSCHEMA_SINGLE = [
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
] as const;

/** Calls `visit` for a schema and every schema nested in it (without following $ref). */
export function walkSchema(schema: Json | undefined, pointer: string, visit: (node: JsonObject, pointer: string) => void): void {
  if (!isObject(schema)) return;
  visit(schema, pointer);
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key];
    if (isObject(map)) for (const [name, sub] of Object.entries(map)) walkSchema(sub, pointerJoin(pointer, key, name), visit);
  }
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((sub, i) => walkSchema(sub, pointerJoin(pointer, key, String(i)), visit));
  }
  for (const key of SUBSCHEMA_SINGLE) walkSchema(schema[key], pointerJoin(pointer, key), visit);
}

function schemaPointerOf(holder: Located): string | undefined {
  return 'schema' in holder.node ? pointerJoin(holder.pointer, 'schema') : undefined;
}

/** Examples of a parameter or header: directly on it (against `schema`) or in its `content` map. */
function parameterLikeCases(doc: JsonObject, prefix: string, located: Located): ExampleCase[] {
  const cases: ExampleCase[] = [];
  const schemaPointer = schemaPointerOf(located);
  for (const example of examplesOf(doc, located.node, located.pointer)) {
    cases.push({ title: `${prefix} "${example.name}"`, schemaPointer, examplePointer: example.pointer, hasValue: example.hasValue, value: example.value });
  }
  for (const media of mediaTypes(located)) {
    cases.push(...mediaCases(doc, `${prefix} ${media.mediaType}`, media));
  }
  return cases;
}

function mediaCases(doc: JsonObject, prefix: string, media: { node: JsonObject; pointer: string }): ExampleCase[] {
  const schemaPointer = 'schema' in media.node ? pointerJoin(media.pointer, 'schema') : undefined;
  return examplesOf(doc, media.node, media.pointer).map((example) => ({
    title: `${prefix} "${example.name}"`,
    schemaPointer,
    examplePointer: example.pointer,
    hasValue: example.hasValue,
    value: example.value,
  }));
}

/** Every example of an operation: parameters, request body, responses and response headers. */
export function operationExampleCases(doc: JsonObject, operation: Operation): ExampleCase[] {
  const cases: ExampleCase[] = [];
  for (const parameter of operation.parameters) {
    cases.push(...parameterLikeCases(doc, `${operation.label} parameter ${parameter.in}:${parameter.name}`, parameter));
  }
  const body = requestBodyOf(doc, operation);
  if (body) {
    for (const media of mediaTypes(body)) cases.push(...mediaCases(doc, `${operation.label} request ${media.mediaType}`, media));
  }
  for (const response of responsesOf(doc, operation)) {
    for (const media of mediaTypes(response)) {
      cases.push(...mediaCases(doc, `${operation.label} ${response.status} ${media.mediaType}`, media));
    }
    const headers = response.node['headers'];
    if (isObject(headers)) {
      for (const [name, raw] of Object.entries(headers)) {
        const header = deref(doc, raw, pointerJoin(response.pointer, 'headers', name));
        cases.push(...parameterLikeCases(doc, `${operation.label} ${response.status} header ${name}`, header));
      }
    }
  }
  return cases;
}

/** `example` / `examples` keywords inside schemas (components and inline), checked against that schema. */
export function schemaExampleCases(doc: JsonObject): ExampleCase[] {
  const roots: Array<[Json | undefined, string]> = [];
  const components = doc['components'];
  if (isObject(components) && isObject(components['schemas'])) {
    for (const [name, schema] of Object.entries(components['schemas'])) roots.push([schema, pointerJoin('#', 'components', 'schemas', name)]);
  }
  // Inline schemas anywhere else (media types, parameters, headers): any `schema` member outside components/schemas.
  const findInline = (node: Json, pointer: string): void => {
    if (Array.isArray(node)) node.forEach((item, i) => findInline(item, pointerJoin(pointer, String(i))));
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        const child = pointerJoin(pointer, key);
        if (child === '#/components/schemas') continue;
        if (key === 'schema' && isObject(value)) roots.push([value, child]);
        else if (key !== 'example' && key !== 'examples' && key !== 'value') findInline(value, child);
      }
    }
  };
  findInline(doc, '#');

  const cases: ExampleCase[] = [];
  for (const [root, rootPointer] of roots) {
    walkSchema(root, rootPointer, (schema, pointer) => {
      if ('example' in schema) {
        cases.push({ title: `schema ${pointer} example`, schemaPointer: pointer, examplePointer: pointerJoin(pointer, 'example'), hasValue: true, value: schema['example'] });
      }
      const list = schema['examples'];
      if (Array.isArray(list)) {
        list.forEach((value, i) =>
          cases.push({ title: `schema ${pointer} examples[${i}]`, schemaPointer: pointer, examplePointer: pointerJoin(pointer, 'examples', String(i)), hasValue: true, value }),
        );
      }
    });
  }
  return cases;
}

/** All examples of the bundle, each (example, schema) pair once. */
export function allExampleCases(doc: JsonObject): ExampleCase[] {
  const cases = [
    ...[...pathOperations(doc), ...webhookOperations(doc)].flatMap((operation) => operationExampleCases(doc, operation)),
    ...schemaExampleCases(doc),
  ];
  const seen = new Set<string>();
  return cases.filter((c) => {
    const id = `${c.examplePointer}\u0000${c.schemaPointer ?? ''}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
