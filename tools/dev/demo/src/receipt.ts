import { formatMoney, paint, type OutputStyle } from './format.js';
import type { FlowReport } from './flows.js';
import type { ReceiverStats } from './receiver.js';

/** A flow's short receipt: a headline with the outcome, amount and card, then the ids to look it up by. */
export function formatReceipt(style: OutputStyle, index: number, report: FlowReport): string {
  const mark = report.ok ? paint(style, 'green', '✔') : paint(style, 'red', '✘');
  const card = report.cardBrand || report.cardLast4 ? `${report.cardBrand ?? 'card'} •••• ${report.cardLast4 ?? '????'}` : undefined;
  const headline = [
    paint(style, report.ok ? 'green' : 'red', report.outcome),
    report.amount && formatMoney(report.amount),
    card,
    report.authCode && `auth code ${report.authCode}`,
  ].filter(Boolean);
  const ids = [
    report.paymentIntentId && `payment intent ${report.paymentIntentId} (${report.paymentIntentStatus ?? 'status unknown'})`,
    report.sessionId && `session ${report.sessionId}`,
  ].filter(Boolean);
  const lines = [`${mark} ${index}. ${paint(style, 'bold', report.name)}: ${headline.join(', ')}`];
  if (ids.length > 0) lines.push(`     ${paint(style, 'dim', ids.join(' · '))}`);
  if (!report.ok) lines.push(`     ${paint(style, 'red', `expected ${report.expected}${report.problem ? `: ${report.problem}` : ''}`)}`);
  return `${lines.join('\n')}\n`;
}

/** The last line: how many flows ended as expected, and what the webhook receiver verified. */
export function formatTally(style: OutputStyle, reports: readonly FlowReport[], total: number, webhooks: ReceiverStats): string {
  const passed = reports.filter((report) => report.ok).length;
  const flows = `${passed} of ${total} flows ended as expected`;
  const events = `${webhooks.verified} webhook ${webhooks.verified === 1 ? 'event' : 'events'} received and verified${webhooks.refused > 0 ? `, ${webhooks.refused} refused` : ''}`;
  return `\n${paint(style, passed === total ? 'green' : 'red', flows)} · ${events}\n`;
}
