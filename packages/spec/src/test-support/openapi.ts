import { readFileSync } from 'node:fs';
import { bundleJsonPath } from './paths.js';

/** A JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads and parses a JSON file, failing with a message that says how to produce it. */
export function readJsonFile(path: string, hint: string): JsonObject {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read ${path} (${(error as Error).message}). ${hint}`, { cause: error });
  }
  const parsed: unknown = JSON.parse(text);
  if (!isObject(parsed)) throw new Error(`${path} does not hold a JSON object`);
  return parsed;
}

/** The bundled spec, dist/openapi.json of this package. */
export function loadBundle(): JsonObject {
  return readJsonFile(bundleJsonPath, 'Run `pnpm --filter @dojo-terminals/spec build` first.');
}

export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Appends tokens to a `#/...` JSON pointer. */
export function pointerJoin(pointer: string, ...tokens: string[]): string {
  return [pointer, ...tokens.map(escapePointerToken)].join('/');
}

/** Looks up a local `#/...` JSON pointer in a document. */
export function getByPointer(doc: Json, pointer: string): Json | undefined {
  if (pointer === '#' || pointer === '') return doc;
  if (!pointer.startsWith('#/')) throw new Error(`Only local JSON pointers are supported, got ${pointer}`);
  let node: Json | undefined = doc;
  for (const raw of pointer.slice(2).split('/')) {
    const token = unescapePointerToken(decodeURIComponent(raw));
    if (Array.isArray(node)) node = node[Number(token)];
    else if (isObject(node)) node = node[token];
    else return undefined;
    if (node === undefined) return undefined;
  }
  return node;
}

export interface Located {
  node: JsonObject;
  /** JSON pointer of `node` in the document (after following $ref). */
  pointer: string;
}

/**
 * Follows `$ref` chains of OpenAPI reference objects (not of schemas: schema refs are left to Ajv).
 * Throws on a dangling or non-local reference.
 */
export function deref(doc: JsonObject, node: Json | undefined, pointer: string): Located {
  let current = node;
  let where = pointer;
  const seen = new Set<string>();
  while (isObject(current) && typeof current['$ref'] === 'string') {
    const ref = current['$ref'];
    if (seen.has(ref)) throw new Error(`Circular $ref ${ref} at ${pointer}`);
    seen.add(ref);
    const target = getByPointer(doc, ref);
    if (target === undefined) throw new Error(`Dangling $ref ${ref} at ${where}`);
    current = target;
    where = ref;
  }
  if (!isObject(current)) throw new Error(`Expected an object at ${where}`);
  return { node: current, pointer: where };
}

export interface Parameter extends Located {
  name: string;
  in: string;
  required: boolean;
}

export interface Operation {
  kind: 'path' | 'webhook';
  /** Path template for paths, webhook name for webhooks. */
  path: string;
  method: HttpMethod;
  operationId: string | undefined;
  /** `operationId`, or `METHOD path` when it has none. */
  label: string;
  /** Pointer of the operation object. */
  pointer: string;
  op: JsonObject;
  /** Path-level and operation-level parameters, resolved; operation-level ones win. */
  parameters: Parameter[];
}

function collectOperations(doc: JsonObject, kind: 'path' | 'webhook'): Operation[] {
  const section = kind === 'path' ? 'paths' : 'webhooks';
  const items = doc[section];
  if (!isObject(items)) return [];
  const out: Operation[] = [];
  for (const [path, rawItem] of Object.entries(items)) {
    const item = deref(doc, rawItem, pointerJoin('#', section, path));
    for (const method of HTTP_METHODS) {
      const rawOp = item.node[method];
      if (!isObject(rawOp)) continue;
      const pointer = pointerJoin(item.pointer, method);
      const byKey = new Map<string, Parameter>();
      const addParams = (list: Json | undefined, listPointer: string): void => {
        if (!Array.isArray(list)) return;
        list.forEach((raw, index) => {
          const located = deref(doc, raw, pointerJoin(listPointer, String(index)));
          const name = String(located.node['name']);
          const where = String(located.node['in']);
          const key = `${where}:${where === 'header' ? name.toLowerCase() : name}`;
          byKey.set(key, { ...located, name, in: where, required: located.node['required'] === true });
        });
      };
      addParams(item.node['parameters'], pointerJoin(item.pointer, 'parameters'));
      addParams(rawOp['parameters'], pointerJoin(pointer, 'parameters'));
      const operationId = typeof rawOp['operationId'] === 'string' ? rawOp['operationId'] : undefined;
      out.push({
        kind,
        path,
        method,
        operationId,
        label: operationId ?? `${method.toUpperCase()} ${path}`,
        pointer,
        op: rawOp,
        parameters: [...byKey.values()],
      });
    }
  }
  return out;
}

/** Every operation under `paths`. */
export function pathOperations(doc: JsonObject): Operation[] {
  return collectOperations(doc, 'path');
}

/** Every operation under `webhooks`. */
export function webhookOperations(doc: JsonObject): Operation[] {
  return collectOperations(doc, 'webhook');
}

export function isJsonMediaType(mediaType: string): boolean {
  const base = mediaType.split(';')[0]!.trim().toLowerCase();
  return base === 'application/json' || base.endsWith('+json');
}

export interface MediaTypeRef {
  mediaType: string;
  node: JsonObject;
  pointer: string;
}

/** The media types of a request body or response (object already dereferenced). */
export function mediaTypes(container: Located): MediaTypeRef[] {
  const content = container.node['content'];
  if (!isObject(content)) return [];
  return Object.entries(content)
    .filter((entry): entry is [string, JsonObject] => isObject(entry[1]))
    .map(([mediaType, node]) => ({ mediaType, node, pointer: pointerJoin(container.pointer, 'content', mediaType) }));
}

export function requestBodyOf(doc: JsonObject, operation: Operation): Located | undefined {
  const raw = operation.op['requestBody'];
  return raw === undefined ? undefined : deref(doc, raw, pointerJoin(operation.pointer, 'requestBody'));
}

export interface ResponseRef extends Located {
  status: string;
}

export function responsesOf(doc: JsonObject, operation: Operation): ResponseRef[] {
  const responses = operation.op['responses'];
  if (!isObject(responses)) return [];
  return Object.entries(responses).map(([status, raw]) => ({
    status,
    ...deref(doc, raw, pointerJoin(operation.pointer, 'responses', status)),
  }));
}

export interface NamedExample {
  /** Key in the `examples` map, or `(example)` for the single `example` field. */
  name: string;
  /** Whether the example came from an `examples` map (a named example). */
  named: boolean;
  /** The example object (after $ref) for named examples; undefined for `example`. */
  object: JsonObject | undefined;
  pointer: string;
  hasValue: boolean;
  value: Json | undefined;
}

/** The `example` and `examples` of a media type, parameter or header, resolving `$ref` to components/examples. */
export function examplesOf(doc: JsonObject, holder: JsonObject, holderPointer: string): NamedExample[] {
  const out: NamedExample[] = [];
  if ('example' in holder) {
    out.push({
      name: '(example)',
      named: false,
      object: undefined,
      pointer: pointerJoin(holderPointer, 'example'),
      hasValue: true,
      value: holder['example'],
    });
  }
  const examples = holder['examples'];
  if (isObject(examples)) {
    for (const [name, raw] of Object.entries(examples)) {
      const located = deref(doc, raw, pointerJoin(holderPointer, 'examples', name));
      const hasValue = 'value' in located.node;
      out.push({
        name,
        named: true,
        object: located.node,
        pointer: located.pointer,
        hasValue,
        value: hasValue ? located.node['value'] : undefined,
      });
    }
  }
  return out;
}

/** `2XX`-style keys and exact codes: does `status` cover `code`? */
export function statusCovers(status: string, code: string): boolean {
  if (status === code) return true;
  return /^[1-5]XX$/i.test(status) && status[0] === code[0];
}
