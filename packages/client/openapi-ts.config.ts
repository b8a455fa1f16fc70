import { dojoOperations } from '@dojo-terminals/hey-api-plugin';
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: '../spec/dist/openapi.json',
  output: { path: './src/generated', entryFile: false },
  plugins: [
    // The operations and the grouped API; their types come from @dojo-terminals/types, generated once.
    dojoOperations(),
    // Response validation, loaded lazily by the front only when asked to.
    { name: 'valibot' },
  ],
});
