import { randomBytes } from 'node:crypto';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const base64url = (chars: number) => randomBytes(Math.ceil((chars * 3) / 4)).toString('base64url').slice(0, chars);

/** Identifiers in the sandbox form: `_sandbox_` after the prefix; 24 hex or 22 base64url characters as Dojo's. */
export const newId = {
  terminal: () => `tm_sandbox_${hex(12)}`,
  terminalSession: () => `ts_sandbox_${hex(12)}`,
  paymentIntent: () => `pi_sandbox_${base64url(22)}`,
  refund: () => `rfnd_sandbox_${base64url(22)}`,
  capture: () => `cp_sandbox_${base64url(22)}`,
  reversal: () => `rvs_sandbox_${base64url(22)}`,
  event: () => `evt_sandbox_${base64url(22)}`,
  account: () => `acc_sandbox_${base64url(22)}`,
  transaction: () => hex(10),
  /** An 11-character virtual TID like the sandbox's. */
  tid: () => `VC${randomBytes(9).toString('hex').toUpperCase().slice(0, 9)}`,
  clientSecret: () => `pi_secret_${base64url(32)}`,
  /** W3C trace-context form, as Dojo's `traceId`. */
  trace: () => `00-${hex(16)}-${hex(8)}-01`,
};
