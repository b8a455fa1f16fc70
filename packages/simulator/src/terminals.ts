import { SimulatorConfigError } from './errors.js';
import { ID_PATTERNS, TERMINAL_STATUSES, type Terminal, type TerminalStatus } from '@dojo-terminals/types';
import { newId } from './ids.js';
import { ApiProblem } from './problems.js';
import { iso, type World } from './world.js';

/** One terminal of the fleet as given to `startSimulator({ terminals })`; omitted fields are generated. */
export interface TerminalSpec {
  id?: string;
  tid?: string;
  /** Default `Available`. An `InUse` terminal without a session stays busy (another POS is using it). */
  status?: TerminalStatus;
}

const TERMINAL_ID = ID_PATTERNS.TerminalId;
const TID = /^[A-Za-z0-9]{1,32}$/;
const STATUSES: readonly TerminalStatus[] = TERMINAL_STATUSES;

/** Builds the fleet; throws a TypeError naming the entry at fault. */
export function buildFleet(spec: number | readonly TerminalSpec[], now: number): Terminal[] {
  const list: readonly TerminalSpec[] = typeof spec === 'number' ? Array.from({ length: spec }, () => ({})) : spec;
  if (typeof spec === 'number' && (!Number.isInteger(spec) || spec < 0 || spec > 1000)) {
    throw new SimulatorConfigError('terminals must be a whole number from 0 to 1000, or a list of terminals');
  }
  const seen = new Set<string>();
  return list.map((entry, index) => {
    const id = entry.id ?? newId.terminal();
    const tid = entry.tid ?? newId.tid();
    const status = entry.status ?? 'Available';
    if (!TERMINAL_ID.test(id)) throw new SimulatorConfigError(`terminals[${index}].id must look like tm_sandbox_<24 hex>, got "${id}"`);
    if (seen.has(id)) throw new SimulatorConfigError(`terminals[${index}].id "${id}" is given twice`);
    if (!TID.test(tid)) throw new SimulatorConfigError(`terminals[${index}].tid must be 1 to 32 letters or digits`);
    if (!STATUSES.includes(status)) throw new SimulatorConfigError(`terminals[${index}].status must be ${STATUSES.join(', ')}`);
    seen.add(id);
    return { id, properties: { tid }, status, updatedAt: iso(now) };
  });
}

export function listTerminals(world: World, statuses: readonly string[] | undefined): Terminal[] {
  for (const status of statuses ?? []) {
    if (!STATUSES.includes(status as TerminalStatus)) throw new ApiProblem(400, `Unknown terminal status "${status}".`, { errors: { statuses: [`Must be one of ${STATUSES.join(', ')}.`] } });
  }
  const all = world.state.terminals;
  return statuses === undefined || statuses.length === 0 ? all : all.filter((t) => statuses.includes(t.status));
}

export function findTerminal(world: World, id: string): Terminal {
  const terminal = world.state.terminals.find((t) => t.id === id);
  if (terminal === undefined) throw new ApiProblem(404, `No terminal ${id} exists for this account.`, { code: 'NOT_FOUND' });
  return terminal;
}

export function setTerminalStatus(world: World, terminal: Terminal, status: TerminalStatus): void {
  if (terminal.status === status) return;
  terminal.status = status;
  terminal.updatedAt = iso(world.now());
}
