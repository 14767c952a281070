/** Quirk G1: orders updated while a search pages through them (page tokens are offsets into the live set). */
import { describe, expect, test } from '@jest/globals';
import { startSandbox } from '../../../src/sandbox/index.js';
import { ORDERS, call, pageAll } from './helpers.js';

async function offsetPager(movingUpdates: number) {
  const sb = await startSandbox({ seed: 21, shops: 1, orders: 300, products: 20, movingUpdates });
  try {
    const shop = sb.store.shops()[0]!;
    const clockBefore = sb.store.clock();
    const got = await pageAll(sb, ORDERS, shop.cipher, 'orders', {
      pageSize: 20, sortField: 'update_time', sortOrder: 'ASC', body: { update_time_ge: 0 },
    });
    const ids = got.items.map((o) => o.id as string);
    const all = sb.store.orders(shop.id).map((o) => o.id);
    return {
      pages: got.pages,
      duplicates: ids.length - new Set(ids).size,
      missing: all.filter((id) => !ids.includes(id)).length,
      movedInStore: sb.store.orders(shop.id).filter((o) => o.update_time > clockBefore).length,
      clockMoved: sb.store.clock() - clockBefore,
      stats: sb.stats(),
    };
  } finally {
    await sb.close();
  }
}

describe('movingUpdates (G1)', () => {
  test('off: an offset pager sees every order exactly once', async () => {
    const r = await offsetPager(0);
    expect(r.duplicates).toBe(0);
    expect(r.missing).toBe(0);
    expect(r.movedInStore).toBe(0);
    expect(r.stats.moved_updates).toBe(0);
  });

  test('on: update_time moves forward during paging, so an offset pager repeats and misses rows', async () => {
    const r = await offsetPager(2);
    // Every order search moved two orders.
    expect(r.stats.moved_updates).toBe(2 * r.pages);
    expect(r.movedInStore).toBeGreaterThan(0);
    expect(r.clockMoved).toBe(r.stats.moved_updates);
    expect(r.duplicates).toBeGreaterThan(0);
    expect(r.missing).toBeGreaterThan(0);
  });

  test('on: a pager that re-queries from the last update_time seen (keyset) misses nothing', async () => {
    const sb = await startSandbox({ seed: 21, shops: 1, orders: 300, products: 20, movingUpdates: 2 });
    try {
      const shop = sb.store.shops()[0]!;
      const seen = new Set<string>();
      let ge = 0;
      // Only the first page of each query, raising the lower bound to the last update_time seen: rows moved
      // meanwhile sort after it, so they are read again later and nothing is skipped.
      for (let k = 0; k < 200; k++) {
        const res = await call(sb, 'POST', ORDERS, {
          query: { shop_cipher: shop.cipher, page_size: '100', sort_field: 'update_time', sort_order: 'ASC' },
          body: { update_time_ge: ge },
        });
        const items = res.body.data.orders as { id: string; update_time: number }[];
        for (const o of items) seen.add(o.id);
        if (items.length < 100) break;
        ge = items[items.length - 1]!.update_time;
      }
      expect(sb.stats().moved_updates).toBeGreaterThan(0);
      expect(sb.store.orders(shop.id).filter((o) => !seen.has(o.id))).toEqual([]);
    } finally {
      await sb.close();
    }
  });
});
