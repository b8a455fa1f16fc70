import { defineConfig } from '@hey-api/openapi-ts';

export default defineConfig({
  input: '../spec/dist/openapi.json',
  output: { path: './src/generated', entryFile: false },
  plugins: [
    '@hey-api/typescript',
    '@hey-api/client-fetch',
    // Flat functions, no auth helper (the front sets the Authorization header) and no validator wired in:
    // response validation lives in valibot.gen.ts, which the front loads lazily only when asked to.
    { name: '@hey-api/sdk', auth: false, validator: false },
    { name: 'valibot' },
  ],
});
