import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { WEBHOOK_EVENTS } from '@dojo-terminals/types';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_BODY_BYTES,
  isKnownEvent,
  WebhookBodyTooLargeError,
  WebhookError,
  WebhookPayloadError,
  WebhookSignatureError,
} from './index.js';
import { runtimes } from './test-support/runtimes.js';
import { DOC_BODY, DOC_SECRET, DOC_SIGNATURE } from './test-support/vectors.js';

const require = createRequire(import.meta.url);
interface Spec {
  webhooks: Record<string, { post: { requestBody: { content: { 'application/json': { examples: Record<string, { $ref?: string; value?: unknown }> } } } } }>;
  components: { examples: Record<string, { value: unknown }> };
}
const specPath = require.resolve('@dojo-terminals/spec/openapi.json');
const spec = JSON.parse(readFileSync(specPath, 'utf8')) as Spec;

/** Every example of every webhook in the bundled spec, as [webhook, example name, value]. */
const webhookExamples = Object.entries(spec.webhooks).flatMap(([name, item]) =>
  Object.entries(item.post.requestBody.content['application/json'].examples).map(([exampleName, example]) => {
    const value = example.$ref ? spec.components.examples[example.$ref.split('/').pop()!]!.value : example.value;
    return [name, exampleName, value] as const;
  }),
);

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe.each(runtimes)('parseWebhook ($name)', (rt) => {
  it('the spec has an example for each of its webhooks', () => {
    expect(new Set(webhookExamples.map(([name]) => name))).toEqual(new Set(WEBHOOK_EVENTS));
  });

  it.each(webhookExamples)('parses the spec example %s / %s', async (name, _example, value) => {
    const body = JSON.stringify(value);
    const event = await rt.parse({ body, signature: await rt.sign(body, 'ws_test'), secrets: 'ws_test' });
    expect(event.event).toBe(name);
    expect(event).toEqual(value);
  });

  it("parses the documented delivery into a typed event, keeping the 7-digit timestamp", async () => {
    const event = await rt.parse({ body: DOC_BODY, signature: DOC_SIGNATURE, secrets: [DOC_SECRET] });
    expect(event).toEqual(JSON.parse(DOC_BODY));
    if (!isKnownEvent(event)) throw new Error('the documented delivery is a known event');
    expect(event.createdAt).toBe('2022-02-01T13:07:41.8667859Z');
    if (event.event === 'payment_intent.created') expect(event.data.paymentStatus).toBe('Created');
  });

  it('refuses a missing, malformed or wrong signature with WebhookSignatureError', async () => {
    for (const [signature, reason] of [
      [undefined, 'missing'],
      [null, 'missing'],
      ['', 'missing'],
      ['sha256=nope', 'malformed'],
      [DOC_SIGNATURE.replace('94', '95'), 'mismatch'],
    ] as const) {
      const error = await caught(rt.parse({ body: DOC_BODY, signature, secrets: DOC_SECRET }));
      expect(error).toBeInstanceOf(WebhookSignatureError);
      expect(error).toBeInstanceOf(WebhookError);
      expect((error as WebhookSignatureError).reason).toBe(reason);
    }
    const tampered = DOC_BODY.replace('"Created"', '"Captured"');
    expect(await caught(rt.parse({ body: tampered, signature: DOC_SIGNATURE, secrets: DOC_SECRET }))).toBeInstanceOf(WebhookSignatureError);
  });

  it('verifies before parsing: an unsigned body that is not JSON is a signature error', async () => {
    const error = await caught(rt.parse({ body: 'not json', signature: DOC_SIGNATURE, secrets: DOC_SECRET }));
    expect(error).toBeInstanceOf(WebhookSignatureError);
  });

  it('refuses signed bodies that are not JSON or not UTF-8', async () => {
    for (const body of ['not json', '{"id":', '', new Uint8Array([0x7b, 0xff, 0x7d])]) {
      const error = (await caught(rt.parse({ body, signature: await rt.sign(body, 's'), secrets: 's' }))) as WebhookPayloadError;
      expect(error).toBeInstanceOf(WebhookPayloadError);
      expect(error.reason).toBe('invalid_json');
    }
  });

  it('lists each schema issue with its path', async () => {
    const value = JSON.parse(DOC_BODY) as Record<string, unknown>;
    const body = JSON.stringify({ ...value, id: 'nope', data: { paymentIntentId: 'pi_vpwd4ooAPEqyNAQe4z89WQ', paymentStatus: 7 } });
    const error = (await caught(rt.parse({ body, signature: await rt.sign(body, 's'), secrets: 's' }))) as WebhookPayloadError;
    expect(error).toBeInstanceOf(WebhookPayloadError);
    expect(error.reason).toBe('invalid_payload');
    expect(error.eventType).toBe('payment_intent.created');
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(['data.paymentStatus', 'id']);
    expect(error.message).toContain('data.paymentStatus');
  });

  it('refuses a JSON value that is not an event', async () => {
    for (const body of ['null', '[]', '42', '"evt"', '{}']) {
      const error = (await caught(rt.parse({ body, signature: await rt.sign(body, 's'), secrets: 's' }))) as WebhookPayloadError;
      expect(error.reason).toBe('invalid_payload');
    }
  });

  it('hands over a signed event of a type it does not know, as sent, and tells the logger', async () => {
    const body = DOC_BODY.replace('payment_intent.created', 'payment_intent.teleported');
    const warnings: string[] = [];
    const event = await rt.parse({ body, signature: await rt.sign(body, 's'), secrets: 's', logger: { warn: (line) => warnings.push(line) } });
    expect(event).toEqual(JSON.parse(body));
    expect(isKnownEvent(event)).toBe(false);
    expect(warnings).toEqual([expect.stringContaining('"payment_intent.teleported" is not one this version knows')]);
  });

  it('still checks the id of an event of a type it does not know (deduplication needs it)', async () => {
    const body = JSON.stringify({ ...JSON.parse(DOC_BODY), event: 'payment_intent.teleported', id: 42 });
    const error = (await caught(rt.parse({ body, signature: await rt.sign(body, 's'), secrets: 's' }))) as WebhookPayloadError;
    expect(error.reason).toBe('invalid_payload');
    expect(error.issues.map((issue) => issue.path)).toEqual(['id']);
  });

  it('accepts a status the spec does not list yet (x-dojo-open-enum), keeps it and tells the logger', async () => {
    const value = JSON.parse(DOC_BODY) as { data: Record<string, unknown> };
    const body = JSON.stringify({ ...value, event: 'payment_intent.status_updated', data: { ...value.data, paymentStatus: 'Disputed' } });
    const warnings: string[] = [];
    const event = await rt.parse({ body, signature: await rt.sign(body, 's'), secrets: 's', logger: { warn: (line) => warnings.push(line) } });
    if (!isKnownEvent(event) || event.event !== 'payment_intent.status_updated') throw new Error(`parsed as ${event.event}`);
    expect(event.data.paymentStatus).toBe('Disputed');
    expect(warnings).toEqual([expect.stringContaining('PaymentIntentStatus "Disputed" is not a value this version knows')]);
  });

  it('a throwing logger does not refuse a genuine delivery', async () => {
    const body = DOC_BODY.replace('payment_intent.created', 'payment_intent.teleported');
    const logger = { warn: () => { throw new Error('logger down'); } };
    await expect(rt.parse({ body, signature: await rt.sign(body, 's'), secrets: 's', logger })).resolves.toMatchObject({ event: 'payment_intent.teleported' });
  });

  it('keeps unknown fields out of the result and accepts an event without captureMode', async () => {
    const value = { ...JSON.parse(DOC_BODY), extra: 1, data: { paymentIntentId: 'pi_vpwd4ooAPEqyNAQe4z89WQ', paymentStatus: 'Created' } };
    const body = JSON.stringify(value);
    const event = await rt.parse({ body, signature: await rt.sign(body, 's'), secrets: 's' });
    expect(event).not.toHaveProperty('extra');
    if (!isKnownEvent(event)) throw new Error('a known event');
    expect('captureMode' in event.data).toBe(false);
  });

  it('refuses bodies over the limit before looking at the signature (default 1 MiB)', async () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(1024 * 1024);
    const big = 'x'.repeat(DEFAULT_MAX_BODY_BYTES + 1);
    // No signature at all: a size error, not a signature error, shows the size is checked first.
    expect(await caught(rt.parse({ body: big, signature: undefined, secrets: 's' }))).toBeInstanceOf(WebhookBodyTooLargeError);
    const error = await caught(rt.parse({ body: DOC_BODY, signature: DOC_SIGNATURE, secrets: DOC_SECRET, maxBodyBytes: 235 }));
    expect(error).toBeInstanceOf(WebhookBodyTooLargeError);
    expect((error as WebhookBodyTooLargeError).limit).toBe(235);
    // Multi-byte characters count as bytes: 100 × '€' is 300 bytes.
    const euros = '€'.repeat(100);
    expect(await caught(rt.parse({ body: euros, signature: undefined, secrets: 's', maxBodyBytes: 299 }))).toBeInstanceOf(WebhookBodyTooLargeError);
    expect(await rt.parse({ body: DOC_BODY, signature: DOC_SIGNATURE, secrets: DOC_SECRET, maxBodyBytes: 236 })).toBeTruthy();
  });

  it('throws TypeError for an empty secrets list', async () => {
    await expect(rt.parse({ body: DOC_BODY, signature: DOC_SIGNATURE, secrets: [] })).rejects.toThrow(TypeError);
  });

  it('never puts a secret in an error message, String(err), JSON.stringify(err) or a log', async () => {
    const secrets = [DOC_SECRET, 'ws_SECRET_two_Zz9'];
    const errors: unknown[] = [];
    const attempts = [
      { body: DOC_BODY, signature: DOC_SIGNATURE.replace('94', '95'), secrets },
      { body: DOC_BODY, signature: 'garbage', secrets },
      { body: DOC_BODY, signature: undefined, secrets },
      { body: DOC_BODY, signature: DOC_SIGNATURE, secrets, maxBodyBytes: 1 },
      { body: DOC_BODY, signature: DOC_SIGNATURE, secrets: [...secrets, ''] },
    ];
    for (const attempt of attempts) errors.push(await caught(rt.parse(attempt)));
    errors.push(await caught(rt.parse({ body: 'nope', signature: await rt.sign('nope', DOC_SECRET), secrets })));
    const logged: string[] = [];
    for (const error of errors) {
      logged.push((error as Error).message, String(error), JSON.stringify(error), (error as Error).stack ?? '');
    }
    const text = logged.join('\n');
    for (const secret of secrets) expect(text).not.toContain(secret);
  });
});
