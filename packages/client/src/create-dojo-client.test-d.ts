import type { PaymentIntent, Refund, Terminal, TerminalSession } from '@dojo-terminals/types';
import { describe, expectTypeOf, it } from 'vitest';
import { createDojoClient, type DojoClient } from './index.js';

describe('createDojoClient types', () => {
  const dojo: DojoClient = createDojoClient({ apiKey: 'sk_sandbox_test' });

  it('returns the types of @dojo-terminals/types', () => {
    expectTypeOf(dojo.terminals.list).returns.resolves.toEqualTypeOf<Terminal[]>();
    expectTypeOf(dojo.terminalSessions.get).returns.resolves.toEqualTypeOf<TerminalSession>();
    expectTypeOf(dojo.paymentIntents.get).returns.resolves.toEqualTypeOf<PaymentIntent>();
    expectTypeOf(dojo.refunds.create).returns.resolves.toEqualTypeOf<Refund>();
    expectTypeOf(dojo.paymentIntents.sendReceipt).returns.resolves.toBeVoid();
  });

  it('types request bodies from the spec', () => {
    expectTypeOf(dojo.terminalSessions.create).parameter(0).toHaveProperty('terminalId').toEqualTypeOf<string>();
    // Never called: only compiled.
    const wrongStatus = () =>
      // @ts-expect-error a status that the spec does not list
      dojo.terminals.list({ statuses: ['Broken'] });
    expectTypeOf(wrongStatus).toBeFunction();
  });
});
