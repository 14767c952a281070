import { describe, expect, test } from '@jest/globals';
import type { ApiCall } from '../../../src/sync/api-caller.js';
import { seconds, sync } from './fake-sync.js';
import { FakeShopApi, refusal } from './fake-shop-api.js';

const macrotask = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Price detail answered a few event-loop turns late, an earlier order later than a later one (so later pages can
 * settle first); records which orders' calls were open at once.
 */
class SlowPriceDetail extends FakeShopApi {
  private readonly open = new Set<string>();
  private issued = 0;
  maxOpen = 0;

  override async request<T>(call: ApiCall): Promise<{ data: T; requestId: string }> {
    if (!call.path.endsWith('/price_detail')) return super.request<T>(call);
    const order = call.path.split('/')[4]!;
    this.open.add(order);
    this.maxOpen = Math.max(this.maxOpen, this.open.size);
    const turns = 8 - (this.issued++ % 8);
    for (let i = 0; i < turns; i++) await macrotask();
    this.open.delete(order);
    return super.request<T>(call);
  }
}

describe('per-order calls across pages', () => {
  test('the calls of later pages start before those of an earlier page are answered', async () => {
    const api = new SlowPriceDetail(1, 60); // page_size 10 in fake-sync: six pages
    const { code, records } = await sync(api);
    expect(code).toBe(0);
    expect(records('order_line_item_price_detail')).toHaveLength(120);
    // One page's calls alone are at most 10 open at once.
    expect(api.maxOpen).toBeGreaterThan(10);
  });

  test('pages settling out of order: no STATE ever covers an order whose price detail is not written before it', async () => {
    const api = new SlowPriceDetail(2, 60);
    // A STATE at every checkpoint; a few analytics days, not the default 90, whose daily checkpoints (each STATE
    // checked below) were nearly all of this test's time and have nothing to do with orders.
    const { messages } = await sync(api, { stateIntervalMs: 0, config: { analytics_history_days: 5 } });
    const priced = new Set<string>();
    let states = 0;
    for (const m of messages) {
      if (m.type === 'RECORD' && m.stream === 'order_line_item_price_detail') priced.add(m.record!.line_item_id as string);
      if (m.type !== 'STATE') continue;
      for (const partition of m.value!.bookmarks.orders?.partitions ?? []) {
        states++;
        for (const order of api.orders.get(partition.context.shop_id)!) {
          if ((order.update_time as number) >= seconds(partition.replication_key_value)) continue;
          for (const li of order.line_items as Array<{ id: string }>) expect(priced.has(li.id)).toBe(true);
        }
      }
    }
    expect(states).toBeGreaterThan(4);
  });

  test('a search failing while pages run: the pages started before it are still finished, so their bookmark is kept', async () => {
    const api = new SlowPriceDetail(1, 60);
    let searches = 0;
    api.failWith = (call) => (call.path.endsWith('/orders/search') && ++searches === 4 ? refusal(36009009, 'bad_request', 'POST /order/202309/orders/search') : undefined);
    const { code, finalBookmark } = await sync(api, { stateIntervalMs: 0 });
    expect(code).not.toBe(0);
    const shopId = api.shops[0]!.id;
    const bookmark = seconds(finalBookmark('orders', shopId)!.replication_key_value);
    // Pages 2 and 3 were running when the fourth search failed; the first page alone would leave the bookmark
    // short of ten orders (the bookmark lags a query behind the pages read).
    const covered = api.orders.get(shopId)!.filter((order) => (order.update_time as number) < bookmark).length;
    expect(covered).toBeGreaterThanOrEqual(10);
  });
});
