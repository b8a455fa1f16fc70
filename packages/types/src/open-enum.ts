import * as v from 'valibot';
import type { UnknownValue } from './unknown-value.js';

/** A value of an open enum that the spec does not list, met while validating. */
export interface UnknownEnumValue {
  /** The enum's schema name, e.g. `PaymentIntentStatus`. */
  enum: string;
  /** The value as received. */
  value: string;
}

let collector: UnknownEnumValue[] | undefined;

/**
 * The validator of an open enum: any string passes and is kept as sent; one the spec does not list is recorded for
 * the `collectUnknownValues` around the parse. The generated validators use it for every `x-dojo-open-enum`.
 */
export function openPicklist<const Values extends readonly string[]>(
  values: Values,
  name: string,
): v.GenericSchema<string, Values[number] | UnknownValue> {
  const known = new Set<string>(values);
  const schema = v.pipe(
    v.string(),
    v.check((value) => {
      if (!known.has(value)) collector?.push({ enum: name, value });
      return true;
    }),
  );
  return schema as unknown as v.GenericSchema<string, Values[number] | UnknownValue>;
}

/** Runs a synchronous validation and returns its result with the open-enum values it met that the spec does not list. */
export function collectUnknownValues<T>(validate: () => T): { result: T; unknownValues: UnknownEnumValue[] } {
  const outer = collector;
  const unknownValues: UnknownEnumValue[] = [];
  collector = unknownValues;
  try {
    return { result: validate(), unknownValues };
  } finally {
    collector = outer;
  }
}
