// Loaded with import() only when `validateResponses` is on, so valibot and the schemas stay out of other bundles.
import { collectUnknownValues, RESPONSE_SCHEMAS } from '@dojo-terminals/types/validators';
import { safeParse } from 'valibot';
import type { Log } from './config.js';
import { DojoResponseValidationError } from './errors.js';

/**
 * Checks a successful response body against the operation's generated schema. A value of an open enum that the spec
 * does not list yet (Dojo added it) passes, is kept as sent, and is reported to the logger.
 */
export function validateResponse(operationId: string, data: unknown, log: Log | undefined): void {
  const schema = (RESPONSE_SCHEMAS as Partial<Record<string, (typeof RESPONSE_SCHEMAS)[keyof typeof RESPONSE_SCHEMAS]>>)[operationId];
  if (!schema) throw new DojoResponseValidationError(`${operationId}: no response schema in the spec`, []);
  const { result, unknownValues } = collectUnknownValues(() => safeParse(schema, data));
  if (result.success) {
    for (const { enum: name, value } of unknownValues) {
      log?.('warn', `${operationId}: ${name} ${JSON.stringify(value)} is not a value this version knows; it is passed on as sent`);
    }
    return;
  }
  const issues = result.issues.map((issue) => {
    const path = issue.path?.map((item) => String(item.key)).join('.') ?? '';
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new DojoResponseValidationError(
    `${operationId}: the response does not match the spec (${issues.slice(0, 3).join('; ')}${issues.length > 3 ? '; …' : ''})`,
    issues,
  );
}
