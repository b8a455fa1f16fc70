import { readFile } from 'node:fs/promises';

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Thrown when the document to check against cannot be read as a JSON OpenAPI document. */
export class SpecFormatError extends Error {
  override readonly name = 'SpecFormatError';
}

/** One documented response of an operation: its status key (`200`, `4XX`, `default`) and whether it is JSON. */
export interface DocumentedResponse {
  key: string;
  /** True when the response documents a JSON media type (`application/json` or `…+json`). */
  json: boolean;
}

/** What the spec says about one operation. */
export interface OperationInfo {
  method: string;
  template: string;
  operationId: string | undefined;
  /** `operationId (METHOD /template)`, or `METHOD /template` when the operation has no id. */
  label: string;
  responses: readonly DocumentedResponse[];
}

/** The class of a refused request, which decides the status it is answered with. */
export type RequestFailure = 'validation' | 'authentication';

export interface SpecIndex {
  /** The operation `METHOD path` (query string ignored) is for, if the spec has one. */
  find(method: string, path: string): OperationInfo | undefined;
  /** True when some operation of the spec has this path, whatever its method. */
  hasPath(path: string): boolean;
  /** `operationId (METHOD /template)`, or `METHOD /path` for a request no operation matches. */
  name(method: string, path: string): string;
  /** The path parameters of `path` under the operation's template, by name (decoded). */
  pathParams(operation: OperationInfo, path: string): Record<string, string>;
  /** Lower-case names of the request headers the spec's security schemes read credentials from. */
  securityHeaders: readonly string[];
}

interface Route extends OperationInfo {
  pattern: RegExp;
  params: number;
}

type Json = Record<string, unknown>;

/** Reads a JSON OpenAPI document (such as the bundled `openapi.json`) into an index of its operations. */
export async function loadSpecIndex(specPath: string): Promise<SpecIndex> {
  let doc: Json;
  try {
    const parsed = JSON.parse(await readFile(specPath, 'utf8')) as unknown;
    if (!isObject(parsed)) throw new Error('not a JSON object');
    doc = parsed;
  } catch (error) {
    throw new SpecFormatError(
      `${specPath} is not a JSON OpenAPI document (${(error as Error).message}); bundle a YAML description to JSON first, e.g. \`redocly bundle openapi.yaml --ext json -o openapi.json\``,
      { cause: error },
    );
  }
  const routes: Route[] = [];
  const paths = isObject(doc['paths']) ? doc['paths'] : {};
  for (const [template, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method) || !isObject(operation)) continue;
      const upper = method.toUpperCase();
      const operationId = typeof operation['operationId'] === 'string' ? operation['operationId'] : undefined;
      routes.push({
        method: upper,
        template,
        operationId,
        label: operationId === undefined ? `${upper} ${template}` : `${operationId} (${upper} ${template})`,
        responses: documentedResponses(doc, operation['responses']),
        pattern: templatePattern(template),
        params: (template.match(/\{/g) ?? []).length,
      });
    }
  }
  // Literal segments win over parameters: /payment-intents/search before /payment-intents/{id}.
  routes.sort((a, b) => a.params - b.params);
  const pathname = (path: string): string => path.split('?')[0] ?? path;
  const find = (method: string, path: string): OperationInfo | undefined => {
    const upper = method.toUpperCase();
    const target = pathname(path);
    return routes.find((route) => route.method === upper && route.pattern.test(target));
  };
  return {
    find,
    hasPath: (path) => routes.some((route) => route.pattern.test(pathname(path))),
    name: (method, path) => find(method, path)?.label ?? `${method.toUpperCase()} ${pathname(path)}`,
    pathParams: (operation, path) => {
      const names = [...operation.template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
      const values = templatePattern(operation.template).exec(pathname(path))?.slice(1) ?? [];
      return Object.fromEntries(names.map((name, i) => [name, safeDecode(values[i] ?? '')]));
    },
    securityHeaders: securityHeaders(doc),
  };
}

/** The documented response for `status`: the exact code, else its range (`4XX`), else `default`. */
export function documentedResponse(operation: OperationInfo, status: number): DocumentedResponse | undefined {
  const exact = String(status);
  const range = `${exact[0] ?? ''}XX`;
  return (
    operation.responses.find((response) => response.key === exact) ??
    operation.responses.find((response) => response.key.toUpperCase() === range) ??
    operation.responses.find((response) => response.key === 'default')
  );
}

/** The codes an operation documents, for messages: `200, 400, 401`. */
export function documentedStatuses(operation: OperationInfo): string {
  return operation.responses.map((response) => response.key).join(', ');
}

/**
 * The status a refused request is answered with, from the operation's documented responses: a request that
 * breaks the spec gets the documented 400 (else 422), a request without valid credentials the documented 401.
 * Without an operation (or such a response) these are the conventional 400 and 401.
 */
export function statusForRequestFailure(operation: OperationInfo | undefined, failure: RequestFailure): number {
  const candidates = failure === 'authentication' ? [401] : [400, 422];
  for (const status of candidates) {
    if (operation?.responses.some((response) => response.key === String(status))) return status;
  }
  return candidates[0]!;
}

function documentedResponses(doc: Json, responses: unknown): DocumentedResponse[] {
  if (!isObject(responses)) return [];
  return Object.entries(responses).map(([key, value]) => {
    const response = resolveRef(doc, value);
    const content = isObject(response) && isObject(response['content']) ? Object.keys(response['content']) : [];
    return { key, json: content.some(isJsonMediaType) };
  });
}

export function isJsonMediaType(mediaType: string): boolean {
  const type = mediaType.split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || type.endsWith('+json');
}

/** Follows local `$ref`s (`#/components/responses/BadRequest`), at most a few levels deep. */
function resolveRef(doc: Json, value: unknown, depth = 0): unknown {
  if (!isObject(value) || typeof value['$ref'] !== 'string' || depth > 8) return value;
  const ref = value['$ref'];
  if (!ref.startsWith('#/')) return value;
  let current: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    if (!isObject(current)) return undefined;
    current = current[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return resolveRef(doc, current, depth + 1);
}

function templatePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

function securityHeaders(doc: Json): string[] {
  const components = isObject(doc['components']) ? doc['components'] : {};
  const schemes = isObject(components['securitySchemes']) ? components['securitySchemes'] : {};
  const names = new Set<string>();
  for (const scheme of Object.values(schemes)) {
    if (!isObject(scheme)) continue;
    if (scheme['type'] === 'apiKey' && scheme['in'] === 'header' && typeof scheme['name'] === 'string') names.add(scheme['name'].toLowerCase());
    if (scheme['type'] === 'http' || scheme['type'] === 'oauth2' || scheme['type'] === 'openIdConnect') names.add('authorization');
  }
  return [...names];
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
