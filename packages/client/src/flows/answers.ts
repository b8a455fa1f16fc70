import { ID_PATTERNS, type PaymentIntent, type Terminal, type TerminalSession } from '@dojo-terminals/types';
import { DojoResponseValidationError } from '../errors.js';

// The parts of Dojo's answers that the counter flows act on, checked before they act: a server that answers `{}`,
// a list that is not a list or an object of another kind gets a typed error, never a TypeError or a request built
// from `undefined`. The full spec check stays the client's `validateResponses` option.

type Issues = string[];

function object(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function id(issues: Issues, value: unknown, kind: keyof typeof ID_PATTERNS, path = 'id'): void {
  if (typeof value !== 'string' || !ID_PATTERNS[kind].test(value)) issues.push(`${path}: not a ${kind}`);
}

function text(issues: Issues, value: unknown, path: string, optional = false): void {
  if (optional && value == null) return;
  if (typeof value !== 'string') issues.push(`${path}: not a string`);
}

function money(issues: Issues, value: unknown, path: string, optional = false): void {
  if (optional && value == null) return;
  if (!object(value) || !Number.isSafeInteger(value.value) || typeof value.currencyCode !== 'string') {
    issues.push(`${path}: not an amount ({ value, currencyCode })`);
  }
}

function list(issues: Issues, value: unknown, path: string, optional = false): void {
  if (optional && value == null) return;
  if (!Array.isArray(value) || !value.every(object)) issues.push(`${path}: not a list of objects`);
}

function checked<T>(operationId: string, what: string, value: unknown, check: (issues: Issues, value: Record<string, unknown>) => void): T {
  const issues: Issues = [];
  if (object(value)) check(issues, value);
  else issues.push(`not ${what}`);
  if (issues.length > 0) {
    throw new DojoResponseValidationError(`${operationId}: the answer is not ${what} (${issues.slice(0, 3).join('; ')})`, issues);
  }
  return value as T;
}

export function checkPaymentIntent(value: unknown, operationId: string, expectedId?: string): PaymentIntent {
  return checked(operationId, 'a payment intent', value, (issues, intent) => {
    id(issues, intent.id, 'PaymentIntentId');
    if (expectedId !== undefined && intent.id !== expectedId) issues.push(`id: not ${expectedId}`);
    text(issues, intent.status, 'status');
    money(issues, intent.amount, 'amount');
    money(issues, intent.totalAmount, 'totalAmount', true);
    if (intent.refundedAmount != null && !Number.isSafeInteger(intent.refundedAmount)) issues.push('refundedAmount: not an integer');
    list(issues, intent.terminalSessionHistory, 'terminalSessionHistory', true);
    list(issues, intent.captures, 'captures', true);
    if (intent.paymentDetails != null && !object(intent.paymentDetails)) issues.push('paymentDetails: not an object');
  });
}

export function checkTerminal(value: unknown, operationId: string, expectedId?: string): Terminal {
  return checked(operationId, 'a terminal', value, (issues, terminal) => {
    id(issues, terminal.id, 'TerminalId');
    if (expectedId !== undefined && terminal.id !== expectedId) issues.push(`id: not ${expectedId}`);
    text(issues, terminal.status, 'status');
  });
}

export function checkTerminalList(value: unknown, operationId: string): Terminal[] {
  if (!Array.isArray(value)) throw new DojoResponseValidationError(`${operationId}: the answer is not a list of terminals`, ['not a list']);
  return value.map((terminal) => checkTerminal(terminal, operationId));
}

export function checkSession(value: unknown, operationId: string, expectedId?: string): TerminalSession {
  return checked(operationId, 'a terminal session', value, (issues, session) => {
    id(issues, session.id, 'TerminalSessionId');
    if (expectedId !== undefined && session.id !== expectedId) issues.push(`id: not ${expectedId}`);
    text(issues, session.status, 'status');
    text(issues, session.expireAt, 'expireAt', true);
    if (session.terminalId != null) id(issues, session.terminalId, 'TerminalId', 'terminalId');
    list(issues, session.notificationEvents, 'notificationEvents', true);
    if (session.paymentDetails != null && !object(session.paymentDetails)) issues.push('paymentDetails: not an object');
  });
}
