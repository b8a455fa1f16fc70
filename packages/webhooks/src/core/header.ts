/** The prefix of every `dojo-signature` value. */
export const SIGNATURE_PREFIX = 'sha256=';
/** `sha256=` + 32 byte pairs + 31 dashes. */
const HEADER_LENGTH = SIGNATURE_PREFIX.length + 32 * 2 + 31;

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 70) return code - 55; // A-F
  if (code >= 97 && code <= 102) return code - 87; // a-f
  return -1;
}

function isOws(code: number): boolean {
  return code === 32 || code === 9;
}

/**
 * Decodes a `dojo-signature` header into the 32 bytes of the MAC, or `null` when it is not exactly
 * `sha256=` followed by 32 hex byte pairs joined by `-`. Hex digits may be upper or lower case; spaces
 * and tabs around the value (HTTP optional whitespace) are ignored, anything else is refused.
 * Never throws, whatever it is given.
 */
export function decodeSignatureHeader(header: unknown): Uint8Array | null {
  if (typeof header !== 'string') return null;
  let start = 0;
  let end = header.length;
  while (start < end && isOws(header.charCodeAt(start))) start++;
  while (end > start && isOws(header.charCodeAt(end - 1))) end--;
  if (end - start !== HEADER_LENGTH || !header.startsWith(SIGNATURE_PREFIX, start)) return null;
  const out = new Uint8Array(32);
  let at = start + SIGNATURE_PREFIX.length;
  for (let i = 0; i < 32; i++) {
    if (i > 0) {
      if (header.charCodeAt(at) !== 45) return null; // '-'
      at++;
    }
    const high = hexValue(header.charCodeAt(at));
    const low = hexValue(header.charCodeAt(at + 1));
    if (high < 0 || low < 0) return null;
    out[i] = (high << 4) | low;
    at += 2;
  }
  return out;
}

const HEX = '0123456789ABCDEF';

/** Writes a MAC the way Dojo does: `sha256=` and upper-case hex byte pairs joined by `-`. */
export function encodeSignatureHeader(mac: Uint8Array): string {
  let out = SIGNATURE_PREFIX;
  for (let i = 0; i < mac.length; i++) {
    const byte = mac[i] ?? 0;
    if (i > 0) out += '-';
    out += HEX[byte >> 4]! + HEX[byte & 15]!;
  }
  return out;
}
