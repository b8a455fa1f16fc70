import type { Money } from '@dojo-terminals/types';
import { invalidField } from './problems.js';

// The handlers' typed reads of a request body. The body was already checked against the spec's schema
// (request-schemas.ts, before any handler runs), so these narrow types and keep the domain's own rules (amounts in
// minor units); the spec's patterns are not restated here.

export type Body = Record<string, unknown>;

export function objectBody(body: unknown): Body {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidField('body', 'A JSON object is required.');
  return body as Body;
}

export function minorUnits(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidField(field, 'Must be a whole, non-negative amount in minor units.');
  }
  return value;
}

export function money(value: unknown, field: string): Money {
  if (typeof value !== 'object' || value === null) throw invalidField(field, 'The amount is required.');
  const { value: amount, currencyCode } = value as Record<string, unknown>;
  if (typeof currencyCode !== 'string') throw invalidField(`${field}.currencyCode`, 'A currency code is required.');
  return { value: minorUnits(amount, `${field}.value`), currencyCode };
}

export function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw invalidField(field, `The ${field} field is required.`);
  return value;
}
