import { dojoOperations } from '@dojo-terminals/hey-api-plugin';
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: '../spec/dist/openapi.json',
  output: { path: './src/generated', entryFile: false },
  // The operations and the grouped API; their types and the response validators come from @dojo-terminals/types,
  // generated once.
  plugins: [dojoOperations()],
});
