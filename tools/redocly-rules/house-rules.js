// Redocly plugin with the house rules that built-in and configurable rules cannot express.

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

export default function houseRules() {
  return {
    id: 'house',
    rules: {
      oas3: {
        'property-described': PropertyDescribed,
      },
    },
  };
}
