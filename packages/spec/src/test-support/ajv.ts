import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { isObject, type Json, type JsonObject } from './openapi.js';

// ajv and ajv-formats are CommonJS modules whose `module.exports` is the class / plugin itself.
// Under NodeNext the default import is typed as the whole module, so take `.default` when present.
type Ajv2020Class = typeof Ajv2020Module.default;
type AddFormats = typeof addFormatsModule.default;
const Ajv2020: Ajv2020Class =
  (Ajv2020Module as unknown as { default?: Ajv2020Class }).default ?? (Ajv2020Module as unknown as Ajv2020Class);
const addFormats: AddFormats =
  (addFormatsModule as unknown as { default?: AddFormats }).default ?? (addFormatsModule as unknown as AddFormats);

export type Ajv = InstanceType<Ajv2020Class>;

/** The `$id` under which the whole bundle is registered; schemas are compiled as `${BUNDLE_ID}#/json/pointer`. */
export const BUNDLE_ID = 'https://dojo-terminals.test/openapi.json';

/**
 * OpenAPI 3.1 Schema Object keywords that are not JSON Schema 2020-12 vocabulary. They are
 * annotations only, so they are registered as such; strict mode stays on for everything else
 * (an unknown keyword, an unknown format or a misplaced `nullable` is an error).
 */
export const OPENAPI_ANNOTATION_KEYWORDS = ['example', 'discriminator', 'xml', 'externalDocs'] as const;

/** Names of specification extensions (`x-…`) used anywhere in the document: also legal in Schema Objects. */
function extensionKeywords(doc: Json): Set<string> {
  const found = new Set<string>();
  const visit = (node: Json): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('x-')) found.add(key);
        visit(value);
      }
    }
  };
  visit(doc);
  return found;
}

/** A strict Ajv 2020-12 instance with ajv-formats and the OpenAPI annotation keywords. */
export function createAjv(extraKeywords: Iterable<string> = []): Ajv {
  const ajv = new Ajv2020({
    strict: true,
    // OpenAPI 3.1 expresses nullability as `type: [T, "null"]`.
    allowUnionTypes: true,
    // `required` naming a property declared in another allOf branch is legitimate.
    strictRequired: false,
    allErrors: true,
    verbose: true,
  });
  addFormats(ajv);
  for (const keyword of [...OPENAPI_ANNOTATION_KEYWORDS, ...extraKeywords]) {
    if (!ajv.getKeyword(keyword)) ajv.addKeyword({ keyword });
  }
  return ajv;
}

export interface Validation {
  valid: boolean;
  errors: ErrorObject[];
  /** Human-readable error list (one error a line). */
  message: string;
}

export interface FormatOptions {
  /** Print the offending data in messages (off for data that may hold secrets). */
  includeData?: boolean;
}

/** Formats Ajv errors one a line: `<instance path> <message> (<schema path>) [data]`. */
export function formatErrors(errors: readonly ErrorObject[], options: FormatOptions = {}): string {
  return errors
    .map((error) => {
      const where = error.instancePath === '' ? '(root)' : error.instancePath;
      const params = formatParams(error);
      const data = options.includeData ? ` — got ${truncate(JSON.stringify(error.data))}` : '';
      const schemaPath = error.schemaPath.startsWith(`${BUNDLE_ID}#`) ? error.schemaPath.slice(BUNDLE_ID.length) : error.schemaPath;
      return `  ${where} ${error.message ?? 'is invalid'}${params} [schema ${schemaPath}]${data}`;
    })
    .join('\n');
}

function formatParams(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties' || error.keyword === 'unevaluatedProperties') {
    return `: ${String(params['additionalProperty'] ?? params['unevaluatedProperty'])}`;
  }
  if (error.keyword === 'enum') return `: ${JSON.stringify(params['allowedValues'])}`;
  if (error.keyword === 'const') return `: ${JSON.stringify(params['allowedValue'])}`;
  return '';
}

function truncate(text: string | undefined, max = 200): string {
  if (text === undefined) return 'undefined';
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Validates data against JSON pointers into one OpenAPI document registered in a shared Ajv. */
export class BundleValidator {
  readonly ajv: Ajv;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(
    readonly doc: JsonObject,
    readonly id: string = BUNDLE_ID,
  ) {
    this.ajv = createAjv(extensionKeywords(doc));
    // The whole document is one resource: `$ref: '#/components/schemas/X'` inside any schema resolves in it.
    this.ajv.addSchema(doc, id);
    // Ajv compiles the root of a resource before resolving a pointer into it. The root here is the
    // OpenAPI document, not a schema: its fields (`openapi`, `info`, `paths`, …) are no keywords and
    // strict mode would reject them. Compile the root alone with strictSchema off; it has no schema
    // keywords, so nothing beneath it is compiled now. Every schema compiled later through a pointer
    // is checked with strict mode on.
    const opts = this.ajv.opts as { strictSchema?: boolean | 'log' | undefined };
    const strictSchema = opts.strictSchema;
    opts.strictSchema = false;
    try {
      this.ajv.getSchema(id);
    } finally {
      opts.strictSchema = strictSchema;
    }
  }

  /** Compiles (once) the schema at `pointer` (a `#/...` pointer into the document). */
  compile(pointer: string): ValidateFunction {
    let fn = this.cache.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `${this.id}${pointer}` });
      this.cache.set(pointer, fn);
    }
    return fn;
  }

  validate(pointer: string, data: unknown, options: FormatOptions = {}): Validation {
    const fn = this.compile(pointer);
    const valid = fn(data) as boolean;
    const errors = valid ? [] : [...(fn.errors ?? [])];
    return { valid, errors, message: valid ? '' : formatErrors(errors, options) };
  }
}
