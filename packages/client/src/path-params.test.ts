import { readFileSync } from 'node:fs';
import { openapiJsonPath } from '@dojo-terminals/spec';
import { describe, expect, it } from 'vitest';
import { DojoInvalidArgumentError } from './errors.js';
import { checkId, ID_PATTERNS } from './path-params.js';

const spec = JSON.parse(readFileSync(openapiJsonPath, 'utf8'));

describe('path parameters', () => {
  it.each(Object.entries(ID_PATTERNS))('%s uses the pattern of the spec', (kind, pattern) => {
    expect(pattern.source).toBe(spec.components.schemas[kind].pattern);
  });

  it('covers every path parameter of the spec', () => {
    const kinds = Object.values(spec.components.parameters as Record<string, { in: string; schema: { $ref?: string } }>)
      .filter((parameter) => parameter.in === 'path')
      .map((parameter) => parameter.schema.$ref?.split('/').pop());
    expect(kinds.sort()).toEqual(Object.keys(ID_PATTERNS).sort());
  });

  it('accepts ids with and without sandbox_', () => {
    expect(checkId('TerminalId', 'tm_65a7e8c0bee9b6390862337c')).toBe('tm_65a7e8c0bee9b6390862337c');
    expect(checkId('RefundId', 'rfnd_sandbox_Xk2p9QeRT0a7LmZb4nYc1w')).toBe('rfnd_sandbox_Xk2p9QeRT0a7LmZb4nYc1w');
  });

  it.each([['pi_a/../b'], ['pi_abcdef#x'], ['pi_abcdef%2F'], [' pi_abcdef'], [42], [undefined], ['x'.repeat(1000)]])(
    'refuses %j',
    (value) => {
      expect(() => checkId('PaymentIntentId', value)).toThrow(DojoInvalidArgumentError);
    },
  );
});
