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

describe('flow options in range', () => {
  it.each([
    ['a poll delay longer than timers allow (it would fire at once)', { poll: { initialDelayMs: 1_000, maxDelayMs: 3e9 } }],
    ['a poll delay that is not a number', { poll: { initialDelayMs: Number.NaN } }],
    ['an infinite backoff factor', { poll: { factor: Number.POSITIVE_INFINITY } }],
    ['an expiry margin that is not a number (the flow would never give up)', { expiryMarginMs: Number.NaN }],
    ['a negative expiry margin', { expiryMarginMs: -1 }],
    ['an outcome check longer than timers allow', { outcomeCheckMs: 3e9 }],
    ['an outcome check that is not a number', { outcomeCheckMs: '90000' }],
    ['a signature margin that is not a number', { signatureSafetyMarginMs: Number.NaN }],
    ['timings scaled past what timers allow', counterFlowTimings(1e5)],
  ])('refuse %s before anything is sent', (_name, options) => {
    expect(() => resolveFlowContext({ terminal: 'first-available', ...(options as object) })).toThrow(DojoInvalidArgumentError);
  });
});
