import { diffSchema, resolve } from './schema-diff.js';
import { maxSeverity, type Change, type Json, type JsonObject, type Severity } from './types.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

interface OperationRef {
  label: string;
  operation: JsonObject;
  pathItem: JsonObject;
}

/** Every operation of a bundled document, paths and webhooks, by a readable label. */
function operationsOf(doc: JsonObject): Map<string, OperationRef> {
  const operations = new Map<string, OperationRef>();
  for (const [section, prefix] of [['paths', ''], ['webhooks', 'webhook ']] as const) {
    const items = doc[section];
    if (!isObject(items)) continue;
    for (const [name, rawItem] of Object.entries(items)) {
      const pathItem = resolve(doc, rawItem);
      if (!pathItem) continue;
      for (const method of METHODS) {
        const operation = pathItem[method];
        if (isObject(operation)) {
          const label = `${prefix}${method.toUpperCase()} ${name}`;
          operations.set(label, { label, operation, pathItem });
        }
      }
    }
  }
  return operations;
}

function parametersOf(doc: JsonObject, op: OperationRef): Map<string, JsonObject> {
  const params = new Map<string, JsonObject>();
  const all = [
    ...(Array.isArray(op.pathItem['parameters']) ? op.pathItem['parameters'] : []),
    ...(Array.isArray(op.operation['parameters']) ? op.operation['parameters'] : []),
  ];
  for (const raw of all) {
    const param = resolve(doc, raw);
    if (param && typeof param['name'] === 'string' && typeof param['in'] === 'string') {
      const name = param['in'] === 'header' ? param['name'].toLowerCase() : param['name'];
      params.set(`${param['in']} ${name}`, param);
    }
  }
  return params;
}

function jsonSchemaOf(doc: JsonObject, holder: Json | undefined): Json | undefined {
  const resolved = resolve(doc, holder);
  const content = resolved?.['content'];
  if (!isObject(content)) return undefined;
  const media = content['application/json'] ?? Object.values(content)[0];
  return isObject(media) ? media['schema'] : undefined;
}

const securityOf = (doc: JsonObject, op: JsonObject): string => JSON.stringify(op['security'] ?? doc['security'] ?? []);

/** Every difference between two bundled OpenAPI documents, each classified major, minor or patch. */
export function diffSpecs(base: JsonObject, head: JsonObject): Change[] {
  const changes: Change[] = [];
  const add = (severity: Severity, rule: string, location: string, message: string): void => {
    changes.push({ severity, rule, location, message });
  };

  const baseOps = operationsOf(base);
  const headOps = operationsOf(head);

  for (const label of baseOps.keys()) {
    if (!headOps.has(label)) add('major', 'operation-removed', label, 'operation removed');
  }
  for (const label of headOps.keys()) {
    if (!baseOps.has(label)) add('minor', 'operation-added', label, 'operation added');
  }

  for (const [label, before] of baseOps) {
    const after = headOps.get(label);
    if (!after) continue;

    if (before.operation['operationId'] !== after.operation['operationId']) {
      add('major', 'operation-id-changed', label, `operationId ${String(before.operation['operationId'])} → ${String(after.operation['operationId'])}; generated function names change`);
    }
    for (const keyword of ['summary', 'description', 'tags'] as const) {
      if (JSON.stringify(before.operation[keyword] ?? null) !== JSON.stringify(after.operation[keyword] ?? null)) {
        add('patch', `operation-${keyword}-changed`, label, `${keyword} changed`);
      }
    }
    if (securityOf(base, before.operation) !== securityOf(head, after.operation)) {
      add('major', 'security-changed', label, 'authentication requirements changed');
    }

    // Parameters.
    const baseParams = parametersOf(base, before);
    const headParams = parametersOf(head, after);
    for (const [name, param] of baseParams) {
      if (!headParams.has(name)) add('major', 'parameter-removed', label, `parameter ${name} removed`);
      else {
        const next = headParams.get(name)!;
        if (next['required'] === true && param['required'] !== true) {
          add('major', 'parameter-now-required', label, `parameter ${name} is now required`);
        }
        if (param['required'] === true && next['required'] !== true) {
          add('minor', 'parameter-now-optional', label, `parameter ${name} is now optional`);
        }
        if (JSON.stringify(param['description'] ?? null) !== JSON.stringify(next['description'] ?? null)) {
          add('patch', 'parameter-description-changed', label, `parameter ${name}: description changed`);
        }
        diffSchema({ base, head, direction: 'request', location: `${label} → parameter ${name}`, changes }, param['schema'], next['schema'], '');
      }
    }
    for (const [name, param] of headParams) {
      if (!baseParams.has(name)) {
        if (param['required'] === true) add('major', 'required-parameter-added', label, `new required parameter ${name}`);
        else add('minor', 'parameter-added', label, `new optional parameter ${name}`);
      }
    }

    // Request body.
    const baseBody = resolve(base, before.operation['requestBody']);
    const headBody = resolve(head, after.operation['requestBody']);
    if (baseBody && !headBody) add('major', 'request-body-removed', label, 'request body removed');
    if (!baseBody && headBody) {
      add(headBody['required'] === true ? 'major' : 'minor', 'request-body-added', label, `${headBody['required'] === true ? 'required' : 'optional'} request body added`);
    }
    if (baseBody && headBody) {
      if (headBody['required'] === true && baseBody['required'] !== true) {
        add('major', 'request-body-now-required', label, 'request body is now required');
      }
      diffSchema({ base, head, direction: 'request', location: `${label} → request body`, changes }, jsonSchemaOf(base, baseBody), jsonSchemaOf(head, headBody), '');
    }

    // Responses.
    const baseResponses = isObject(before.operation['responses']) ? before.operation['responses'] : {};
    const headResponses = isObject(after.operation['responses']) ? after.operation['responses'] : {};
    for (const status of Object.keys(baseResponses)) {
      if (!(status in headResponses)) add('major', 'response-removed', label, `response ${status} removed`);
    }
    for (const status of Object.keys(headResponses)) {
      if (!(status in baseResponses)) add('minor', 'response-added', label, `response ${status} added`);
    }
    for (const status of Object.keys(baseResponses)) {
      if (!(status in headResponses)) continue;
      const location = `${label} → ${status}`;
      const beforeResponse = resolve(base, baseResponses[status]);
      const afterResponse = resolve(head, headResponses[status]);
      if (JSON.stringify(beforeResponse?.['description'] ?? null) !== JSON.stringify(afterResponse?.['description'] ?? null)) {
        add('patch', 'response-description-changed', location, 'description changed');
      }
      const beforeSchema = jsonSchemaOf(base, beforeResponse);
      const afterSchema = jsonSchemaOf(head, afterResponse);
      if (beforeSchema !== undefined && afterSchema === undefined) add('major', 'response-body-removed', location, 'response body removed');
      else diffSchema({ base, head, direction: 'response', location, changes }, beforeSchema, afterSchema, '');
    }

    // Examples anywhere in the operation are documentation.
    if (JSON.stringify(collectExamples(base, before.operation)) !== JSON.stringify(collectExamples(head, after.operation))) {
      add('patch', 'examples-changed', label, 'examples changed');
    }
  }

  if (JSON.stringify(base['info'] ?? null) !== JSON.stringify(head['info'] ?? null)) {
    add('patch', 'info-changed', 'info', 'title, description or contact changed');
  }
  return dedupe(changes);
}

function collectExamples(doc: JsonObject, node: Json | undefined, seen: Set<string> = new Set()): Json[] {
  const out: Json[] = [];
  const visit = (value: Json | undefined): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (!isObject(value)) return;
    const ref = value['$ref'];
    if (typeof ref === 'string') {
      if (seen.has(ref) || !ref.includes('/examples/')) return;
      seen.add(ref);
      return visit(resolve(doc, value));
    }
    for (const [k, v] of Object.entries(value)) {
      if (k === 'examples' || k === 'example') out.push(JSON.stringify(isObject(v) ? Object.fromEntries(Object.entries(v).map(([n, e]) => [n, resolve(doc, e) ?? e])) : v));
      else visit(v);
    }
  };
  visit(node);
  return out;
}

function dedupe(changes: Change[]): Change[] {
  const seen = new Set<string>();
  return changes.filter((change) => {
    const id = `${change.severity}|${change.rule}|${change.location}|${change.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

export interface Verdict {
  /** The smallest version bump the differences require; `none` when nothing changed. */
  required: Severity | 'none';
  changes: Change[];
}

export function verdict(base: JsonObject, head: JsonObject): Verdict {
  const changes = diffSpecs(base, head);
  return { required: maxSeverity(changes.map((c) => c.severity)), changes };
}
