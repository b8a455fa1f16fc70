/**
 * The waits of one flow between two reads. A wait ends when its timer fires or when `nudge()` is called (a webhook,
 * the caller's abort); a nudge that comes while no wait is pending ends the next wait at once, so a webhook that
 * arrives during a read is not lost. `dispose()` ends any pending wait and removes the abort listener.
 */
export interface Pause {
  wait(ms: number): Promise<void>;
  nudge(): void;
  dispose(): void;
}

export function createPause(signal: AbortSignal | undefined): Pause {
  let endWait: (() => void) | undefined;
  let nudged = false;
  const nudge = (): void => {
    if (endWait) endWait();
    else nudged = true;
  };
  signal?.addEventListener('abort', nudge, { once: true });
  return {
    nudge,
    wait(ms) {
      if (nudged) {
        nudged = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          endWait = undefined;
          resolve();
        }, ms);
        endWait = () => {
          clearTimeout(timer);
          endWait = undefined;
          resolve();
        };
      });
    },
    dispose() {
      signal?.removeEventListener('abort', nudge);
      endWait?.();
    },
  };
}
