import { dojoFacts, dojoValidators, typesWithOpenEnums, valibotWithOpenEnums } from '@dojo-terminals/hey-api-plugin';
import { defineConfig } from '@hey-api/openapi-ts';

// Everything generated once for every package: the types, the spec's facts, and the Valibot validators (exported as
// `@dojo-terminals/types/validators`, used by the client's `validateResponses` and by the webhook receiver).
export default defineConfig({
  input: '../spec/dist/openapi.json',
  output: { path: './src/generated', entryFile: false },
  plugins: [typesWithOpenEnums('../unknown-value.js'), valibotWithOpenEnums('../open-enum.js'), dojoFacts(), dojoValidators()],
});
