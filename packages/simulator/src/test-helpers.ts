import type { Terminal, TerminalSession } from '@dojo-terminals/types';
import { parseCustomerScript, type CustomerScript } from './customer.js';
import { ApiProblem } from './problems.js';
import { advanceSession, findSession, scriptSession } from './terminal-sessions.js';
import { findTerminal } from './terminals.js';
import type { World } from './world.js';

/**
 * Test helpers, as Stripe's `testHelpers`: decide what the customer does on a session (or on every new session
 * of a terminal), and advance a session in step mode. `sim.testHelpers` in a test process; over HTTP, the
 * `/test-helpers/…` routes, which are not operations of Dojo's API and answer only in test mode.
 */
export interface TestHelpers {
  /** Scripts a session that still waits for its card (`409` afterwards); returns it as `GET` shows it. */
  setSessionCustomer(terminalSessionId: string, script: CustomerScript): TerminalSession;
  /** The script of every later session on the terminal; `null` goes back to the amount scenarios. */
  setTerminalCustomer(terminalId: string, script: CustomerScript | null): void;
  /** Step mode: applies the session's next step (one prompt, or its result) now; returns the session. */
  advanceSession(terminalSessionId: string): TerminalSession;
}

/** The helpers on the world; errors are `ApiProblem`s (the HTTP routes send them, the library turns them into its error). */
export function testHelpersOf(world: World): TestHelpers {
  return {
    setSessionCustomer: (id, script) => scriptSession(world, id, parseCustomerScript(script)),
    setTerminalCustomer(terminalId, script) {
      const terminal: Terminal = findTerminal(world, terminalId);
      const customers = (world.state.terminalCustomers ??= {});
      if (script === null) delete customers[terminal.id];
      else customers[terminal.id] = parseCustomerScript(script);
    },
    advanceSession: (id) => (findSession(world, id), advanceSession(world, id)),
  };
}

export interface TestHelperRoute {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** The library call it stands for. */
  helper: keyof TestHelpers;
  status: 200 | 204;
  handle(helpers: TestHelpers, params: Record<string, string>, body: unknown): unknown;
}

/** The test-only routes (the README's helper reference lists them; a test compares the two). */
export const TEST_HELPER_ROUTES: readonly TestHelperRoute[] = [
  {
    method: 'POST',
    path: '/test-helpers/terminal-sessions/{terminalSessionId}/customer',
    helper: 'setSessionCustomer',
    status: 200,
    handle: (h, p, body) => h.setSessionCustomer(p['terminalSessionId']!, body as CustomerScript),
  },
  {
    method: 'PUT',
    path: '/test-helpers/terminals/{terminalId}/customer',
    helper: 'setTerminalCustomer',
    status: 204,
    handle: (h, p, body) => h.setTerminalCustomer(p['terminalId']!, body as CustomerScript),
  },
  {
    method: 'DELETE',
    path: '/test-helpers/terminals/{terminalId}/customer',
    helper: 'setTerminalCustomer',
    status: 204,
    handle: (h, p) => h.setTerminalCustomer(p['terminalId']!, null),
  },
  {
    method: 'POST',
    path: '/test-helpers/terminal-sessions/{terminalSessionId}/advance',
    helper: 'advanceSession',
    status: 200,
    handle: (h, p) => h.advanceSession(p['terminalSessionId']!),
  },
];

/** Refuses a test helper route when the simulator does not run in test mode. */
export function assertTestMode(testMode: boolean): void {
  if (!testMode) {
    throw new ApiProblem(403, 'The test helpers answer only in test mode: start the simulator with { testMode: true } or --test-mode.', { code: 'TEST_MODE_OFF' });
  }
}
