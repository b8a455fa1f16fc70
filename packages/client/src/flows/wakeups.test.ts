import { describe, expect, it, vi } from 'vitest';
import { createSessionWakeups } from '../index.js';

describe('createSessionWakeups', () => {
  it('calls the listeners of the event payment intent only, until they unsubscribe', () => {
    const wakeups = createSessionWakeups();
    const first = vi.fn();
    const other = vi.fn();
    const unsubscribe = wakeups.subscribe('pi_sandbox_AAAAAAAAAAAAAAAAAAAAAA', first);
    wakeups.subscribe('pi_sandbox_BBBBBBBBBBBBBBBBBBBBBB', other);
    wakeups.notify({ data: { paymentIntentId: 'pi_sandbox_AAAAAAAAAAAAAAAAAAAAAA' } });
    expect(first).toHaveBeenCalledTimes(1);
    expect(other).not.toHaveBeenCalled();
    unsubscribe();
    wakeups.notify({ data: { paymentIntentId: 'pi_sandbox_AAAAAAAAAAAAAAAAAAAAAA' } });
    expect(first).toHaveBeenCalledTimes(1);
  });

  it('ignores events without a payment intent id', () => {
    const wakeups = createSessionWakeups();
    const listener = vi.fn();
    wakeups.subscribe('pi_sandbox_AAAAAAAAAAAAAAAAAAAAAA', listener);
    for (const junk of [{}, { data: null }, { data: { paymentIntentId: 42 } }, null]) wakeups.notify(junk as never);
    expect(listener).not.toHaveBeenCalled();
  });
});
