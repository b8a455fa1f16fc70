// Redocly plugin with the house rules that built-in and configurable rules cannot express.

const CAMEL_CASE = /^[a-z][A-Za-z0-9]*$/;

/** Every property of every schema says what it holds, itself or through the schema it references. */
function PropertyDescribed() {
  return {
    SchemaProperties: {
      enter(properties, ctx) {
        for (const [name, property] of Object.entries(properties)) {
          if (typeof property?.description === 'string' && property.description.trim() !== '') continue;
          const target = property && '$ref' in property ? ctx.resolve(property).node : undefined;
          if (typeof target?.description === 'string' && target.description.trim() !== '') continue;
          ctx.report({
            message: `Property \`${name}\` has no description.`,
            location: ctx.location.child([name]),
          });
        }
      },
    },
  };
}

/**
 * The client is generated as `dojo.<resource>.<method>`: every operation names its method (`x-dojo-method`, camelCase),
 * its tag names the resource (`x-dojo-resource`, camelCase), and no two operations of a resource share a method.
 */
function ClientPlace() {
  const resources = new Map();
  const seen = new Map();
  return {
    Tag: {
      enter(tag) {
        if (tag['x-dojo-resource'] !== undefined) resources.set(tag.name, tag['x-dojo-resource']);
      },
    },
    Root: {
      enter(root, ctx) {
        for (const [index, tag] of (root.tags ?? []).entries()) {
          const resource = tag['x-dojo-resource'];
          if (resource !== undefined && (typeof resource !== 'string' || !CAMEL_CASE.test(resource))) {
            ctx.report({ message: '`x-dojo-resource` must be a camelCase name, e.g. `terminalSessions`.', location: ctx.location.child(['tags', index, 'x-dojo-resource']) });
          }
        }
      },
    },
    Paths: {
      PathItem: {
        Operation: {
          leave(operation, ctx) {
            const method = operation['x-dojo-method'];
            if (typeof method !== 'string' || !CAMEL_CASE.test(method)) {
              ctx.report({ message: 'Every operation needs `x-dojo-method`: its camelCase method name in the client, e.g. `get` for `dojo.terminals.get`.', location: ctx.location.child(['x-dojo-method']).key() });
              return;
            }
            const tag = operation.tags?.[0];
            const resource = resources.get(tag);
            if (resource === undefined) {
              ctx.report({ message: `Tag \`${tag}\` needs \`x-dojo-resource\`: the client property its operations live under.`, location: ctx.location.child(['tags']) });
              return;
            }
            const place = `${resource}.${method}`;
            const other = seen.get(place);
            if (other !== undefined && other !== operation.operationId) {
              ctx.report({ message: `\`dojo.${place}\` is already \`${other}\`: choose another \`x-dojo-method\`.`, location: ctx.location.child(['x-dojo-method']) });
            }
            seen.set(place, operation.operationId);
          },
        },
      },
    },
  };
}

/** `x-dojo-final` on an enum schema lists values of that enum: the statuses nothing changes afterwards. */
function FinalValuesInEnum() {
  return {
    Schema: {
      enter(schema, ctx) {
        const final = schema['x-dojo-final'];
        if (final === undefined) return;
        const values = Array.isArray(schema.enum) ? schema.enum : [];
        if (!Array.isArray(final) || final.length === 0 || final.some((value) => !values.includes(value))) {
          ctx.report({ message: '`x-dojo-final` must be a non-empty list of values of the schema\'s `enum`.', location: ctx.location.child(['x-dojo-final']) });
        }
      },
    },
  };
}

/**
 * Every named enum says whether Dojo may add values (`x-dojo-open-enum: true`: the generated types and validators
 * accept a value the spec does not list yet) or not (`false`).
 */
function EnumOpenness() {
  return {
    Schema: {
      enter(schema, ctx) {
        // Named schemas carry a `title` (house style); an inline enum inherits the policy of nothing, so it is closed.
        if (!Array.isArray(schema.enum) || typeof schema.title !== 'string') return;
        if (typeof schema['x-dojo-open-enum'] !== 'boolean') {
          ctx.report({
            message: 'A named enum needs `x-dojo-open-enum`: `true` when Dojo may add values (answers keep working), `false` when the list is closed.',
            location: ctx.location.key(),
          });
        }
      },
    },
  };
}

export default function houseRules() {
  return {
    id: 'house',
    rules: {
      oas3: {
        'property-described': PropertyDescribed,
        'client-place': ClientPlace,
        'final-values-in-enum': FinalValuesInEnum,
        'enum-openness': EnumOpenness,
      },
    },
  };
}
