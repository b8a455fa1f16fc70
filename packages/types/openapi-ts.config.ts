import { dojoFacts } from '@dojo-terminals/hey-api-plugin';
import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: '../spec/dist/openapi.json',
  output: { path: './src/generated', entryFile: false },
  plugins: ['@hey-api/typescript', dojoFacts()],
});
