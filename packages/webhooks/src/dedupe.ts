/**
 * Where processed event ids are remembered. Dojo delivers at least once, so the same event (same `id`) can
 * arrive again; a store shared by every instance of a receiver (Redis, a database table with a unique key)
 * makes dedupe hold across processes. `MemoryDedupeStore` is the in-process default.
 */
export interface DedupeStore {
  /**
   * Records `id` for `ttlMs` and answers whether it was already recorded (and not expired). Must be
   * atomic: of two concurrent calls with the same id, exactly one gets `false`.
   */
  checkAndSet(id: string, ttlMs: number): boolean | Promise<boolean>;
  /** Forgets `id`, so that a redelivery is handled again (used when handling failed). */
  delete(id: string): void | Promise<void>;
}

export interface MemoryDedupeStoreOptions {
  /** How many ids are kept at most; the oldest are dropped first. Default 10,000. */
  maxSize?: number;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** An in-memory store bounded in size (oldest dropped first) and in time (each id expires after its TTL). */
export class MemoryDedupeStore implements DedupeStore {
  readonly #expiries = new Map<string, number>();
  readonly #maxSize: number;
  readonly #now: () => number;

  constructor(options: MemoryDedupeStoreOptions = {}) {
    const maxSize = options.maxSize ?? 10_000;
    if (!Number.isSafeInteger(maxSize) || maxSize < 1) throw new TypeError('MemoryDedupeStore: `maxSize` must be a positive integer.');
    this.#maxSize = maxSize;
    this.#now = options.now ?? Date.now;
  }

  /** How many ids are held now (expired ones included until they are swept). */
  get size(): number {
    return this.#expiries.size;
  }

  checkAndSet(id: string, ttlMs: number): boolean {
    const now = this.#now();
    this.#sweep(now);
    const expiry = this.#expiries.get(id);
    if (expiry !== undefined && expiry > now) return true;
    // Re-insert so that insertion order stays the order of expiry (every id gets the same TTL in practice).
    this.#expiries.delete(id);
    this.#expiries.set(id, now + ttlMs);
    while (this.#expiries.size > this.#maxSize) {
      const oldest = this.#expiries.keys().next();
      if (oldest.done) break;
      this.#expiries.delete(oldest.value);
    }
    return false;
  }

  delete(id: string): void {
    this.#expiries.delete(id);
  }

  #sweep(now: number): void {
    for (const [id, expiry] of this.#expiries) {
      if (expiry > now) break;
      this.#expiries.delete(id);
    }
  }
}

/** Answers whether an event was already handled. */
export interface Deduper {
  /**
   * `true` when `eventId` was seen within the TTL (skip the event); otherwise records it and gives `false`
   * (handle the event). Call `forget` when handling then fails, so that Dojo's retry is handled.
   */
  seen(eventId: string): Promise<boolean>;
  /** Forgets an event id, for example after its handling failed. */
  forget(eventId: string): Promise<void>;
}

/** A deduper over `store` (default: a `MemoryDedupeStore` of 10,000 ids) remembering ids for `ttlMs` (default 24 h). */
export function createDeduper(options: { store?: DedupeStore; ttlMs?: number } = {}): Deduper {
  const store = options.store ?? new MemoryDedupeStore();
  const ttlMs = options.ttlMs ?? 24 * 60 * 60 * 1000;
  if (!(ttlMs > 0)) throw new TypeError('createDeduper: `ttlMs` must be positive.');
  return {
    async seen(eventId) {
      return store.checkAndSet(eventId, ttlMs);
    },
    async forget(eventId) {
      await store.delete(eventId);
    },
  };
}
