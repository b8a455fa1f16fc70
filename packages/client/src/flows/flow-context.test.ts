import { describe, expect, it } from 'vitest';
import { counterFlowTimings, DojoInvalidArgumentError } from '../index.js';
import { resolveFlowContext } from './flow-context.js';

describe('counterFlowTimings', () => {
  it('are the defaults every flow uses when no wait is given', () => {
    const context = resolveFlowContext({ terminal: 'first-available' });
    expect(counterFlowTimings()).toEqual({
      poll: context.poll,
      signatureSafetyMarginMs: context.signatureSafetyMarginMs,
      expiryMarginMs: context.expiryMarginMs,
      outcomeCheckMs: context.outcomeCheckMs,
    });
  });

  it('scale every wait but the backoff factor with a simulator time scale', () => {
    expect(counterFlowTimings(0.01)).toEqual({
      poll: { initialDelayMs: 10, maxDelayMs: 50, factor: 1.5 },
      signatureSafetyMarginMs: 20,
      expiryMarginMs: 600,
      outcomeCheckMs: 900,
    });
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuse a time scale of %s', (scale) => {
    expect(() => counterFlowTimings(scale)).toThrow(DojoInvalidArgumentError);
  });
});
