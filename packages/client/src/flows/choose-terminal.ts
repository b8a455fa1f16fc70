import type { Terminal } from '@dojo-terminals/types';
import type { DojoClient } from '../create-dojo-client.js';
import { DojoNoTerminalAvailableError } from './errors.js';
import type { FlowContext } from './flow-context.js';
import type { TerminalChoice } from './types.js';

/** The terminal id to use: the one given, or the first `Available` terminal Dojo lists. */
export async function chooseTerminal(dojo: DojoClient, choice: TerminalChoice, context: FlowContext): Promise<string> {
  let terminal: Terminal | undefined;
  let terminalId = choice;
  if (choice === 'first-available') {
    const available = await dojo.terminals.list({ statuses: ['Available'] }, { ...(context.signal && { signal: context.signal }) });
    // Filtered again: a server that ignores the filter must not send a payment to an offline or busy terminal.
    terminal = available.find((candidate) => candidate.status === 'Available');
    if (!terminal) throw new DojoNoTerminalAvailableError('No terminal is Available: every terminal is offline or in use');
    terminalId = terminal.id;
  }
  context.emit({ type: 'terminal-selected', terminalId, terminal });
  return terminalId;
}
