import {
  examplesOf,
  isJsonMediaType,
  mediaTypes,
  requestBodyOf,
  type Json,
  type JsonObject,
  type Operation,
  type Parameter,
} from './openapi.js';

/** A request built from the spec's own examples. */
export interface BuiltRequest {
  method: string;
  /** Path with parameters filled in and the query string, e.g. `/terminals?statuses=Available`. */
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export const SANDBOX_AUTHORIZATION = 'Basic sk_sandbox_test';

/** Headers that are always sent when the operation declares them (required or not). */
const ALWAYS_SENT_HEADERS = new Set(['version', 'software-house-id', 'reseller-id', 'idempotencykey']);

function parameterExample(doc: JsonObject, parameter: Parameter): Json | undefined {
  const own = examplesOf(doc, parameter.node, parameter.pointer).find((e) => e.hasValue);
  if (own) return own.value;
  const schema = parameter.node['schema'];
  if (schema && typeof schema === 'object' && !Array.isArray(schema)) {
    if ('example' in schema) return schema['example'];
    const list = schema['examples'];
    if (Array.isArray(list) && list.length > 0) return list[0];
  }
  return undefined;
}

function scalar(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Builds a valid request for an operation from the examples in the spec: path, query and header
 * parameters from their examples, the JSON body from the first named request-body example.
 * Throws when the spec lacks an example the request needs.
 */
export function buildRequest(doc: JsonObject, operation: Operation): BuiltRequest {
  const missing: string[] = [];
  let path = operation.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = { authorization: SANDBOX_AUTHORIZATION, accept: 'application/json' };

  for (const parameter of operation.parameters) {
    const sendIt =
      parameter.in === 'path' ||
      parameter.required ||
      (parameter.in === 'header' && ALWAYS_SENT_HEADERS.has(parameter.name.toLowerCase()));
    if (!sendIt) continue;
    const value = parameterExample(doc, parameter);
    if (value === undefined || value === null) {
      missing.push(`${parameter.in} parameter ${parameter.name} has no example`);
      continue;
    }
    if (parameter.in === 'path') path = path.replace(`{${parameter.name}}`, encodeURIComponent(scalar(value)));
    else if (parameter.in === 'query') {
      for (const item of Array.isArray(value) ? value : [value]) query.append(parameter.name, scalar(item));
    } else if (parameter.in === 'header') headers[parameter.name] = Array.isArray(value) ? value.map(scalar).join(',') : scalar(value);
  }

  let body: string | undefined;
  const requestBody = requestBodyOf(doc, operation);
  if (requestBody) {
    const media = mediaTypes(requestBody).find((m) => isJsonMediaType(m.mediaType));
    if (!media) missing.push('request body has no JSON media type');
    else {
      const example = examplesOf(doc, media.node, media.pointer).find((e) => e.named && e.hasValue);
      if (!example) missing.push(`request body ${media.mediaType} has no named example`);
      else {
        body = JSON.stringify(example.value);
        headers['content-type'] = media.mediaType;
      }
    }
  }
  if (missing.length > 0) throw new Error(`cannot build a request for ${operation.label}:\n  ${missing.join('\n  ')}`);
  const search = query.toString();
  return { method: operation.method.toUpperCase(), url: search ? `${path}?${search}` : path, headers, body };
}

/** Runs `task` for 0…count-1 with at most `limit` running at once; results in index order. */
export async function runPool<T>(count: number, limit: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}
