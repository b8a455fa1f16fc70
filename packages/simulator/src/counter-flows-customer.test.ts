import { payAtCounter, type CounterFlowOptions, type CounterProgressEvent, type TerminalIdString } from '@dojo-terminals/client';
import { describe, expect, it } from 'vitest';
import type { CustomerScript } from './index.js';
import { isFinal, simulatorBehindProxy } from './test-support.js';

// The client's counter flows with the customer scripted by the test helpers instead of the amount's last digits:
// realistic totals, a chosen card, and step mode for a flow that sees every prompt in order.
const TIME_SCALE = 0.025;
const checked = simulatorBehindProxy({ timeScale: TIME_SCALE, terminals: 3 }, 2);

const GBP = (value: number) => ({ value, currencyCode: 'GBP' });

/** A free terminal whose every session follows `script`. */
function scriptedTerminal(script: CustomerScript): TerminalIdString {
  const terminal = checked.sim.terminals().find((t) => t.status === 'Available' && checked.sim.snapshot().terminalCustomers?.[t.id] === undefined);
  if (terminal === undefined) throw new Error('no unscripted Available terminal left');
  checked.sim.testHelpers.setTerminalCustomer(terminal.id, script);
  return terminal.id as TerminalIdString;
}

const counter = (terminal: TerminalIdString, events: CounterProgressEvent[] = []): CounterFlowOptions => ({
  terminal,
  poll: { initialDelayMs: 20, maxDelayMs: 100, factor: 1.5 },
  signatureSafetyMarginMs: 200,
  onProgress: (event) => events.push(event),
});

describe('payAtCounter with the customer scripted', () => {
  it('captures £10.14 (the offline scenario by amount) paid by the card the test chose', async () => {
    const terminal = scriptedTerminal({ action: 'presentCard', card: { brand: 'MASTERCARD', last4: '4444', funding: 'Credit' } });
    const outcome = await payAtCounter(checked.dojo, { ...counter(terminal), amount: GBP(1014), reference: 'Realistic total' });
    expect(outcome.outcome).toBe('captured');
    expect(outcome.paymentIntent?.paymentDetails?.card).toMatchObject({ cardType: 'MASTERCARD', last4PAN: '4444', cardFundingType: 'Credit' });
    checked.sim.testHelpers.setTerminalCustomer(terminal, null);
  });

  it('reports a decline with the issuer reason the test chose', async () => {
    const terminal = scriptedTerminal({ action: 'presentCard', decline: 'INSUFFICIENT FUNDS' });
    const outcome = await payAtCounter(checked.dojo, { ...counter(terminal), amount: GBP(2350), reference: 'Declined' });
    expect(outcome.outcome).toBe('declined');
    expect(outcome.session?.paymentDetails?.message).toBe('INSUFFICIENT FUNDS');
    expect(outcome.paymentIntent?.status).toBe('Created');
    checked.sim.testHelpers.setTerminalCustomer(terminal, null);
  });

  it('ends expired when the terminal drops offline mid-session, and nothing was taken', async () => {
    const terminal = scriptedTerminal({ action: 'terminalOffline' });
    const events: CounterProgressEvent[] = [];
    const outcome = await payAtCounter(checked.dojo, { ...counter(terminal, events), amount: GBP(1999), reference: 'Offline mid-session' });
    expect(outcome.outcome).toBe('expired');
    expect(outcome.paymentIntent?.status).toBe('Created');
    expect(events.filter((e) => e.type === 'notification').map((e) => (e as { notification: string }).notification)).toEqual(['PresentCard']);
    checked.sim.testHelpers.setTerminalCustomer(terminal, null);
  });

  it('sees every prompt in order when the test advances the session one step at a time', async () => {
    const terminal = scriptedTerminal({ action: 'presentCard', pin: true, step: true });
    const events: CounterProgressEvent[] = [];
    const flow = payAtCounter(checked.dojo, {
      ...counter(terminal),
      amount: GBP(1250),
      reference: 'Step by step',
      onProgress: (event) => {
        events.push(event);
        // Each step once the flow has seen the previous one: the flow cannot miss a prompt.
        if ((event.type === 'session-created' || event.type === 'notification') && !isFinal(event.session)) checked.sim.testHelpers.advanceSession(event.session.id);
      },
    });
    const outcome = await flow;
    expect(outcome.outcome).toBe('captured');
    expect(events.filter((e) => e.type === 'notification').map((e) => (e as { notification: string }).notification)).toEqual([
      'PresentCard',
      'EnterPin',
      'PleaseWait',
      'Approved',
    ]);
    checked.sim.testHelpers.setTerminalCustomer(terminal, null);
  });
});
