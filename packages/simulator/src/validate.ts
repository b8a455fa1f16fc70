import type { Money } from '@dojo-terminals/types';
import { invalidField } from './problems.js';

// Light checks of request bodies, so that a call made without the validating proxy in front still gets a clear
// 400 naming the field instead of a crash. Prism in front checks every request against the full spec anyway.

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
  if (typeof currencyCode !== 'string' || !/^[A-Z]{3}$/.test(currencyCode)) {
    throw invalidField(`${field}.currencyCode`, 'Must be a three-letter ISO 4217 code in upper case.');
  }
  return { value: minorUnits(amount, `${field}.value`), currencyCode };
}

export function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw invalidField(field, `The ${field} field is required.`);
  return value;
}
