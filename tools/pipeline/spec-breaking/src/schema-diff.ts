import type { Change, Json, JsonObject } from './types.js';

/** Which way data flows through a schema: what clients send, or what they receive. */
export type Direction = 'request' | 'response';

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows local `$ref`s (`#/components/...`) to the schema they name. */
export function resolve(doc: JsonObject, schema: Json | undefined, seen: Set<string> = new Set()): JsonObject | undefined {
  if (!isObject(schema)) return undefined;
  const ref = schema['$ref'];
  if (typeof ref !== 'string') return schema;
  if (seen.has(ref) || !ref.startsWith('#/')) return undefined;
  seen.add(ref);
  let target: Json | undefined = doc;
  for (const part of ref.slice(2).split('/')) {
    target = isObject(target) ? target[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return resolve(doc, target, seen);
}

function typesOf(schema: JsonObject): Set<string> | undefined {
  const type = schema['type'];
  if (typeof type === 'string') return new Set([type === 'integer' ? 'integer' : type]);
  if (Array.isArray(type)) return new Set(type.filter((t): t is string => typeof t === 'string'));
  return undefined;
}

/** `integer` is a subset of `number`. */
function allowsType(types: Set<string>, type: string): boolean {
  return types.has(type) || (type === 'integer' && types.has('number'));
}

function enumOf(schema: JsonObject): Json[] | undefined {
  if (Array.isArray(schema['enum'])) return schema['enum'];
  if ('const' in schema) return [schema['const']!];
  return undefined;
}

const key = (value: Json): string => JSON.stringify(value);

const BOUNDS = [
  ['minimum', 'raised'],
  ['exclusiveMinimum', 'raised'],
  ['minLength', 'raised'],
  ['minItems', 'raised'],
  ['maximum', 'lowered'],
  ['exclusiveMaximum', 'lowered'],
  ['maxLength', 'lowered'],
  ['maxItems', 'lowered'],
] as const;

interface Context {
  base: JsonObject;
  head: JsonObject;
  direction: Direction;
  location: string;
  changes: Change[];
  visited: Set<string>;
  /** The component schema being walked, to name it in messages. */
  owner?: string;
}

function report(ctx: Context, severity: Change['severity'], rule: string, where: string, message: string): void {
  ctx.changes.push({ severity, rule: `${ctx.direction}-${rule}`, location: where, message });
}

const DOC_KEYWORDS = ['description', 'title', 'summary', 'examples', 'example', 'deprecated'] as const;

/**
 * Compares two versions of a schema and records every difference, classified by what it does to
 * clients: for requests, anything the server no longer accepts is major; for responses, anything
 * clients can no longer rely on is major.
 */
export function diffSchema(ctx: Omit<Context, 'changes' | 'visited'> & { changes: Change[] }, baseSchema: Json | undefined, headSchema: Json | undefined, path: string): void {
  walk({ ...ctx, visited: new Set() }, baseSchema, headSchema, path);
}

function walk(ctx: Context, baseRaw: Json | undefined, headRaw: Json | undefined, path: string): void {
  const refPair = `${isObject(baseRaw) ? baseRaw['$ref'] ?? '' : ''}|${isObject(headRaw) ? headRaw['$ref'] ?? '' : ''}`;
  if (refPair !== '|' && ctx.visited.has(refPair)) return;
  if (refPair !== '|') ctx.visited.add(refPair);

  const ref = isObject(baseRaw) && typeof baseRaw['$ref'] === 'string' ? baseRaw['$ref'] : undefined;
  if (ref?.startsWith('#/components/schemas/')) ctx = { ...ctx, owner: ref.slice('#/components/schemas/'.length) };
  const base = resolve(ctx.base, baseRaw);
  const head = resolve(ctx.head, headRaw);
  const where = `${ctx.location}${path ? ` → ${path}` : ''}`;
  if (!base || !head) return;

  const request = ctx.direction === 'request';

  for (const keyword of DOC_KEYWORDS) {
    if (key(base[keyword] ?? null) !== key(head[keyword] ?? null)) {
      report(ctx, 'patch', `${keyword}-changed`, where, `${keyword} changed`);
    }
  }

  // Types.
  const baseTypes = typesOf(base);
  const headTypes = typesOf(head);
  if (baseTypes && headTypes) {
    const removed = [...baseTypes].filter((t) => !allowsType(headTypes, t));
    const added = [...headTypes].filter((t) => !allowsType(baseTypes, t));
    if (removed.length > 0) {
      report(ctx, request ? 'major' : added.length > 0 ? 'major' : 'minor', 'type-narrowed', where, `no longer allows type ${removed.join(', ')}`);
    }
    if (added.length > 0) {
      report(ctx, request ? 'minor' : 'major', 'type-widened', where, `now also allows type ${added.join(', ')}`);
    }
  } else if (baseTypes && !headTypes && !request) {
    report(ctx, 'major', 'type-removed', where, 'no longer declares a type');
  } else if (!baseTypes && headTypes && request) {
    report(ctx, 'major', 'type-added', where, `now requires type ${[...headTypes].join(', ')}`);
  }

  // Enums.
  const baseEnum = enumOf(base);
  const headEnum = enumOf(head);
  if (baseEnum && headEnum) {
    const headKeys = new Set(headEnum.map(key));
    const baseKeys = new Set(baseEnum.map(key));
    const removed = baseEnum.filter((v) => !headKeys.has(key(v)));
    const added = headEnum.filter((v) => !baseKeys.has(key(v)));
    for (const value of removed) report(ctx, 'major', 'enum-value-removed', where, `enum value ${key(value)} removed`);
    for (const value of added) {
      report(ctx, 'minor', 'enum-value-added', where, `enum value ${key(value)} added`);
    }
  } else if (!baseEnum && headEnum && request) {
    report(ctx, 'major', 'enum-added', where, `now only accepts ${headEnum.map(key).join(', ')}`);
  } else if (baseEnum && !headEnum && !request) {
    report(ctx, 'major', 'enum-removed', where, `no longer limited to ${baseEnum.map(key).join(', ')}`);
  }

  // Patterns and formats.
  for (const keyword of ['pattern', 'format'] as const) {
    const before = base[keyword];
    const after = head[keyword];
    if (before === after) continue;
    if (after !== undefined && before !== undefined) {
      report(ctx, 'major', `${keyword}-changed`, where, `${keyword} changed from ${key(before)} to ${key(after)}`);
    } else if (after !== undefined) {
      report(ctx, request ? 'major' : 'minor', `${keyword}-added`, where, `${keyword} ${key(after)} added`);
    } else {
      report(ctx, request ? 'minor' : 'major', `${keyword}-removed`, where, `${keyword} ${key(before ?? null)} removed`);
    }
  }

  // Numeric and length bounds: a tighter bound is a narrowing.
  for (const [keyword, tighter] of BOUNDS) {
    const before = base[keyword];
    const after = head[keyword];
    if (before === after) continue;
    const narrowed =
      typeof after === 'number' &&
      (typeof before !== 'number' || (tighter === 'raised' ? after > before : after < before));
    if (narrowed) report(ctx, request ? 'major' : 'minor', `${keyword}-narrowed`, where, `${keyword} ${key(before ?? null)} → ${key(after)}`);
    else report(ctx, request ? 'minor' : 'major', `${keyword}-widened`, where, `${keyword} ${key(before ?? null)} → ${key(after ?? null)}`);
  }

  // Object properties.
  const baseProps = isObject(base['properties']) ? base['properties'] : {};
  const headProps = isObject(head['properties']) ? head['properties'] : {};
  const baseRequired = new Set(Array.isArray(base['required']) ? base['required'].map(String) : []);
  const headRequired = new Set(Array.isArray(head['required']) ? head['required'].map(String) : []);
  const closedBefore = base['additionalProperties'] === false;
  const closedAfter = head['additionalProperties'] === false;
  const of = ctx.owner ? ` of ${ctx.owner}` : '';
  const child = (name: string): string => (path ? `${path}.${name}` : name);
  const prop = (name: string): string => `\`${child(name)}\`${of}`;

  for (const name of Object.keys(baseProps)) {
    if (!(name in headProps)) {
      if (request) {
        report(ctx, closedAfter ? 'major' : 'minor', 'property-removed', where, `property ${prop(name)} removed${closedAfter ? '; requests that send it are now rejected' : ''}`);
      } else {
        report(ctx, 'major', 'property-removed', where, `property ${prop(name)} removed`);
      }
    }
  }
  for (const name of Object.keys(headProps)) {
    if (!(name in baseProps)) {
      if (request && headRequired.has(name)) {
        report(ctx, 'major', 'required-property-added', where, `new required property ${prop(name)}`);
      } else {
        report(ctx, 'minor', 'property-added', where, `new ${headRequired.has(name) ? 'required' : 'optional'} property ${prop(name)}`);
      }
    }
  }
  for (const name of headRequired) {
    if (!baseRequired.has(name) && name in baseProps) {
      report(ctx, request ? 'major' : 'minor', 'property-now-required', where, `property ${prop(name)} is now required`);
    }
  }
  for (const name of baseRequired) {
    if (!headRequired.has(name) && name in headProps) {
      report(ctx, request ? 'minor' : 'major', 'property-now-optional', where, `property ${prop(name)} may now be absent`);
    }
  }
  if (!closedBefore && closedAfter && request) {
    report(ctx, 'major', 'additional-properties-closed', where, 'unknown properties are now rejected');
  }
  for (const name of Object.keys(baseProps)) {
    if (name in headProps) walk(ctx, baseProps[name], headProps[name], child(name));
  }

  // Arrays, maps and compositions.
  if ('items' in base || 'items' in head) walk(ctx, base['items'], head['items'], `${path}[]`);
  if (isObject(base['additionalProperties']) && isObject(head['additionalProperties'])) {
    walk(ctx, base['additionalProperties'], head['additionalProperties'], `${path}{}`);
  }
  for (const keyword of ['oneOf', 'anyOf', 'allOf'] as const) {
    const before = Array.isArray(base[keyword]) ? base[keyword] : [];
    const after = Array.isArray(head[keyword]) ? head[keyword] : [];
    if (before.length === 0 && after.length === 0) continue;
    const label = (s: Json): string => (isObject(s) && typeof s['$ref'] === 'string' ? s['$ref'] : key(s));
    const afterLabels = new Map(after.map((s) => [label(s), s]));
    const beforeLabels = new Set(before.map(label));
    for (const member of before) {
      const match = afterLabels.get(label(member));
      if (match !== undefined) walk(ctx, member, match, path);
      else if (keyword !== 'allOf') report(ctx, request ? 'major' : 'minor', `${keyword}-member-removed`, where, `${keyword} member ${label(member)} removed`);
      else report(ctx, 'major', 'allOf-member-removed', where, `allOf member ${label(member)} removed`);
    }
    for (const member of after) {
      if (!beforeLabels.has(label(member))) {
        const severity = keyword === 'allOf' ? 'major' : request ? 'minor' : 'major';
        report(ctx, severity, `${keyword}-member-added`, where, `${keyword} member ${label(member)} added`);
      }
    }
  }
}
