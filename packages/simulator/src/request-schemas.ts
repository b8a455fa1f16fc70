import { readFileSync } from 'node:fs';
import { openapiJsonPath } from '@dojo-terminals/spec';
import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { invalidField, type ApiProblem } from './problems.js';

// Request validation from the bundled spec: each operation's JSON request body schema, as the spec states it, for
// fastify's validator. An operation added to the spec is validated as soon as it is routed.

/** The `$id` under which the spec's component schemas are registered with the validator. */
export const SPEC_SCHEMA_ID = 'dojo-spec';

type Json = Record<string, unknown>;

const spec = JSON.parse(readFileSync(openapiJsonPath, 'utf8')) as {
  paths: Record<string, Record<string, { operationId?: string; requestBody?: { content?: Record<string, { schema?: Json }> } }>>;
  components: { schemas: Record<string, Json> };
};

/** Points `#/components/schemas/…` references at the registered copy of the spec's schemas. */
function rebased<T>(node: T): T {
  return JSON.parse(JSON.stringify(node).replaceAll('"#/components/schemas/', `"${SPEC_SCHEMA_ID}#/components/schemas/`)) as T;
}

// The packages' CommonJS default exports, as Node's ESM loader hands them over.
type AjvClass = typeof AjvModule.default;
type AddFormats = typeof addFormatsModule.default;
const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass);
const addFormats: AddFormats = (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

// One validator for every app the process starts (tests start hundreds): the spec is compiled once, lazily.
// Validate as the spec says, nothing more: keep unknown fields (to refuse them), coerce nothing, fill in no defaults.
const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false, useDefaults: false, removeAdditional: false });
addFormats(ajv);
ajv.addSchema({ $id: SPEC_SCHEMA_ID, components: { schemas: rebased(spec.components.schemas) } });

const bodies = new Map<string, Json>();
for (const item of Object.values(spec.paths)) {
  for (const operation of Object.values(item)) {
    const schema = operation?.requestBody?.content?.['application/json']?.schema;
    if (operation?.operationId !== undefined && schema !== undefined) bodies.set(operation.operationId, rebased(schema));
  }
}
const compiled = new Map<string, ValidateFunction>();

/** The validator of the operation's JSON request body, or undefined when it takes none. */
export function requestBodyValidator(operationId: string): ValidateFunction | undefined {
  const schema = bodies.get(operationId);
  if (schema === undefined) return undefined;
  const known = compiled.get(operationId);
  if (known !== undefined) return known;
  const validate = ajv.compile(schema);
  compiled.set(operationId, validate);
  return validate;
}

interface ValidationIssue {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** A validator's complaint about a body as the documented 400, naming the field at fault. */
export function bodyProblem(issues: readonly ValidationIssue[]): ApiProblem {
  const issue = issues[0];
  const path = (issue?.instancePath ?? '').split('/').filter(Boolean);
  const extra = issue?.params['missingProperty'] ?? issue?.params['additionalProperty'];
  if (typeof extra === 'string') path.push(extra);
  const field = path.length === 0 ? 'body' : path.join('.');
  const message = issue?.keyword === 'additionalProperties' ? 'Not a field of this request.' : `${(issue?.message ?? 'is not valid').replace(/^./, (c) => c.toUpperCase())}.`;
  return invalidField(field, message);
}
