// Reads, from the bundled spec, the facts that code outside the generated types needs. Pure: no hey-api here.

type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** Methods whose repetition cannot apply a request twice. */
const REPEATABLE_METHODS = new Set(['get', 'put', 'delete']);
/** The header parameter that makes any request repeatable: the client fills it in once per call. */
const IDEMPOTENCY_KEY = 'IdempotencyKey';
/** The header parameter of terminal and terminal-session operations: they need the terminal headers. */
const SOFTWARE_HOUSE_ID = 'SoftwareHouseId';

export interface PathParamFact {
  name: string;
  /** The schema the parameter refers to, e.g. `TerminalId`. */
  kind: string;
  /** That schema's `pattern`. */
  pattern: string;
}

export interface OperationFact {
  id: string;
  method: Uppercase<(typeof METHODS)[number]>;
  path: string;
  summary: string;
  /** In the order they appear in the path. */
  pathParams: PathParamFact[];
  /** Query parameter names, and whether one of them is required. */
  query: { names: string[]; required: boolean };
  /** Whether the operation takes a body, and whether it must. */
  body: { present: boolean; required: boolean };
  /** May be sent again after a failure: GET, PUT, DELETE or an `IdempotencyKey` header. */
  repeatable: boolean;
  /** The name of the idempotency key header, when the operation declares one. */
  idempotencyKeyHeader: string | undefined;
  /** Declares a `SoftwareHouseId` parameter: sent with the terminal headers. */
  terminal: boolean;
  /** `dojo.<resource>.<method>`, from the tag's `x-dojo-resource` and the operation's `x-dojo-method`. */
  resource: string;
  clientMethod: string;
}

export interface SpecFacts {
  /** `info.version`. */
  apiVersion: string;
  /** Id kind → pattern, for every schema a path parameter refers to. */
  idPatterns: Record<string, string>;
  /** `x-dojo-final` of `TerminalSessionStatus`. */
  finalTerminalSessionStatuses: string[];
  /** The keys of `webhooks`: Dojo's event names. */
  webhookEvents: string[];
  /** The `enum` of each status schema (`TerminalStatus`, `PaymentIntentStatus`), for code that checks a status it is given. */
  statuses: Record<(typeof STATUS_SCHEMAS)[number], string[]>;
  /** Per webhook event, the schema of its body (the request body's `$ref`). */
  webhookPayloads: Array<{ event: string; schema: string }>;
  operations: OperationFact[];
}

/**
 * The literal text every match of an anchored pattern starts with: `ab_` for `^ab_(?:x_)?[a-z]{4}$`.
 * A character a quantifier makes optional is not part of it; an unanchored pattern has none.
 */
export function idPrefix(pattern: string): string {
  if (!pattern.startsWith('^')) return '';
  const literal = /^[A-Za-z0-9_-]*/.exec(pattern.slice(1))![0];
  const next = pattern.charAt(1 + literal.length);
  return next === '?' || next === '*' || next === '{' ? literal.slice(0, -1) : literal;
}

/** The status schemas whose values code outside the types needs as a list. */
export const STATUS_SCHEMAS = ['TerminalStatus', 'PaymentIntentStatus'] as const;

export function readFacts(spec: Json): SpecFacts {
  const resources = new Map<string, string>();
  for (const tag of spec['tags'] ?? []) if (typeof tag['x-dojo-resource'] === 'string') resources.set(tag.name, tag['x-dojo-resource']);
  const idPatterns: Record<string, string> = {};
  const operations: OperationFact[] = [];
  for (const [path, item] of Object.entries<Json>(spec['paths'] ?? {})) {
    for (const method of METHODS) {
      const operation: Json | undefined = item[method];
      if (!operation) continue;
      const id = String(operation['operationId']);
      const parameters = [...(item['parameters'] ?? []), ...(operation['parameters'] ?? [])].map((parameter: Json) => ({
        name: refName(parameter),
        parameter: resolve(spec, parameter),
      }));
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => {
        const found = parameters.find(({ parameter }) => parameter.in === 'path' && parameter.name === name);
        const kind = found && refName(found.parameter.schema);
        const pattern = kind && resolve(spec, found.parameter.schema).pattern;
        if (!kind || typeof pattern !== 'string') throw new Error(`${id}: path parameter ${name} must refer to an id schema with a pattern`);
        idPatterns[kind] = pattern;
        return { name: name!, kind, pattern };
      });
      const query = parameters.filter(({ parameter }) => parameter.in === 'query').map(({ parameter }) => parameter);
      const idempotencyKey = parameters.find(({ name }) => name === IDEMPOTENCY_KEY)?.parameter;
      const tag = operation['tags']?.[0];
      const resource = resources.get(tag);
      const clientMethod = operation['x-dojo-method'];
      if (!resource || typeof clientMethod !== 'string') {
        throw new Error(`${id}: needs x-dojo-method, and its tag ${JSON.stringify(tag)} x-dojo-resource (pnpm lint:spec says so too)`);
      }
      const body = operation['requestBody'] ? resolve(spec, operation['requestBody']) : undefined;
      operations.push({
        id,
        method: method.toUpperCase() as OperationFact['method'],
        path,
        summary: String(operation['summary'] ?? ''),
        pathParams,
        query: { names: query.map((parameter) => String(parameter.name)), required: query.some((parameter) => parameter.required === true) },
        body: { present: body !== undefined, required: body?.required === true },
        repeatable: REPEATABLE_METHODS.has(method) || idempotencyKey !== undefined,
        idempotencyKeyHeader: idempotencyKey?.name,
        terminal: parameters.some(({ name }) => name === SOFTWARE_HOUSE_ID),
        resource,
        clientMethod,
      });
    }
  }
  const status = spec['components']?.['schemas']?.['TerminalSessionStatus'];
  const final = status?.['x-dojo-final'];
  if (!Array.isArray(final)) throw new Error('TerminalSessionStatus needs x-dojo-final: the statuses a session ends in');
  const statuses = Object.fromEntries(
    STATUS_SCHEMAS.map((name) => {
      const values = spec['components']?.['schemas']?.[name]?.['enum'];
      if (!Array.isArray(values)) throw new Error(`${name} needs an enum: the statuses it allows`);
      return [name, values.map(String)];
    }),
  ) as SpecFacts['statuses'];
  const version = spec['info']?.['version'];
  if (typeof version !== 'string') throw new Error('info.version is missing');
  return {
    apiVersion: version,
    idPatterns,
    finalTerminalSessionStatuses: final.map(String),
    webhookEvents: Object.keys(spec['webhooks'] ?? {}),
    statuses,
    webhookPayloads: Object.entries<Json>(spec['webhooks'] ?? {}).map(([event, item]) => {
      const body = item['post']?.['requestBody'] && resolve(spec, item['post']['requestBody']);
      const schema = refName(body?.['content']?.['application/json']?.['schema']);
      if (!schema) throw new Error(`webhook ${event}: its body must refer to a named schema`);
      return { event, schema };
    }),
    operations,
  };
}

/** The last segment of a `$ref`, e.g. `TerminalId` for `#/components/schemas/TerminalId`. */
function refName(node: Json | undefined): string | undefined {
  const ref = node?.['$ref'];
  return typeof ref === 'string' ? ref.split('/').pop() : undefined;
}

function resolve(spec: Json, node: Json): Json {
  let current = node;
  for (let depth = 0; typeof current?.['$ref'] === 'string' && depth < 10; depth++) {
    const pointer = (current['$ref'] as string).replace(/^#\//, '').split('/');
    current = pointer.reduce<Json>((value, key) => value?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  if (!current) throw new Error(`unresolved $ref ${node['$ref']}`);
  return current;
}
