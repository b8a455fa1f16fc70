/** A recipe of a README: the files its code blocks name (`file=`), or the shell script of a `sh` block. */
export interface Recipe {
  name: string;
  files: Map<string, string>;
  script: string | undefined;
}

/**
 * The recipes of a README, from the code blocks whose info string says `recipe=<name>` (and `file=<name>` for a
 * file of that recipe): ```` ```ts recipe=vitest-global file=vitest.config.ts ````. Each block is taken literally.
 */
export function readmeRecipes(markdown: string): Map<string, Recipe> {
  const recipes = new Map<string, Recipe>();
  for (const match of markdown.matchAll(/^```(\w+)([^\n]*)\n([\s\S]*?)^```$/gm)) {
    const [, language, info = '', body = ''] = match;
    const attributes = new Map([...info.matchAll(/(\w+)=(\S+)/g)].map(([, key, value]) => [key!, value!]));
    const name = attributes.get('recipe');
    if (name === undefined) continue;
    const recipe = recipes.get(name) ?? { name, files: new Map<string, string>(), script: undefined };
    const file = attributes.get('file');
    if (file !== undefined) recipe.files.set(file, body);
    else if (language === 'sh') recipe.script = body;
    else throw new Error(`a block of recipe ${name} is neither a file= nor a sh script`);
    recipes.set(name, recipe);
  }
  return recipes;
}
