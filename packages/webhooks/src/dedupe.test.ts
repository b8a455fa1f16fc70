import { describe, expect, it } from 'vitest';
import { createDeduper, MemoryDedupeStore } from './index.js';

describe('MemoryDedupeStore', () => {
  it('reports an id as seen until its TTL ends', () => {
    let now = 1_000;
    const store = new MemoryDedupeStore({ now: () => now });
    expect(store.checkAndSet('evt_a', 100)).toBe(false);
    expect(store.checkAndSet('evt_a', 100)).toBe(true);
    now += 99;
    expect(store.checkAndSet('evt_a', 100)).toBe(true);
    now += 1;
    expect(store.checkAndSet('evt_a', 100)).toBe(false);
  });

  it('keeps at most maxSize ids, dropping the oldest', () => {
    const store = new MemoryDedupeStore({ maxSize: 3 });
    for (const id of ['a', 'b', 'c', 'd']) expect(store.checkAndSet(id, 60_000)).toBe(false);
    expect(store.size).toBe(3);
    expect(store.checkAndSet('d', 60_000)).toBe(true);
    expect(store.checkAndSet('a', 60_000)).toBe(false); // dropped, so seen again as new
  });

  it('sweeps expired ids so memory stays bounded in time', () => {
    let now = 0;
    const store = new MemoryDedupeStore({ now: () => now });
    for (let i = 0; i < 100; i++) store.checkAndSet(`evt_${i}`, 10);
    now = 11;
    store.checkAndSet('evt_new', 10);
    expect(store.size).toBe(1);
  });

  it('refuses a nonsensical size', () => {
    expect(() => new MemoryDedupeStore({ maxSize: 0 })).toThrow(TypeError);
  });
});

describe('createDeduper', () => {
  it('handles a redelivered event once', async () => {
    const dedupe = createDeduper();
    const handled: string[] = [];
    for (const id of ['evt_1', 'evt_2', 'evt_1', 'evt_1', 'evt_2', 'evt_3']) {
      if (!(await dedupe.seen(id))) handled.push(id);
    }
    expect(handled).toEqual(['evt_1', 'evt_2', 'evt_3']);
  });

  it('forget lets a failed event be handled on redelivery', async () => {
    const dedupe = createDeduper({ ttlMs: 60_000 });
    expect(await dedupe.seen('evt_x')).toBe(false);
    await dedupe.forget('evt_x');
    expect(await dedupe.seen('evt_x')).toBe(false);
    expect(await dedupe.seen('evt_x')).toBe(true);
  });

  it('works over any store, sync or async', async () => {
    const ids = new Set<string>();
    const dedupe = createDeduper({
      store: {
        async checkAndSet(id) {
          if (ids.has(id)) return true;
          ids.add(id);
          return false;
        },
        async delete(id) {
          ids.delete(id);
        },
      },
    });
    expect(await dedupe.seen('evt_1')).toBe(false);
    expect(await dedupe.seen('evt_1')).toBe(true);
  });
});
