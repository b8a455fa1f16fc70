import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeDrift, findDrift } from '@dojo-terminals/codegen';
import { expect, it } from 'vitest';
import config from '../openapi-ts.config.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

it('src/generated is exactly what the bundled spec generates', async () => {
  const drift = await findDrift(config, packageDir);
  expect(drift, describeDrift(drift, '@dojo-terminals/webhooks')).toEqual([]);
});

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
