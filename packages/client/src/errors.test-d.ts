import type { ErrorCode } from '@dojo-terminals/types';
import { describe, expectTypeOf, it } from 'vitest';
import type { DojoApiError, DojoErrorCode } from './index.js';

describe('DojoApiError types', () => {
  it("type code as the codes the spec documents, open to new ones (not collapsed to string, so editors offer them)", () => {
    expectTypeOf<DojoApiError['code']>().toEqualTypeOf<DojoErrorCode | undefined>();
    expectTypeOf<DojoErrorCode>().toEqualTypeOf<ErrorCode | (string & {})>();
    expectTypeOf<DojoErrorCode>().not.toEqualTypeOf<string>();
    expectTypeOf<'TERMINAL_UNAVAILABLE'>().toExtend<DojoErrorCode>();
    expectTypeOf<'A_CODE_DOJO_ADDS_LATER'>().toExtend<DojoErrorCode>();
  });
});
