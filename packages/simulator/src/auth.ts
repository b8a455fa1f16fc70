import { API_VERSION } from '@dojo-terminals/types';
import { ApiProblem, invalidField } from './problems.js';

/** Which keys the simulator accepts: any sandbox-form key by default, or exactly the ones listed. */
export type KeyRule = readonly string[] | undefined;

const SANDBOX_KEY = /^sk_sandbox_[\x21-\x7e]+$/;
const VERSION = /^\d{4}-\d{2}-\d{2}$/;

type Headers = Record<string, string | string[] | undefined>;
const header = (headers: Headers, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The real API's rules: `Authorization: Basic <key>` (the key itself, not base64) → else 401; a `version` date
 * → else 400; on terminal routes a `software-house-id` → else 400. Messages never repeat the key.
 */
export function checkRequestHeaders(headers: Headers, terminalRoute: boolean, keys: KeyRule): void {
  const authorization = header(headers, 'authorization');
  if (authorization === undefined || authorization === '') throw new ApiProblem(401, 'The Authorization header is missing: send "Basic <secret key>".');
  const match = /^Basic ([^\s]+)$/.exec(authorization);
  if (match === null) throw new ApiProblem(401, 'The Authorization header must be "Basic " followed by the secret key as issued (not base64-encoded).');
  const key = match[1]!;
  if (keys === undefined ? !SANDBOX_KEY.test(key) : !keys.includes(key)) {
    const rule = keys === undefined ? 'the simulator accepts sandbox keys (sk_sandbox_…) only' : 'it is not one of the keys the simulator was started with';
    throw new ApiProblem(401, `The API key is not valid: ${rule}.`);
  }
  const version = header(headers, 'version');
  if (version === undefined || version === '') throw invalidField('version', `The version header is required, e.g. "${API_VERSION}".`);
  if (!VERSION.test(version)) throw invalidField('version', `Must be an API version date such as "${API_VERSION}".`);
  if (terminalRoute) {
    const softwareHouse = header(headers, 'software-house-id');
    if (softwareHouse === undefined || softwareHouse === '') throw invalidField('software-house-id', 'The software-house-id header is required on terminal requests.');
  }
}
