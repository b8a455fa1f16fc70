// `@dojo-terminals/types/validators`: the Valibot validators generated from the spec, once, for every package that
// checks data (the client's `validateResponses`, the webhook receiver).
export * from './generated/valibot.gen.js';
export * from './generated/dojo-validators.gen.js';
export { collectUnknownValues, openPicklist, type UnknownEnumValue } from './open-enum.js';
