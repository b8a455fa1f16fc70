// Loaded with import() only when `validateResponses` is on, so valibot and the schemas stay out of other bundles.
import { safeParseAsync, type GenericSchema, type GenericSchemaAsync } from 'valibot';
import { DojoResponseValidationError } from './errors.js';
import * as schemas from './generated/valibot.gen.js';

type Schema = GenericSchema | GenericSchemaAsync;

/** Checks a successful response body against the operation's generated schema. */
export async function validateResponse(operationId: string, data: unknown): Promise<void> {
  const name = `v${operationId[0]!.toUpperCase()}${operationId.slice(1)}Response`;
  const schema = (schemas as unknown as Record<string, Schema | undefined>)[name];
  if (!schema) throw new DojoResponseValidationError(`${operationId}: no response schema ${name}`, []);
  const result = await safeParseAsync(schema, data);
  if (result.success) return;
  const issues = result.issues.map((issue) => {
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new DojoResponseValidationError(
    `${operationId}: the response does not match the spec (${issues.slice(0, 3).join('; ')}${issues.length > 3 ? '; …' : ''})`,
    issues,
  );
}
