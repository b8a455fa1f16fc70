import { readFile } from 'node:fs/promises';

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  operationId: string | undefined;
  params: number;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** Names the operation a request is for (`operationId (METHOD /template)`), from a JSON OpenAPI document. */
export type OperationNamer = (method: string, path: string) => string;

/**
 * Reads the document's paths. Only JSON documents are read; for others (YAML) operations are named by
 * `METHOD /path`, which the report still shows.
 */
export async function loadOperationNamer(specPath: string): Promise<OperationNamer> {
  const routes: Route[] = [];
  try {
    const doc = JSON.parse(await readFile(specPath, 'utf8')) as { paths?: Record<string, Record<string, { operationId?: string }>> };
    for (const [template, item] of Object.entries(doc.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        if (!METHODS.has(method)) continue;
        const source = template
          .split(/(\{[^}]+\})/)
          .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('');
        routes.push({
          method: method.toUpperCase(),
          template,
          pattern: new RegExp(`^${source}/?$`),
          operationId: operation?.operationId,
          params: (template.match(/\{/g) ?? []).length,
        });
      }
    }
  } catch {
    // Not JSON: name operations by method and path.
  }
  // Literal segments win over parameters: /payment-intents/search before /payment-intents/{id}.
  routes.sort((a, b) => a.params - b.params);
  return (method, path) => {
    const pathname = path.split('?')[0] ?? path;
    const upper = method.toUpperCase();
    const route = routes.find((candidate) => candidate.method === upper && candidate.pattern.test(pathname));
    if (route === undefined) return `${upper} ${pathname}`;
    return route.operationId === undefined ? `${upper} ${route.template}` : `${route.operationId} (${upper} ${route.template})`;
  };
}
