import { getByPointer, isObject, type Json, type JsonObject } from './openapi.js';

/** A broken domain rule in a response body. */
export interface Violation {
  /** JSONPath-like location, e.g. `$.data[3].details`. */
  path: string;
  rule: string;
  value: unknown;
}

/** Id prefixes by the key that holds the id. */
export const ID_KEY_PREFIXES: Readonly<Record<string, string>> = {
  terminalId: 'tm',
  terminalSessionId: 'ts',
  paymentIntentId: 'pi',
  refundId: 'rfnd',
  captureId: 'cp',
  reversalId: 'rvs',
};

/** Prefix of the `id` of an object held under one of these keys. */
export const RESOURCE_KEY_PREFIXES: Readonly<Record<string, string>> = {
  terminal: 'tm',
  terminalSession: 'ts',
  paymentIntent: 'pi',
  refund: 'rfnd',
  capture: 'cp',
  reversal: 'rvs',
};

/** Which `details` key goes with which `sessionType`. */
export const SESSION_DETAILS_KEYS: Readonly<Record<string, string>> = {
  Sale: 'sale',
  MatchedRefund: 'matchedRefund',
  UnlinkedRefund: 'unlinkedRefund',
};

export function idPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}_(?:sandbox_)?[A-Za-z0-9_-]+$`);
}

/** What the walker needs to know about one response. */
export interface InvariantContext {
  /**
   * Prefix of `id` on the top-level resource objects: the body itself, the items of a top-level
   * array, and (`listProperty`) the items of that top-level array property of a list page.
   */
  resourcePrefix?: string | undefined;
  listProperty?: string | undefined;
  /** Enum values declared by the schema for `status`/`*Status` strings, by location pattern (`$.a[*].status`). */
  statusEnums: ReadonlyMap<string, ReadonlySet<Json> | 'unconstrained'>;
}

const isStatusKey = (key: string): boolean => key === 'status' || key.endsWith('Status');
const isAmountKey = (key: string): boolean => /amount/i.test(key);
const isDateKey = (key: string): boolean => /(?:At|Date|DateTime)$/.test(key);
/**
 * The most a till takes or gives back in one amount, in minor units: 999,999.99 in a two-decimal currency (the
 * spec's GBP and EUR). Chosen by hand, independently of the schemas' maxima.
 */
export const MAX_TILL_AMOUNT = 99_999_999;
const inTillRange = (value: number): boolean => Math.abs(value) <= MAX_TILL_AMOUNT;
/** Fields Dojo always sends as text (empty when it has nothing to say), never as null. */
const ALWAYS_TEXT_KEYS: ReadonlySet<string> = new Set(['debugMessage', 'cardFundingType']);
const isUrlKey = (key: string): boolean => /Url$/.test(key);
/** An absolute URI: a scheme, then something (RFC 3986), as `format: uri` asks; not free text. */
const isAbsoluteUri = (value: string): boolean => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/.test(value);
/** Money that is signed by design: a modifier's price is negative for a discount. */
const SIGNED_MONEY_KEYS: ReadonlySet<string> = new Set(['amountPerModifier']);

/** A card expiry: empty (not given), `MM/YY`, or a real calendar date. */
function isCardExpiry(value: string): boolean {
  return value === '' || /^(0[1-9]|1[0-2])\/\d{2}$/.test(value) || Number.isFinite(Date.parse(value));
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** `$.a[3].b` → `$.a[*].b` */
export function pathPattern(path: string): string {
  return path.replace(/\[\d+\]/g, '[*]');
}

function isNonNegativeSafeInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Walks a response body and returns every broken domain rule. */
export function checkInvariants(body: Json, context: InvariantContext): Violation[] {
  const violations: Violation[] = [];
  const add = (path: string, rule: string, value: unknown): void => {
    violations.push({ path, rule, value });
  };

  const checkId = (path: string, value: Json, prefix: string, why: string): void => {
    if (value === null) return;
    if (typeof value !== 'string' || !idPattern(prefix).test(value)) {
      add(path, `${why} must look like ${prefix}_… or ${prefix}_sandbox_…`, value);
    }
  };

  const checkSessionDetails = (path: string, details: JsonObject, sessionType: Json, typePath: string): void => {
    if (typeof sessionType !== 'string') return;
    const expected = SESSION_DETAILS_KEYS[sessionType];
    if (!expected) {
      add(typePath, `sessionType must be one of ${Object.keys(SESSION_DETAILS_KEYS).join(', ')}`, sessionType);
      return;
    }
    if (!isObject(details[expected])) {
      add(path, `sessionType ${sessionType} requires a \`${expected}\` details object`, details);
    }
    for (const other of Object.values(SESSION_DETAILS_KEYS)) {
      if (other !== expected && other in details) {
        add(childPath(path, other), `sessionType ${sessionType} must not come with \`${other}\``, details[other]);
      }
    }
  };

  const visit = (node: Json, path: string, parentKey: string | undefined, resourcePrefix: string | undefined): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, childPath(path, i), parentKey, undefined));
      return;
    }
    if (!isObject(node)) return;

    const idPrefix = resourcePrefix ?? (parentKey ? RESOURCE_KEY_PREFIXES[parentKey] : undefined);
    if (idPrefix && 'id' in node) checkId(childPath(path, 'id'), node['id']!, idPrefix, 'id');

    // Money: { value, currencyCode }
    if ('currencyCode' in node && 'value' in node) {
      const value = node['value'];
      if (parentKey !== undefined && SIGNED_MONEY_KEYS.has(parentKey)) {
        if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
          add(childPath(path, 'value'), 'signed money value must be a safe integer (minor units)', value);
        }
      } else if (!isNonNegativeSafeInteger(value)) {
        add(childPath(path, 'value'), 'money value must be a non-negative safe integer (minor units)', value);
      }
      if (typeof value === 'number' && !inTillRange(value)) {
        add(childPath(path, 'value'), `money value must be in a till's range (at most ${MAX_TILL_AMOUNT} minor units)`, value);
      }
    }
    // sessionType ↔ details
    if (typeof node['sessionType'] === 'string') {
      if (parentKey === 'details') checkSessionDetails(path, node, node['sessionType'], childPath(path, 'sessionType'));
      else if (isObject(node['details'])) {
        checkSessionDetails(childPath(path, 'details'), node['details'], node['sessionType'], childPath(path, 'sessionType'));
      }
    }

    for (const [key, value] of Object.entries(node)) {
      const here = childPath(path, key);
      const prefix = ID_KEY_PREFIXES[key];
      if (prefix) checkId(here, value, prefix, key);
      if (key === 'currencyCode' && (typeof value !== 'string' || !/^[A-Z]{3}$/.test(value))) {
        add(here, 'currencyCode must be three upper-case letters (ISO 4217)', value);
      }
      if (isAmountKey(key) && typeof value === 'number' && !isNonNegativeSafeInteger(value)) {
        add(here, `${key} must be a non-negative safe integer (minor units)`, value);
      }
      if (isAmountKey(key) && typeof value === 'number' && !inTillRange(value)) {
        add(here, `${key} must be in a till's range (at most ${MAX_TILL_AMOUNT} minor units)`, value);
      }
      if (ALWAYS_TEXT_KEYS.has(key) && typeof value !== 'string') add(here, `${key} must be a string`, value);
      if (isUrlKey(key) && value !== null && (typeof value !== 'string' || !isAbsoluteUri(value))) {
        add(here, `${key} must be an absolute URI`, value);
      }
      if (key === 'expiryDate') {
        if (typeof value === 'string' && !isCardExpiry(value)) add(here, 'expiryDate must be empty, MM/YY or a date', value);
      } else if (isDateKey(key) && typeof value === 'string' && !Number.isFinite(Date.parse(value))) {
        add(here, `${key} must be a parseable date`, value);
      }
      if (isStatusKey(key) && typeof value === 'string') {
        const allowed = context.statusEnums.get(pathPattern(here));
        if (allowed && allowed !== 'unconstrained' && !allowed.has(value)) {
          add(here, `${key} must be one of the declared values ${JSON.stringify([...allowed])}`, value);
        }
      }
      const childResource =
        key === context.listProperty && path === '$' && Array.isArray(value) ? context.resourcePrefix : undefined;
      if (childResource && Array.isArray(value)) {
        value.forEach((item, i) => visit(item, childPath(here, i), key, childResource));
      } else {
        visit(value, here, key, undefined);
      }
    }
  };

  if (Array.isArray(body)) body.forEach((item, i) => visit(item, childPath('$', i), undefined, context.resourcePrefix));
  else visit(body, '$', undefined, context.resourcePrefix);
  return violations;
}

/** Enum values a schema allows for a string: from `enum`, `const`, and $ref/allOf/anyOf/oneOf members. */
function declaredEnum(doc: JsonObject, schema: Json | undefined, seen: Set<string> = new Set()): Set<Json> | undefined {
  if (!isObject(schema)) return undefined;
  if (typeof schema['$ref'] === 'string') {
    const ref = schema['$ref'];
    if (seen.has(ref)) return undefined;
    seen.add(ref);
    const target = declaredEnum(doc, getByPointer(doc, ref), seen);
    const own = declaredEnumNoRef(doc, schema, seen);
    return intersectOrEither(target, own);
  }
  return declaredEnumNoRef(doc, schema, seen);
}

function declaredEnumNoRef(doc: JsonObject, schema: JsonObject, seen: Set<string>): Set<Json> | undefined {
  let result: Set<Json> | undefined;
  if (Array.isArray(schema['enum'])) result = new Set(schema['enum']);
  if ('const' in schema) result = intersectOrEither(result, new Set([schema['const']!]));
  const allOf = schema['allOf'];
  if (Array.isArray(allOf)) for (const member of allOf) result = intersectOrEither(result, declaredEnum(doc, member, new Set(seen)));
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = schema[key];
    if (!Array.isArray(list)) continue;
    // A union constrains only when every member does (a `{type: 'null'}` member adds nothing for strings).
    const members = list.filter((m) => !(isObject(m) && m['type'] === 'null'));
    const sets = members.map((m) => declaredEnum(doc, m, new Set(seen)));
    if (sets.length > 0 && sets.every((s) => s !== undefined)) {
      const union = new Set<Json>();
      for (const s of sets) for (const v of s!) union.add(v);
      result = intersectOrEither(result, union);
    }
  }
  return result;
}

function intersectOrEither(a: Set<Json> | undefined, b: Set<Json> | undefined): Set<Json> | undefined {
  if (!a) return b;
  if (!b) return a;
  return new Set([...a].filter((v) => b.has(v)));
}

/**
 * Maps each data location (`$.statusEvents[*].status`) that a `status`/`*Status` property of the
 * response schema can occupy to the enum values declared there. A location where some schema
 * branch declares no enum is 'unconstrained'.
 */
export function collectStatusEnums(doc: JsonObject, schemaPointer: string, maxDepth = 16): Map<string, Set<Json> | 'unconstrained'> {
  const result = new Map<string, Set<Json> | 'unconstrained'>();
  const record = (location: string, values: Set<Json> | undefined): void => {
    const previous = result.get(location);
    if (previous === 'unconstrained') return;
    if (!values) {
      result.set(location, 'unconstrained');
      return;
    }
    result.set(location, previous ? new Set([...previous, ...values]) : values);
  };

  const walk = (schema: Json | undefined, location: string, stack: string[], depth: number): void => {
    if (!isObject(schema) || depth > maxDepth) return;
    if (typeof schema['$ref'] === 'string') {
      const ref = schema['$ref'];
      if (stack.includes(ref)) return;
      walk(getByPointer(doc, ref), location, [...stack, ref], depth + 1);
    }
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = schema[key];
      if (Array.isArray(list)) for (const member of list) walk(member, location, stack, depth + 1);
    }
    for (const key of ['if', 'then', 'else'] as const) walk(schema[key], location, stack, depth + 1);
    const properties = schema['properties'];
    if (isObject(properties)) {
      for (const [name, sub] of Object.entries(properties)) {
        const here = childPath(location, name);
        if (isStatusKey(name)) record(here, declaredEnum(doc, sub));
        walk(sub, here, stack, depth + 1);
      }
    }
    if (schema['items'] !== undefined) walk(schema['items'], `${location}[*]`, stack, depth + 1);
    const prefixItems = schema['prefixItems'];
    if (Array.isArray(prefixItems)) for (const item of prefixItems) walk(item, `${location}[*]`, stack, depth + 1);
  };

  walk(getByPointer(doc, schemaPointer), '$', [schemaPointer], 0);
  return result;
}

