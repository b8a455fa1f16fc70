import {
  examplesOf,
  isJsonMediaType,
  mediaTypes,
  pathOperations,
  requestBodyOf,
  responsesOf,
  statusCovers,
  type Json,
  type JsonObject,
  type MediaTypeRef,
  type Operation,
} from './openapi.js';

/** Paths of the published description that we cover. */
export function inScopePath(path: string): boolean {
  return path.startsWith('/terminal') || path.startsWith('/payment-intents');
}

/** `/a/{x}/b` and `/a/{y}/b` are the same path. */
export function normalizePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}');
}

/** An example taken from the published description. */
export interface PublishedExample {
  method: string;
  path: string;
  /** `request` for request-body examples, else the status code. */
  status: string;
  mediaType: string;
  name: string;
  value: Json | undefined;
  hasValue: boolean;
  /** Pointer in the published file. */
  pointer: string;
}

/** Every request-body and response example of the in-scope operations of the published description. */
export function extractPublishedExamples(published: JsonObject): PublishedExample[] {
  const out: PublishedExample[] = [];
  for (const operation of pathOperations(published)) {
    if (!inScopePath(operation.path)) continue;
    const base = { method: operation.method, path: operation.path };
    const body = requestBodyOf(published, operation);
    if (body) {
      for (const media of mediaTypes(body)) {
        for (const example of examplesOf(published, media.node, media.pointer)) {
          out.push({ ...base, status: 'request', mediaType: media.mediaType, name: example.name, value: example.value, hasValue: example.hasValue, pointer: example.pointer });
        }
      }
    }
    for (const response of responsesOf(published, operation)) {
      for (const media of mediaTypes(response)) {
        for (const example of examplesOf(published, media.node, media.pointer)) {
          out.push({ ...base, status: response.status, mediaType: media.mediaType, name: example.name, value: example.value, hasValue: example.hasValue, pointer: example.pointer });
        }
      }
    }
  }
  return out;
}

export type SchemaMatch = { schemaPointer: string } | { problem: string };

function pickMedia(media: MediaTypeRef[], wanted: string): MediaTypeRef | undefined {
  return media.find((m) => m.mediaType === wanted) ?? (isJsonMediaType(wanted) ? media.find((m) => isJsonMediaType(m.mediaType)) : undefined);
}

/** The schema in our bundle that a published example must satisfy (same method, path, status, media type). */
export function matchingSchema(doc: JsonObject, ours: Operation[], example: PublishedExample): SchemaMatch {
  const operation = ours.find(
    (o) => o.method === example.method && normalizePath(o.path) === normalizePath(example.path),
  );
  const what = `${example.method.toUpperCase()} ${example.path}`;
  if (!operation) return { problem: `our bundle has no operation ${what}` };
  let media: MediaTypeRef[];
  let where: string;
  if (example.status === 'request') {
    const body = requestBodyOf(doc, operation);
    if (!body) return { problem: `our ${what} (${operation.label}) has no request body` };
    media = mediaTypes(body);
    where = 'request body';
  } else {
    const responses = responsesOf(doc, operation);
    const response =
      responses.find((r) => r.status === example.status) ?? responses.find((r) => statusCovers(r.status, example.status));
    if (!response) {
      return {
        problem: `our ${what} (${operation.label}) does not document response ${example.status} (it has ${responses.map((r) => r.status).join(', ')})`,
      };
    }
    media = mediaTypes(response);
    where = `response ${response.status}`;
  }
  const chosen = pickMedia(media, example.mediaType);
  if (!chosen) {
    return { problem: `our ${what} ${where} has no ${example.mediaType} content (it has ${media.map((m) => m.mediaType).join(', ') || 'none'})` };
  }
  if (!('schema' in chosen.node)) return { problem: `our ${what} ${where} ${chosen.mediaType} has no schema` };
  return { schemaPointer: `${chosen.pointer}/schema` };
}
