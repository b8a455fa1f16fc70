import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WebhookPayloadError, WebhookSignatureError, parseWebhook, signPayload, verifySignature } from './index.js';
import * as web from './web.js';

// Property runs: 4 × 5,000 on node:crypto + 2 × 1,000 on WebCrypto = 22,000 checks that no body/header pair is
// accepted without the right secret and that nothing throws.
const NODE_RUNS = 5_000;
const WEB_RUNS = 1_000;

const secretArb = fc.string({ minLength: 1, maxLength: 40 });
const bodyArb = fc.oneof(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), fc.json());
const hexPair = fc.integer({ min: 0, max: 255 }).map((n) => n.toString(16).padStart(2, '0'));
/** Headers that look right (32 pairs of random hex, random case) or nearly right, plus arbitrary strings. */
const headerArb = fc.oneof(
  fc.array(hexPair, { minLength: 32, maxLength: 32 }).chain((pairs) =>
    fc.boolean().map((upper) => `sha256=${pairs.map((p) => (upper ? p.toUpperCase() : p)).join('-')}`),
  ),
  fc.array(hexPair, { minLength: 0, maxLength: 40 }).map((pairs) => `sha256=${pairs.join('-')}`),
  fc.string({ maxLength: 120 }).map((s) => `sha256=${s}`),
  fc.string({ maxLength: 120 }),
  fc.constantFrom(undefined, null, ''),
);

describe('fuzzing verifySignature (node:crypto)', () => {
  it('never accepts a signature made with another secret', () => {
    fc.assert(
      fc.property(bodyArb, secretArb, secretArb, (body, secret, other) => {
        fc.pre(secret !== other);
        const header = signPayload(body, other);
        expect(verifySignature(body, header, secret)).toBe(false);
        expect(verifySignature(body, header, [secret])).toBe(false);
      }),
      { numRuns: NODE_RUNS },
    );
  });

  it('never accepts and never throws for an arbitrary header', () => {
    fc.assert(
      fc.property(bodyArb, headerArb, fc.array(secretArb, { minLength: 1, maxLength: 3 }), (body, header, secrets) => {
        // A random header matches a real MAC with probability 2^-256: any `true` here is a bug.
        expect(verifySignature(body, header, secrets)).toBe(false);
      }),
      { numRuns: NODE_RUNS },
    );
  });

  it('rejects the right signature once any byte of the body is changed', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        secretArb,
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (body, secret, at, flip) => {
          const header = signPayload(body, secret);
          expect(verifySignature(body, header, secret)).toBe(true);
          const tampered = body.slice();
          const index = at % body.length;
          tampered[index] = tampered[index]! ^ flip;
          expect(verifySignature(tampered, header, secret)).toBe(false);
        },
      ),
      { numRuns: NODE_RUNS },
    );
  });

  it('parseWebhook only ever returns an event or throws its typed errors', () => {
    fc.assert(
      fc.property(bodyArb, headerArb, secretArb, fc.boolean(), (body, header, secret, signIt) => {
        const signature = signIt ? signPayload(body, secret) : header;
        try {
          parseWebhook({ body, signature, secrets: secret });
        } catch (error) {
          expect(error instanceof WebhookSignatureError || error instanceof WebhookPayloadError).toBe(true);
          if (signIt) expect(error).toBeInstanceOf(WebhookPayloadError);
        }
      }),
      { numRuns: NODE_RUNS },
    );
  });
});

describe('fuzzing verifySignature (WebCrypto)', () => {
  it('never accepts a signature made with another secret, and agrees with node:crypto', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, secretArb, secretArb, async (body, secret, other) => {
        fc.pre(secret !== other);
        const header = await web.signPayload(body, other);
        expect(header).toBe(signPayload(body, other));
        expect(await web.verifySignature(body, header, secret)).toBe(false);
        expect(await web.verifySignature(body, header, [secret, other])).toBe(true);
      }),
      { numRuns: WEB_RUNS },
    );
  });

  it('never accepts and never throws for an arbitrary header', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArb, headerArb, secretArb, async (body, header, secret) => {
        expect(await web.verifySignature(body, header, secret)).toBe(false);
      }),
      { numRuns: WEB_RUNS },
    );
  });
});
