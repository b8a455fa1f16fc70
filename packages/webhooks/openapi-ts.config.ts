import { defineConfig } from '@hey-api/openapi-ts';

// Zod validators for the webhook payloads only: the filters keep the three event schemas (and what they
// reference) and drop every operation, so the generated file holds nothing the receiver does not need.
export default defineConfig({
  input: '../spec/dist/openapi.json',
  output: { path: './src/generated', entryFile: false },
  parser: {
    filters: {
      operations: { include: ['^NONE$'] },
      parameters: { include: ['DojoSignature'] },
      requestBodies: { include: ['^NONE$'] },
      responses: { include: ['^NONE$'] },
      schemas: { include: ['PaymentIntentCreatedEvent', 'PaymentIntentStatusUpdatedEvent', 'PaymentIntentSendReceiptEvent'] },
    },
  },
  plugins: [
    {
      name: 'zod',
      compatibilityVersion: 4,
      requests: false,
      responses: false,
      webhooks: false,
      definitions: { types: { infer: true } },
    },
  ],
});
