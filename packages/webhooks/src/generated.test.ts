import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

it('generates validators for the webhook payloads only (the filters hold)', () => {
  const source = readFileSync(new URL('./generated/zod.gen.ts', import.meta.url), 'utf8');
  const exported = [...source.matchAll(/^export const (\w+)/gm)].map((match) => match[1]).sort();
  expect(exported).toEqual([
    'zAccountId',
    'zCaptureMode',
    'zDojoSignature',
    'zEventId',
    'zPaymentIntentCreatedEvent',
    'zPaymentIntentEventData',
    'zPaymentIntentId',
    'zPaymentIntentSendReceiptEvent',
    'zPaymentIntentStatus',
    'zPaymentIntentStatusUpdatedEvent',
  ]);
});
