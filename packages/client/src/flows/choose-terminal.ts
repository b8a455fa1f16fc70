import type { Terminal } from '@dojo-terminals/types';
import type { DojoClient } from '../create-dojo-client.js';
import { checkTerminal, checkTerminalList } from './answers.js';
import { DojoNoTerminalAvailableError } from './errors.js';
import type { FlowContext } from './flow-context.js';
import type { TerminalChoice } from './types.js';

/**
 * The terminal to use, read and found `Available`: the one named, or the first `Available` terminal Dojo lists.
 * Called before the flow creates anything, so that a busy or offline terminal leaves nothing behind.
 */
export async function chooseTerminal(dojo: DojoClient, choice: TerminalChoice, context: FlowContext): Promise<Terminal> {
  const callOptions = { ...(context.signal && { signal: context.signal }) };
  let terminal: Terminal | undefined;
  if (choice === 'first-available') {
    const available = checkTerminalList(await dojo.terminals.list({ statuses: ['Available'] }, callOptions), 'listTerminals');
    // Filtered again: a server that ignores the filter must not send a payment to an offline or busy terminal.
    terminal = available.find((candidate) => candidate.status === 'Available');
    if (!terminal) throw new DojoNoTerminalAvailableError('No terminal is Available: every terminal is offline or in use');
  } else {
    terminal = checkTerminal(await dojo.terminals.get(choice, callOptions), 'getTerminal', choice);
    if (terminal.status !== 'Available') {
      throw new DojoNoTerminalAvailableError(`Terminal ${terminal.id} is ${terminal.status}, not Available: nothing was started`, terminal);
    }
  }
  context.emit({ type: 'terminal-selected', terminalId: terminal.id, terminal });
  return terminal;
}
