import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DOC_BODY, DOC_SECRET, DOC_SIGNATURE, SDK_SECRET, SDK_SIGNATURE, SDK_WRONG_SIGNATURE } from './test-support/vectors.js';
import { runtimes } from './test-support/runtimes.js';

/** The documented algorithm written out independently of the package: HMAC-SHA256, upper-case hex pairs joined by `-`. */
function reference(body: string | Uint8Array, secret: string): string {
  const hex = createHmac('sha256', Buffer.from(secret, 'utf8')).update(body).digest('hex').toUpperCase();
  return `sha256=${hex.match(/../g)!.join('-')}`;
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('the published vectors and the reference computation agree', () => {
  it('the documented body is 236 bytes and its reference signature is the published one', () => {
    expect(bytes(DOC_BODY).byteLength).toBe(236);
    expect(reference(DOC_BODY, DOC_SECRET)).toBe(DOC_SIGNATURE);
    expect(reference(DOC_BODY, SDK_SECRET)).toBe(SDK_SIGNATURE);
  });
});

describe.each(runtimes)('verifySignature ($name)', (rt) => {
  it("accepts the delivery from Dojo's documentation, as a string and as bytes", async () => {
    expect(await rt.verify(DOC_BODY, DOC_SIGNATURE, DOC_SECRET)).toBe(true);
    expect(await rt.verify(bytes(DOC_BODY), DOC_SIGNATURE, DOC_SECRET)).toBe(true);
    expect(await rt.verify(Buffer.from(DOC_BODY), DOC_SIGNATURE, [DOC_SECRET])).toBe(true);
  });

  it("accepts the SDK tests' vector and rejects its 5B-… variant", async () => {
    expect(await rt.verify(DOC_BODY, SDK_SIGNATURE, SDK_SECRET)).toBe(true);
    expect(await rt.verify(DOC_BODY, SDK_WRONG_SIGNATURE, SDK_SECRET)).toBe(false);
  });

  it('signs exactly like the reference', async () => {
    expect(await rt.sign(DOC_BODY, DOC_SECRET)).toBe(DOC_SIGNATURE);
    expect(await rt.sign(bytes('é€😀'), 'ws_x')).toBe(reference('é€😀', 'ws_x'));
    expect(await rt.sign('', 'ws_x')).toBe(reference('', 'ws_x'));
  });

  it('fails when any single byte of the body changes', async () => {
    const original = bytes(DOC_BODY);
    for (let i = 0; i < original.length; i++) {
      const tampered = original.slice();
      tampered[i] = tampered[i]! ^ 0x01;
      expect(await rt.verify(tampered, DOC_SIGNATURE, DOC_SECRET), `byte ${i}`).toBe(false);
    }
    expect(await rt.verify(`${DOC_BODY}\n`, DOC_SIGNATURE, DOC_SECRET)).toBe(false);
    expect(await rt.verify(DOC_BODY.slice(0, -1), DOC_SIGNATURE, DOC_SECRET)).toBe(false);
  });

  it('fails when any single hex digit of the signature changes', async () => {
    for (let i = 'sha256='.length; i < DOC_SIGNATURE.length; i++) {
      const c = DOC_SIGNATURE[i]!;
      if (c === '-') continue;
      const other = c === '0' ? '1' : '0';
      const header = DOC_SIGNATURE.slice(0, i) + other + DOC_SIGNATURE.slice(i + 1);
      expect(await rt.verify(DOC_BODY, header, DOC_SECRET), header).toBe(false);
    }
  });

  it('accepts lower-case and mixed-case hex (documented choice)', async () => {
    expect(await rt.verify(DOC_BODY, `sha256=${DOC_SIGNATURE.slice(7).toLowerCase()}`, DOC_SECRET)).toBe(true);
    const mixed = DOC_SIGNATURE.replace(/[A-F]/g, (c, i: number) => (i % 2 ? c.toLowerCase() : c));
    expect(await rt.verify(DOC_BODY, mixed, DOC_SECRET)).toBe(true);
  });

  it('tolerates spaces and tabs around the value, nothing inside it', async () => {
    expect(await rt.verify(DOC_BODY, `  ${DOC_SIGNATURE}\t`, DOC_SECRET)).toBe(true);
    expect(await rt.verify(DOC_BODY, DOC_SIGNATURE.replace('sha256=', 'sha256= '), DOC_SECRET)).toBe(false);
    expect(await rt.verify(DOC_BODY, DOC_SIGNATURE.replace('-AC-', '- AC-'), DOC_SECRET)).toBe(false);
    expect(await rt.verify(DOC_BODY, `${DOC_SIGNATURE}\n`, DOC_SECRET)).toBe(false);
    expect(await rt.verify(DOC_BODY, `\n${DOC_SIGNATURE}`, DOC_SECRET)).toBe(false);
  });

  const hex = DOC_SIGNATURE.slice('sha256='.length);
  const malformed: Record<string, unknown> = {
    missing: undefined,
    null: null,
    empty: '',
    'only spaces': '   ',
    'no sha256= prefix': hex,
    'prefix alone': 'sha256=',
    'upper-case prefix': `SHA256=${hex}`,
    'other algorithm': `sha512=${hex}`,
    'extra =': `sha256==${hex}`,
    'trailing =': `${DOC_SIGNATURE}=`,
    'no dashes': `sha256=${hex.replace(/-/g, '')}`,
    'colons instead of dashes': `sha256=${hex.replace(/-/g, ':')}`,
    'one pair short': DOC_SIGNATURE.slice(0, -3),
    'one pair long': `${DOC_SIGNATURE}-00`,
    'one digit short': DOC_SIGNATURE.slice(0, -1),
    'trailing dash': `${DOC_SIGNATURE.slice(0, -3)}-`,
    'non-hex digit': DOC_SIGNATURE.replace('AC', 'AG'),
    'base64 digest': `sha256=${Buffer.from(hex.replace(/-/g, ''), 'hex').toString('base64')}`,
    'two signatures': `${DOC_SIGNATURE},${DOC_SIGNATURE}`,
    'non-ASCII digit': DOC_SIGNATURE.replace('94', '９4'),
    'a number': 42,
    'an array': [DOC_SIGNATURE],
  };
  it.each(Object.entries(malformed))('returns false, never throws, for a malformed header: %s', async (_name, header) => {
    expect(await rt.verify(DOC_BODY, header as string, DOC_SECRET)).toBe(false);
  });

  it('accepts a match with any of several secrets (rotation) and refuses a rotated-out secret', async () => {
    expect(await rt.verify(DOC_BODY, DOC_SIGNATURE, ['ws_new', DOC_SECRET])).toBe(true);
    expect(await rt.verify(DOC_BODY, DOC_SIGNATURE, [DOC_SECRET, 'ws_new'])).toBe(true);
    expect(await rt.verify(DOC_BODY, SDK_SIGNATURE, [DOC_SECRET, SDK_SECRET])).toBe(true);
    // DOC_SECRET rotated out: its signatures no longer pass.
    expect(await rt.verify(DOC_BODY, DOC_SIGNATURE, ['ws_new', SDK_SECRET])).toBe(false);
  });

  it('keys the HMAC with the whole secret, prefix included', async () => {
    expect(await rt.verify(DOC_BODY, DOC_SIGNATURE, DOC_SECRET.slice('ws_'.length))).toBe(false);
    expect(await rt.verify(DOC_BODY, DOC_SIGNATURE, `${DOC_SECRET} `)).toBe(false);
  });

  it('throws for an empty secrets list or an empty secret (programmer errors)', async () => {
    await expect(rt.verify(DOC_BODY, DOC_SIGNATURE, [])).rejects.toThrow(TypeError);
    await expect(rt.verify(DOC_BODY, DOC_SIGNATURE, '')).rejects.toThrow(TypeError);
    await expect(rt.verify(DOC_BODY, DOC_SIGNATURE, [DOC_SECRET, ''])).rejects.toThrow(TypeError);
    await expect(rt.verify(DOC_BODY, undefined, [])).rejects.toThrow(/at least one/);
  });

  it('throws a helpful TypeError when given a parsed body instead of the raw one', async () => {
    const parsed = JSON.parse(DOC_BODY) as unknown as string;
    await expect(rt.verify(parsed, DOC_SIGNATURE, DOC_SECRET)).rejects.toThrow(/raw request body/);
  });
});
