import { spawn, type ChildProcess } from 'node:child_process';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process that leads its own process group, so it can be killed with everything it started. */
export interface GroupLeader {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Settles when the leader has exited. */
  readonly exited: Promise<ExitStatus>;
  /** Settles when the leader has exited and its stdout/stderr are fully read. */
  readonly closed: Promise<void>;
  hasExited(): boolean;
}

const live = new Set<GroupLeader>();
const CLEANUP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Spawns `command` detached (a new process group) with piped stdout/stderr and no stdin. */
export function spawnGroupLeader(command: string, args: string[], env: NodeJS.ProcessEnv): GroupLeader {
  const child = spawn(command, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env });
  if (child.pid === undefined) {
    // spawn() failed synchronously enough that there is no pid; the 'error' event carries the reason.
    throw new Error(`could not start ${command}`);
  }
  const exited = new Promise<ExitStatus>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  // Errors after spawn (e.g. a failed kill) must not crash the host process; the exit is what matters.
  child.on('error', () => {});
  const leader: GroupLeader = {
    child,
    pid: child.pid,
    exited,
    closed,
    hasExited: () => child.exitCode !== null || child.signalCode !== null,
  };
  track(leader);
  void exited.then(() => signalGroup(leader.pid, 'SIGKILL')).finally(() => untrack(leader));
  return leader;
}

/** SIGTERM to the whole group, SIGKILL after `graceMs` if the leader has not exited; waits for the exit. */
export async function killGroup(leader: GroupLeader, graceMs = 3_000): Promise<ExitStatus> {
  if (!leader.hasExited()) {
    signalGroup(leader.pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(leader.pid, 'SIGKILL'), graceMs);
    try {
      await leader.exited;
    } finally {
      clearTimeout(timer);
    }
  }
  // Anything the leader started and left behind goes too.
  signalGroup(leader.pid, 'SIGKILL');
  return leader.exited;
}

/** Signals every process in the group; a group that is already gone (ESRCH) is not an error. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left to signal. Nothing else is actionable here either: the exit wait decides.
  }
}

function killAllNow(): void {
  for (const leader of live) signalGroup(leader.pid, 'SIGKILL');
}

/**
 * Our handler acts only when nobody else listens for the signal: then it kills the groups and re-raises
 * the signal so the default behaviour (exit) still happens. When others listen they decide, and the
 * 'exit' hook below kills what is left if they exit. (A `process.once` listener has already removed
 * itself when we run, so it does not count: use `process.on` to handle these signals yourself.)
 */
function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAllNow();
  removeHooks();
  process.kill(process.pid, signal);
}

function addHooks(): void {
  process.on('exit', killAllNow);
  for (const signal of CLEANUP_SIGNALS) process.on(signal, onSignal);
}

function removeHooks(): void {
  process.off('exit', killAllNow);
  for (const signal of CLEANUP_SIGNALS) process.off(signal, onSignal);
}

function track(leader: GroupLeader): void {
  if (live.size === 0) addHooks();
  live.add(leader);
}

function untrack(leader: GroupLeader): void {
  if (live.delete(leader) && live.size === 0) removeHooks();
}
