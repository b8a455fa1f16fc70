declare const unknownValue: unique symbol;

/**
 * A value of an open enum (`x-dojo-open-enum` in the spec) that this version does not list: Dojo added it after this
 * package was built. It is kept exactly as Dojo sent it; compare it with the known values to handle those, and treat
 * the rest as "unknown".
 */
export type UnknownValue = string & { readonly [unknownValue]: true };
