import type { CounterProgressEvent, TerminalSession } from '@dojo-terminals/client';
import { describe, expect, it } from 'vitest';
import { formatMoney, outputStyle, paint, renderStep, stepOf, type OutputStyle } from './format.js';

const PLAIN: OutputStyle = { tty: false, color: false, columns: undefined };
const TTY: OutputStyle = { tty: true, color: false, columns: undefined };
const ESC = '\u001b';

describe('formatMoney', () => {
  it('writes minor units as the currency shows them', () => {
    expect(formatMoney({ value: 1234, currencyCode: 'GBP' })).toBe('£12.34');
    expect(formatMoney({ value: 5, currencyCode: 'GBP' })).toBe('£0.05');
    expect(formatMoney({ value: 123456, currencyCode: 'GBP' })).toBe('£1,234.56');
    expect(formatMoney({ value: 1050, currencyCode: 'EUR' })).toBe('€10.50');
  });

  it('uses the currency’s own minor units (none for JPY)', () => {
    expect(formatMoney({ value: 1234, currencyCode: 'JPY' })).toBe('JP¥1,234');
  });

  it('shows a dash when there is no amount', () => {
    expect(formatMoney(undefined)).toBe('—');
  });
});

describe('outputStyle', () => {
  it('rewrites in place and colours only on a terminal', () => {
    expect(outputStyle({ isTTY: true, columns: 80 }, {})).toEqual({ tty: true, color: true, columns: 80 });
    expect(outputStyle({ isTTY: false, columns: 80 }, {})).toEqual({ tty: false, color: false, columns: undefined });
    expect(outputStyle({}, {})).toEqual({ tty: false, color: false, columns: undefined });
  });

  it('honours NO_COLOR when it is set to anything but the empty string', () => {
    expect(outputStyle({ isTTY: true }, { NO_COLOR: '1' }).color).toBe(false);
    expect(outputStyle({ isTTY: true }, { NO_COLOR: '' }).color).toBe(true);
  });
});

describe('paint', () => {
  it('adds escape codes only when colour is on', () => {
    expect(paint({ ...TTY, color: true }, 'green', 'ok')).toBe(`${ESC}[32mok${ESC}[39m`);
    expect(paint(TTY, 'green', 'ok')).toBe('ok');
  });
});

describe('renderStep', () => {
  it('off a terminal, prints each step as its own plain line', () => {
    expect(renderStep(PLAIN, '1. Sale', 'Terminal: Enter PIN')).toBe('  1. Sale · Terminal: Enter PIN\n');
  });

  it('on a terminal, goes back to the start of the line and clears it, without a newline', () => {
    const text = renderStep(TTY, '1. Sale', 'Terminal: Enter PIN');
    expect(text.startsWith(`\r${ESC}[2K`)).toBe(true);
    expect(text).not.toContain('\n');
    expect(text).toContain('1. Sale · Terminal: Enter PIN');
  });

  it('on a terminal, keeps the line shorter than its width so that it never wraps', () => {
    const text = renderStep({ ...TTY, columns: 30 }, '1. Sale', 'Session ts_sandbox_0123456789abcdef started');
    const visible = text.slice(`\r${ESC}[2K`.length);
    expect(visible.length).toBeLessThan(30);
    expect(visible.endsWith('…')).toBe(true);
  });

  it('colours the live line only when colour is on', () => {
    expect(renderStep(TTY, '1. Sale', 'Enter PIN').slice(`\r${ESC}[2K`.length)).not.toContain(ESC);
    expect(renderStep({ ...TTY, color: true }, '1. Sale', 'Enter PIN').slice(`\r${ESC}[2K`.length)).toContain(ESC);
  });
});

describe('stepOf', () => {
  const session = { id: 'ts_sandbox_1', status: 'Initiated' } as TerminalSession;

  it('names the terminal’s prompts as a cashier reads them', () => {
    const prompt = (notification: 'PresentCard' | 'EnterPin' | 'PleaseWait'): CounterProgressEvent => ({
      type: 'notification',
      notification,
      createdAt: '2026-01-01T00:00:00Z',
      session,
    });
    expect(stepOf(prompt('PresentCard'))).toBe('Terminal: Present card');
    expect(stepOf(prompt('EnterPin'))).toBe('Terminal: Enter PIN');
    expect(stepOf(prompt('PleaseWait'))).toBe('Terminal: Please wait');
  });

  it('shows the signature check once, from its own event rather than the status change', () => {
    expect(stepOf({ type: 'status', status: 'SignatureVerificationRequired', previous: 'Initiated', session })).toBeUndefined();
    expect(stepOf({ type: 'signature-required', session, deadline: new Date() })).toBe('Signature check…');
    expect(stepOf({ type: 'signature-answered', accepted: true, session })).toBe('Signature accepted by the cashier');
  });

  it('shows status changes', () => {
    expect(stepOf({ type: 'status', status: 'Captured', previous: 'Initiated', session })).toBe('Status: Captured');
  });
});
