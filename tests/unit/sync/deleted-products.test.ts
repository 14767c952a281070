/**
 * Deleted products (docs/tiktok-shop-api.md §12.3): Search Products leaves DELETED products out unless asked for
 * that status, so each update_time window is read again with status DELETED, before the window counts as done.
 */
import { withExtraPasses } from '../../../src/sync/extra-passes.js';
import type { WindowedEvent } from '../../../src/sync/windowed-search.js';
import { FakeShopApi } from './fake-shop-api.js';
import { only, seconds, sync } from './fake-sync.js';

type Json = Record<string, unknown>;

const productSearches = (api: FakeShopApi) => api.calls.filter((c) => c.path.endsWith('/products/search'));

describe('deleted products', () => {
  test('a product deleted at the source arrives with status DELETED, from its search summary (no Get Product)', async () => {
    const api = new FakeShopApi(1, 5);
    const products = api.products.get(api.shops[0]!.id)!;
    const gone = products[5]!;
    gone.status = 'DELETED';
    const { code, records } = await sync(api, { selection: only('products', 'product_skus') });
    expect(code).toBe(0);
    const emitted = records('products');
    expect(emitted).toHaveLength(products.length);
    expect(emitted.find((p) => p.id === gone.id)).toMatchObject({ status: 'DELETED' });
    expect(records('product_skus').some((s) => s.product_id === gone.id)).toBe(true);
    expect(api.calls.some((c) => c.path.endsWith(`/products/${String(gone.id)}`))).toBe(false);
    // Every search for status DELETED has the same update_time bounds as a plain one before it.
    const plain = productSearches(api).filter((c) => (c.body as Json).status === undefined);
    const deleted = productSearches(api).filter((c) => (c.body as Json).status === 'DELETED');
    expect(deleted.length).toBeGreaterThan(0);
    const bounds = (c: (typeof plain)[number]) => `${String((c.body as Json).update_time_ge)}-${String((c.body as Json).update_time_le)}`;
    expect(new Set(deleted.map(bounds))).toEqual(new Set(plain.map(bounds)));
  });

  test('the bookmark covers a deleted product of the last window: the next run does not read it again', async () => {
    const api = new FakeShopApi(1, 5);
    const products = api.products.get(api.shops[0]!.id)!;
    const newest = products.at(-1)!;
    newest.status = 'DELETED';
    const { finalBookmark } = await sync(api, { selection: only('products') });
    expect(seconds(finalBookmark('products', api.shops[0]!.id)!.replication_key_value)).toBe(newest.update_time);
  });

  test('a window is done only after its extra pass; versions the plain read gave are not yielded twice', async () => {
    async function* plain(): AsyncGenerator<WindowedEvent<Json>> {
      yield { kind: 'page', items: [{ id: 'a', update_time: 5 }], from: 0, to: 9, requestId: 'R1' };
      yield { kind: 'windowDone', from: 0, to: 9, maxUpdateTime: 5, shortfall: 0 };
      yield { kind: 'windowDone', from: 10, to: 19, maxUpdateTime: undefined, shortfall: 1 };
    }
    const asked: string[] = [];
    async function* deleted(filters: Readonly<Record<string, unknown>>, from: number, to: number): AsyncGenerator<WindowedEvent<Json>> {
      asked.push(`${String(filters.status)} ${from}-${to}`);
      yield { kind: 'page', items: [{ id: 'a', update_time: 5 }, { id: `d${from}`, update_time: from + 1 }], from, to, requestId: 'R2' };
      yield { kind: 'windowDone', from, to, maxUpdateTime: from + 1, shortfall: 2 };
    }
    const events: unknown[] = [];
    for await (const event of withExtraPasses(plain(), [{ status: 'DELETED' }], deleted, 'id', 'update_time')) {
      events.push(event.kind === 'page' ? event.items.map((i) => i.id) : `done ${event.from}-${event.to} short ${event.shortfall}`);
    }
    expect(asked).toEqual(['DELETED 0-9', 'DELETED 10-19']);
    // In window 10-19, "a" is new to the window, so it is yielded there.
    expect(events).toEqual([['a'], ['d0'], 'done 0-9 short 2', ['a', 'd10'], 'done 10-19 short 3']);
  });
});
