/**
 * affiliate_orders and affiliate_order_skus (Search Seller Affiliate Orders 202410, docs/tiktok-shop-api.md §12.2):
 * the documented sample makes valid records; the engine reads create_time windows with the affiliate_lookback_days
 * trailing window; a grant without the affiliate scope fails only this family.
 */
import { validateConfig } from '../../../src/config.js';
import { affiliateOrderRecords } from '../../../src/streams/affiliate-orders.js';
import type { ApiCall } from '../../../src/sync/api-caller.js';
import { MissingScopeError } from '../../../src/tiktok/errors.js';
import { errorsOf, loadSample } from '../schemas/schema-helpers.js';
import { FakeShopApi } from './fake-shop-api.js';
import { only, seconds, sync } from './fake-sync.js';

const DAY = 86_400;
const NOW = 1_700_000_000 + 40 * DAY;
const AFFILIATE = ['affiliate_orders', 'affiliate_order_skus'];

type Json = Record<string, unknown>;

/** The fake shop, with affiliate orders: one per 10 minutes over the last 30 days, two SKU lines each. */
class AffiliateShop extends FakeShopApi {
  readonly affiliate: Json[] = Array.from({ length: 30 * 6 }, (_, i) => ({
    id: `5791255294991${String(i).padStart(5, '0')}`,
    create_time: NOW - 30 * DAY + i * 14_400,
    status: i % 3 === 0 ? 'COMPLETED' : 'PROCESSING',
    skus: [0, 1].map((k) => ({ product_id: `17295031794570${k}`, creator_username: `c${i}`, content_type: 'VIDEO', content_id: `749${i}${k}`, commission_rate: '1000', estimated_paid_commission: { amount: '1.25', currency: 'USD' } })),
  }));
  missingScope = false;

  override async request<T>(call: ApiCall): Promise<{ data: T; requestId: string }> {
    if (!call.path.startsWith('/affiliate_seller/')) return super.request<T>(call);
    this.calls.push(call);
    if (this.missingScope) {
      throw new MissingScopeError({ action: 'fatal', reason: 'missing_scope', hint: 'the app lacks the scope', endpoint: `POST ${call.path}`, code: 105005, message: 'Access denied', requestId: 'r' });
    }
    const body = call.body as { create_time_ge: number; create_time_lt: number };
    const rows = this.affiliate.filter((o) => (o.create_time as number) >= body.create_time_ge && (o.create_time as number) < body.create_time_lt).reverse();
    const offset = Number(call.query?.page_token || 0);
    const size = Number(call.query?.page_size);
    const data = { orders: structuredClone(rows.slice(offset, offset + size)), total_count: rows.length, next_page_token: offset + size < rows.length ? String(offset + size) : '' };
    return { data: data as T, requestId: `a${this.calls.length}` };
  }
}

const searches = (api: FakeShopApi) => api.calls.filter((c) => c.path === '/affiliate_seller/202410/orders/search');

describe('affiliate orders', () => {
  test("the documented sample makes valid records: the order without its skus, each line keyed by the order id and its position", () => {
    const sample = loadSample('affiliate-orders-search');
    const [item] = sample.data.orders;
    const { order, skus } = affiliateOrderRecords(item, '7495310022158813040');
    expect(errorsOf('affiliate_orders', order)).toEqual([]);
    expect(order).not.toHaveProperty('skus');
    expect(skus).toHaveLength(1);
    expect(errorsOf('affiliate_order_skus', skus[0])).toEqual([]);
    expect(skus[0]).toMatchObject({
      order_id: '579125529499110202', line_index: '0', shop_id: '7495310022158813040', create_time: 1722420186,
      creator_username: 'exampleTikTokCreatorUsername', content_type: 'LIVE', content_id: '7493990579714164574',
      commission_rate: '1000', actual_paid_commission: { amount: '10000', currency: 'VND' },
    });
  });

  test('a sync reads create_time windows (create_time_ge / create_time_lt in the body) and emits every order and line once', async () => {
    const api = new AffiliateShop(1, 5);
    const { code, records, finalBookmark } = await sync(api, { syncStart: NOW, selection: only(...AFFILIATE) });
    expect(code).toBe(0);
    expect(records('affiliate_orders')).toHaveLength(api.affiliate.length);
    expect(records('affiliate_order_skus')).toHaveLength(api.affiliate.length * 2);
    const keys = records('affiliate_order_skus').map((r) => `${String(r.order_id)}/${String(r.line_index)}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const call of searches(api)) {
      expect(Object.keys(call.body as Json).sort()).toEqual(['create_time_ge', 'create_time_lt']);
      expect(Number(call.query!.page_size)).toBeLessThanOrEqual(100);
    }
    const newest = Math.max(...api.affiliate.map((o) => o.create_time as number));
    expect(seconds(finalBookmark('affiliate_orders', api.shops[0]!.id)!.replication_key_value)).toBe(newest);
  });

  test('every run reads the last affiliate_lookback_days again (statuses and commissions settle later); 0 reads only lookback_window', async () => {
    const api = new AffiliateShop(1, 5);
    const first = await sync(api, { syncStart: NOW, selection: only(...AFFILIATE) });
    const bookmark = seconds(first.finalBookmark('affiliate_orders', api.shops[0]!.id)!.replication_key_value);
    const firstGe = (run: FakeShopApi) => Math.min(...searches(run).map((c) => (c.body as { create_time_ge: number }).create_time_ge));

    const again = new AffiliateShop(1, 5);
    const week = await sync(again, { syncStart: NOW + 3600, state: first.state(), selection: only(...AFFILIATE), config: { affiliate_lookback_days: 7, lookback_window: 0 } });
    expect(week.code).toBe(0);
    expect(firstGe(again)).toBe(bookmark - 7 * DAY);
    expect(week.records('affiliate_orders').length).toBe(api.affiliate.filter((o) => (o.create_time as number) >= bookmark - 7 * DAY).length);

    const none = new AffiliateShop(1, 5);
    await sync(none, { syncStart: NOW + 3600, state: first.state(), selection: only(...AFFILIATE), config: { affiliate_lookback_days: 0, lookback_window: 0 } });
    expect(firstGe(none)).toBe(bookmark);
  });

  test('affiliate_lookback_days: 60 by default, 0 allowed, a negative value refused naming it', () => {
    const base = { app_key: 'k', app_secret: 's', refresh_token: 'r' };
    expect(validateConfig(base, { requireCredentials: true }).affiliate_lookback_days).toBe(60);
    expect(validateConfig({ ...base, affiliate_lookback_days: 0 }, { requireCredentials: true }).affiliate_lookback_days).toBe(0);
    expect(() => validateConfig({ ...base, affiliate_lookback_days: -1 }, { requireCredentials: true })).toThrow(/"affiliate_lookback_days" must be >= 0/);
  });

  test('105005 fails only the affiliate family, with one line naming the scope; the other streams sync (exit 3)', async () => {
    const api = new AffiliateShop(1, 10);
    api.missingScope = true;
    const { code, logs, records } = await sync(api, { syncStart: NOW });
    expect(code).toBe(3);
    expect(logs).toMatch(/lacks the Affiliate scope \(seller\.affiliate_collaboration\.read\)/);
    expect(records('affiliate_orders')).toHaveLength(0);
    expect(records('orders').length).toBeGreaterThan(0);
    expect(records('products').length).toBeGreaterThan(0);
  });
});
