import { styleText } from 'node:util';
import type { CounterProgressEvent, Money, TerminalNotificationType, TerminalSessionStatus } from '@dojo-terminals/client';

/** `{ value: 1234, currencyCode: 'GBP' }` → `£12.34`, with the currency's own minor units (`¥1234` for JPY). */
export function formatMoney(money: Money | undefined): string {
  if (!money) return '—';
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency: money.currencyCode });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.value / 10 ** digits);
}

const PROMPTS: Record<TerminalNotificationType, string> = {
  PresentCard: 'Present card',
  InsertCard: 'Insert card',
  PresentOnlyOneCard: 'Present only one card',
  ReEnterCard: 'Present the card again',
  EnterPin: 'Enter PIN',
  PleaseWait: 'Please wait',
  RemoveCard: 'Remove card',
  Approved: 'Approved',
  Declined: 'Declined',
  CardUnsupported: 'Card not supported',
  CardError: 'Card error',
};

const STATUSES: Record<TerminalSessionStatus, string> = {
  InitiateRequested: 'Waking the terminal',
  Initiated: 'Terminal ready',
  Authorized: 'Authorised',
  Captured: 'Captured',
  CancelRequested: 'Cancelling',
  Canceled: 'Canceled',
  SignatureVerificationRequired: 'Signature check…',
  SignatureVerificationAccepted: 'Signature accepted',
  SignatureVerificationRejected: 'Signature rejected',
  Expired: 'Expired',
  Declined: 'Declined',
};

/** The step a progress event shows on the cashier's line, or `undefined` for events that show nothing new. */
export function stepOf(event: CounterProgressEvent): string | undefined {
  switch (event.type) {
    case 'payment-intent-created':
      return `Payment intent ${event.paymentIntent.id} created`;
    case 'terminal-selected':
      return `Terminal ${event.terminalId}`;
    case 'session-created':
      return `Session ${event.session.id} started`;
    case 'status':
      // The signature prompt has its own event, with the deadline.
      return event.status === 'SignatureVerificationRequired' ? undefined : `Status: ${STATUSES[event.status]}`;
    case 'notification':
      return `Terminal: ${PROMPTS[event.notification]}`;
    case 'signature-required':
      return 'Signature check…';
    case 'signature-answered':
      return event.accepted ? 'Signature accepted by the cashier' : 'Signature rejected by the cashier';
    case 'signature-unanswered':
      return `Signature not answered (${event.reason}): the terminal accepts it`;
    case 'cancel-requested':
      return 'Cancel requested';
    case 'cancel-refused':
      return 'Cancel refused: the card was already presented';
    case 'poll-failed':
      return 'Simulator unreachable, retrying…';
    case 'checking-outcome':
      return 'Session create failed: checking what happened…';
    case 'session-found':
      return `Session ${event.terminalSessionId} found`;
  }
}

/** How the demo writes: rewriting one line in place (a terminal) or a line per step (a pipe, CI), in colour or not. */
export interface OutputStyle {
  tty: boolean;
  color: boolean;
  /** The terminal's width, when known: a live line longer than it would wrap and could not be rewritten. */
  columns: number | undefined;
}

/** Colour only on a terminal, and never when `NO_COLOR` is set to anything but the empty string (no-color.org). */
export function outputStyle(stream: { isTTY?: boolean; columns?: number }, env: NodeJS.ProcessEnv): OutputStyle {
  const tty = stream.isTTY === true;
  return { tty, color: tty && !env['NO_COLOR'], columns: tty ? stream.columns : undefined };
}

export type Tone = 'dim' | 'green' | 'red' | 'bold' | 'cyan';

export function paint(style: OutputStyle, tone: Tone, text: string): string {
  // validateStream off: whether to colour is decided here, for the stream the demo writes to.
  return style.color ? styleText(tone, text, { validateStream: false }) : text;
}

/** ESC [2K: erase the whole line, after `\r` went back to its start. */
const CLEAR_LINE = '\r\u001b[2K';

/**
 * The text that shows `step` of `flow`: on a terminal it replaces the line in place (no newline, so the next step
 * overwrites it); elsewhere it is a line of its own.
 */
export function renderStep(style: OutputStyle, flow: string, step: string): string {
  if (!style.tty) return `  ${flow} · ${step}\n`;
  const room = style.columns === undefined ? Infinity : style.columns - 1 - `… ${flow} · `.length;
  const shown = step.length <= room ? step : `${step.slice(0, Math.max(0, room - 1))}…`;
  return `${CLEAR_LINE}${paint(style, 'cyan', '…')} ${paint(style, 'bold', flow)} ${paint(style, 'dim', '·')} ${shown}`;
}

/** What ends the live line before a flow's receipt is printed: on a terminal the line is cleared. */
export function endSteps(style: OutputStyle): string {
  return style.tty ? CLEAR_LINE : '';
}
