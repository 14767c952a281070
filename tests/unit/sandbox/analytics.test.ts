/**
 * The analytics reports over HTTP (docs/tiktok-shop-api.md §10): the SDK's shapes, SKU ids as bare 19-digit JSON
 * integers, latest_available_date, revisions of recent days on an advance, 105005 for a shop without the scope, and
 * GET /__sandbox/counts equal to the rows served.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSandbox, type SandboxHandle, type Shop } from '../../../src/sandbox/index.js';
import { setAnalyticsScope } from '../../../src/sandbox/http/analytics-reports.js';
import { call } from './helpers.js';

const SHOP = '/analytics/202509/shop/performance';
const SKUS = '/analytics/202509/shop_skus/performance';
const PRODUCTS = '/analytics/202509/shop_products/performance';
const VIDEOS = '/analytics/202509/shop_videos/performance';
const LIVES = '/analytics/202509/shop_lives/performance';
/** 2025-06-01T12:00:00Z: noon UTC, the same day in every market's zone but the US one (still the 1st, 05:00). */
const NOW = 1_748_736_000 + 12 * 3600;

let sb: SandboxHandle;
let shops: Shop[];

beforeAll(async () => {
  sb = await startSandbox({ seed: 33, shops: 2, orders: 30, products: 10, days: 10, now: NOW });
  shops = sb.store.shops();
});
afterAll(async () => {
  await sb.close();
});

const days = (ge: string, lt: string) => ({ start_date_ge: ge, end_date_lt: lt });
const get = (path: string, shop: Shop, query: Record<string, string>) => call(sb, 'GET', path, { query: { shop_cipher: shop.cipher, ...query } });

describe('analytics reports', () => {
  test('Get Shop Performance: one interval per day with granularity 1D, up to latest_available_date (yesterday)', async () => {
    const shop = shops[0]!;
    const reply = await get(SHOP, shop, { ...days('2025-05-25', '2025-06-05'), granularity: '1D' });
    expect(reply.body.code).toBe(0);
    expect(reply.body.data.latest_available_date).toBe('2025-05-31');
    const intervals = reply.body.data.performance.intervals as Array<Record<string, any>>;
    expect(intervals.map((i) => i.start_date)).toEqual(['2025-05-25', '2025-05-26', '2025-05-27', '2025-05-28', '2025-05-29', '2025-05-30', '2025-05-31']);
    expect(intervals[0]!.sales.gmv.overall).toEqual({ amount: expect.stringMatching(/^\d+(\.\d+)?$/), currency: expect.any(String) });
    expect((await get(SHOP, shop, { start_date_ge: '2025-05-25' })).body.code).not.toBe(0);
  });

  test('the SKU list sends id and product_id as bare 19-digit integers', async () => {
    const reply = await get(SKUS, shops[0]!, { ...days('2025-05-30', '2025-05-31'), page_size: '100' });
    expect(reply.body.code).toBe(0);
    const ids = [...reply.text.matchAll(/"id":(\d+)/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(id).toHaveLength(19);
    expect(reply.text).toMatch(/"product_id":\d{19}[,}]/);
  });

  test('every list pages by page_token and carries latest_available_date', async () => {
    for (const [path, key] of [[PRODUCTS, 'products'], [SKUS, 'skus'], [VIDEOS, 'videos'], [LIVES, 'live_stream_sessions']] as const) {
      const seen: unknown[] = [];
      let token = '';
      do {
        const reply = await get(path, shops[1]!, { ...days('2025-05-22', '2025-06-01'), page_size: '3', ...(token ? { page_token: token } : {}) });
        expect([path, reply.body.code]).toEqual([path, 0]);
        expect(reply.body.data.latest_available_date).toMatch(/^2025-05-3[01]$/);
        seen.push(...(reply.body.data[key] as unknown[]));
        token = reply.body.data.next_page_token as string;
      } while (token);
      const counts = sb.counts({ ge: Date.parse('2025-05-22T00:00:00Z') / 1000, lt: Date.parse('2025-06-01T00:00:00Z') / 1000 }, shops[1]!.id);
      const stream = { products: 'product_performance', skus: 'sku_performance', videos: 'video_performance', live_stream_sessions: 'live_performance' }[key];
      expect([path, seen.length]).toEqual([path, (counts.total as unknown as Record<string, number>)[stream]]);
    }
  });

  test('an advance revises the recent days and makes new ones available', async () => {
    const shop = shops[1]!;
    const before = (await get(SHOP, shop, { ...days('2025-05-20', '2025-06-10'), granularity: '1D' })).body.data;
    sb.advance({ seconds: 86_400 });
    const after = (await get(SHOP, shop, { ...days('2025-05-20', '2025-06-10'), granularity: '1D' })).body.data;
    expect(after.latest_available_date > before.latest_available_date).toBe(true);
    const orders = (data: any) => new Map((data.performance.intervals as any[]).map((i) => [i.start_date, i.sales.orders_count]));
    const [b, a] = [orders(before), orders(after)];
    expect(a.get('2025-05-20')).toBe(b.get('2025-05-20'));
    expect(a.get(before.latest_available_date)).not.toBe(b.get(before.latest_available_date));
  });

  test('a shop without the analytics scope is refused with 105005; its other endpoints work', async () => {
    const shop = shops[0]!;
    setAnalyticsScope(sb.store, shop.id, false);
    try {
      for (const path of [SHOP, SKUS, PRODUCTS, VIDEOS, LIVES]) {
        const reply = await get(path, shop, { ...days('2025-05-25', '2025-05-26'), granularity: '1D' });
        expect([path, reply.body.code]).toEqual([path, 105005]);
      }
      expect((await get(SKUS, shops[1]!, days('2025-05-25', '2025-05-26'))).body.code).toBe(0);
    } finally {
      setAnalyticsScope(sb.store, shop.id, true);
    }
  });
});
