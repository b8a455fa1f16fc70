// Enums the spec marks `x-dojo-open-enum: true` may gain values on Dojo's side. Their generated type is the known
// values or `UnknownValue` (a string brand: autocompletion and narrowing keep working, and a value the spec does not
// list is typed as such), and their validator is `openPicklist(…)`, which accepts any string and reports the new ones.
// Both are hey-api resolvers (the documented `~resolvers` API) on its TypeScript and Valibot plugins.
import { $ } from '@hey-api/openapi-ts';

export const OPEN_ENUM = 'x-dojo-open-enum';

/** A built-in plugin's config with an `enum` resolver (its context and nodes are hey-api's). */
interface WithEnumResolver<Name extends string> {
  name: Name;
  '~resolvers': { enum(ctx: any): any };
}

function isOpen(schema: object): boolean {
  return (schema as Record<string, unknown>)[OPEN_ENUM] === true;
}

function title(schema: object): string {
  const name = (schema as { title?: unknown }).title;
  if (typeof name !== 'string') throw new Error(`an enum with ${OPEN_ENUM} needs a title`);
  return name;
}

/** hey-api's TypeScript plugin, with open enums typed `'A' | 'B' | UnknownValue`; `from` is the brand's module. */
export function typesWithOpenEnums(from: string): WithEnumResolver<'@hey-api/typescript'> {
  return {
    name: '@hey-api/typescript',
    '~resolvers': {
      enum(ctx: any) {
        if (!isOpen(ctx.schema)) return undefined;
        const unknownValue = ctx.plugin.symbol('UnknownValue', { external: from, kind: 'type' });
        return $.type.or(ctx.nodes.base(ctx), $.type(unknownValue));
      },
    },
  };
}

/** hey-api's Valibot plugin, with open enums validated by `openPicklist(values, name)` from `from`. */
export function valibotWithOpenEnums(from: string): WithEnumResolver<'valibot'> {
  return {
    name: 'valibot',
    '~resolvers': {
      enum(ctx: any) {
        if (!isOpen(ctx.schema)) return undefined;
        const { enumMembers } = ctx.nodes.items(ctx);
        const openPicklist = ctx.plugin.symbol('openPicklist', { external: from });
        const node = $(openPicklist).call($.array(...enumMembers), $.literal(title(ctx.schema)));
        ctx.pipes.push(ctx.pipes.current, node);
        return ctx.pipes.current;
      },
    },
  };
}
