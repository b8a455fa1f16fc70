import { DojoInvalidArgumentError } from './errors.js';

/**
 * The identifier patterns of the spec (`components.schemas.<Kind>.pattern`; a test keeps them equal). An id is
 * checked before it is put into a URL, so a value such as `../refunds` or `tm_1?x=y` never reaches Dojo.
 */
export const ID_PATTERNS = {
  TerminalId: /^tm_(?:sandbox_)?[A-Za-z0-9_-]{6,64}$/,
  TerminalSessionId: /^ts_(?:sandbox_)?[A-Za-z0-9_-]{6,64}$/,
  PaymentIntentId: /^pi_(?:sandbox_)?[A-Za-z0-9_-]{6,64}$/,
  RefundId: /^rfnd_(?:sandbox_)?[A-Za-z0-9_-]{4,64}$/,
} as const;

export type IdKind = keyof typeof ID_PATTERNS;

/** Returns `value` when it is a well-formed id of this kind; throws DojoInvalidArgumentError otherwise. */
export function checkId(kind: IdKind, value: unknown): string {
  if (typeof value === 'string' && ID_PATTERNS[kind].test(value)) return value;
  const shown = typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : typeof value;
  throw new DojoInvalidArgumentError(`${kind} must match ${ID_PATTERNS[kind].source}, got ${shown}`);
}
