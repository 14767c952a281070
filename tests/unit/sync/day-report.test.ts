import type { ApiCall } from '../../../src/sync/api-caller.js';
import { planDays } from '../../../src/sync/day-report.js';
import { MissingScopeError } from '../../../src/tiktok/errors.js';
import { FakeShopApi } from './fake-shop-api.js';
import { only, sync } from './fake-sync.js';

type Json = Record<string, unknown>;

const at = (iso: string): number => Date.parse(iso) / 1000;
const DAY = 86_400;

describe('the days a report read plans', () => {
  const base = { startDate: at('2026-01-01T00:00:00Z'), endDate: undefined, syncStart: at('2027-01-15T03:00:00Z') };

  test('up to yesterday in the shop’s zone: Los Angeles is still on the 14th at 03:00 UTC, Tokyo already on the 15th', () => {
    expect(planDays({ ...base, bookmark: undefined }, 'America/Los_Angeles', 3, 10)).toEqual({ first: '2027-01-04', last: '2027-01-13' });
    expect(planDays({ ...base, bookmark: undefined }, 'Asia/Tokyo', 3, 10)).toEqual({ first: '2027-01-05', last: '2027-01-14' });
  });

  test('a first run reads start_date’s day when that is within the history limit', () => {
    expect(planDays({ ...base, startDate: at('2027-01-10T12:00:00Z'), bookmark: undefined }, 'UTC', 3, 90)).toEqual({ first: '2027-01-10', last: '2027-01-14' });
  });

  test('with a bookmark: the lookback days up to it again, then the new ones; 0 = only the new ones', () => {
    const bookmark = at('2027-01-10T00:00:00Z');
    expect(planDays({ ...base, bookmark }, 'UTC', 3, 90)).toEqual({ first: '2027-01-08', last: '2027-01-14' });
    expect(planDays({ ...base, bookmark }, 'UTC', 0, 90)).toEqual({ first: '2027-01-11', last: '2027-01-14' });
  });

  test('never before start_date, never on or after end_date; nothing when the bookmark is yesterday and no lookback', () => {
    const bookmark = at('2027-01-10T00:00:00Z');
    expect(planDays({ ...base, bookmark, startDate: at('2027-01-10T00:00:00Z') }, 'UTC', 5, 90)).toEqual({ first: '2027-01-10', last: '2027-01-14' });
    expect(planDays({ ...base, bookmark, endDate: at('2027-01-12T00:00:00Z') }, 'UTC', 1, 90)).toEqual({ first: '2027-01-10', last: '2027-01-11' });
    expect(planDays({ ...base, bookmark: at('2027-01-14T00:00:00Z') }, 'UTC', 0, 90)).toBeUndefined();
  });
});

/** A shop whose analytics cover the days up to `latest`; each day's numbers carry `revision` so re-reads show. */
class AnalyticsShop extends FakeShopApi {
  latest = '2027-01-13';
  revision = 1;
  scopeMissing = new Set<string>();

  constructor() {
    super(2, 3);
  }

  override async request<T>(call: ApiCall): Promise<{ data: T; requestId: string }> {
    if (!call.path.startsWith('/analytics/')) return super.request<T>(call);
    this.calls.push(call);
    if (this.scopeMissing.has(call.shop!.id)) {
      throw new MissingScopeError({ action: 'fatal', reason: 'missing_scope', hint: 'h', endpoint: `GET ${call.path}`, code: 105005, message: 'no analytics scope', requestId: 'r' });
    }
    const q = call.query as Record<string, string>;
    const days: string[] = [];
    for (let t = Date.parse(`${q.start_date_ge}T00:00:00Z`); t < Date.parse(`${q.end_date_lt}T00:00:00Z`); t += DAY * 1000) {
      const day = new Date(t).toISOString().slice(0, 10);
      if (day <= this.latest) days.push(day);
    }
    const money = (amount: string) => ({ amount, currency: 'GBP' });
    const data = (json: Json) => ({ data: { latest_available_date: this.latest, ...json } as T, requestId: 'r' });
    if (call.path.endsWith('/shop/performance')) {
      return data({
        performance: {
          intervals: days.map((day) => ({
            start_date: day,
            end_date: day,
            sales: { gmv: { overall: money(`${this.revision}00.50`), breakdowns: [{ type: 'LIVE', gmv: money('1.00') }] }, orders_count: 4, refunds: money('0') },
            traffic: { avg_page_views: 10, avg_visitors: 5, avg_conversation_rate: '0.1' },
          })),
        },
      });
    }
    const page = (key: string, item: Json) => data({ [key]: days.length ? [item] : [], next_page_token: '', total_count: days.length ? 1 : 0 });
    if (call.path.endsWith('/shop_skus/performance')) return page('skus', { id: '1732333333333333629', product_id: 123456789, gmv: money('9.99'), sku_orders: this.revision, units_sold: 2 });
    if (call.path.endsWith('/shop_products/performance')) return page('products', { id: '1729000000000000001', overall_performance: { gmv: money('9.99'), items_sold: 2, orders: 1 } });
    if (call.path.endsWith('/shop_videos/performance')) return page('videos', { id: '7300000000000000001', title: 'v', gmv: money('1.00'), gpm: money('2.00'), views: 3 });
    return page('live_stream_sessions', { id: '7400000000000000001', start_time: '1768000000', end_time: '1768003600', sales_performance: { gmv: money('5.00') } });
  }
}

const ANALYTICS = ['shop_performance', 'product_performance', 'sku_performance', 'video_performance', 'live_performance'];
const SYNC_START = at('2027-01-15T03:00:00Z');
const config = { start_date: '2027-01-01T00:00:00Z', analytics_lookback_days: 2 };

describe('analytics streams read by days', () => {
  test('one record per day and item, ids as strings, GMV and nulls where a breakdown is not reported; bookmark at the last day TikTok has', async () => {
    const api = new AnalyticsShop();
    const run = await sync(api, { selection: only(...ANALYTICS), config, syncStart: SYNC_START });
    expect(run.code).toBe(0);
    const shopId = api.shops[0]!.id;
    const days = run.records('shop_performance').filter((r) => r.shop_id === shopId).map((r) => r.date);
    expect(days).toEqual(Array.from({ length: 13 }, (_, i) => `2027-01-${String(i + 1).padStart(2, '0')}T00:00:00Z`));
    const day = run.records('shop_performance')[0]!;
    expect(day).toMatchObject({ gmv: '100.50', currency: 'GBP', orders_count: 4, refunds: '0', gross_revenue: null, gross_revenue_breakdowns: null, avg_conversion_rate: '0.1' });
    expect(run.records('sku_performance')[0]).toMatchObject({ id: '1732333333333333629', product_id: '123456789', gmv: '9.99', date: '2027-01-01T00:00:00Z' });
    expect(run.records('sku_performance')).toHaveLength(2 * 13);
    expect(run.records('live_performance')[0]).toMatchObject({ gmv: '5.00', start_time: '2026-01-09T23:06:40Z' });
    expect(run.finalBookmark('sku_performance', shopId)!.replication_key_value).toBe('2027-01-13T00:00:00Z');
    // Never a day past latest_available_date: the 14th (yesterday in UTC) is not asked for beyond the first call that said so.
    expect(run.records('product_performance').some((r) => r.date === '2027-01-14T00:00:00Z')).toBe(false);
  });

  test('a first run counts its history back from latest_available_date, found with one call for yesterday', async () => {
    const api = new AnalyticsShop();
    api.latest = '2026-12-20';
    const run = await sync(api, { selection: only('sku_performance'), config: { ...config, start_date: '2026-01-01T00:00:00Z', analytics_history_days: 5 }, syncStart: SYNC_START });
    expect(run.code).toBe(0);
    const shopId = api.shops[0]!.id;
    const asked = api.calls.filter((c) => c.path.endsWith('/shop_skus/performance') && c.shop!.id === shopId).map((c) => (c.query as Record<string, string>).start_date_ge);
    expect(asked).toEqual(['2027-01-14', '2026-12-16', '2026-12-17', '2026-12-18', '2026-12-19', '2026-12-20']);
    expect(run.records('sku_performance').filter((r) => r.shop_id === shopId)).toHaveLength(5);
  });

  test('the next run reads the lookback days up to the bookmark again, then the new ones, and emits their revised numbers', async () => {
    const api = new AnalyticsShop();
    const first = await sync(api, { selection: only(...ANALYTICS), config, syncStart: SYNC_START });
    api.latest = '2027-01-15';
    api.revision = 2;
    api.calls.length = 0;
    const second = await sync(api, { selection: only(...ANALYTICS), config, state: first.state(), syncStart: SYNC_START + 2 * DAY });
    expect(second.code).toBe(0);
    const shopId = api.shops[0]!.id;
    const asked = api.calls.filter((c) => c.path.endsWith('/shop_skus/performance') && c.shop!.id === shopId).map((c) => (c.query as Record<string, string>).start_date_ge);
    expect(asked).toEqual(['2027-01-12', '2027-01-13', '2027-01-14', '2027-01-15']);
    const skus = second.records('sku_performance').filter((r) => r.shop_id === shopId);
    expect(skus.map((r) => [r.date, r.sku_orders])).toEqual(['12', '13', '14', '15'].map((d) => [`2027-01-${d}T00:00:00Z`, 2]));
    const shopCalls = api.calls.filter((c) => c.path.endsWith('/shop/performance') && c.shop!.id === shopId).map((c) => c.query);
    // Get Shop Performance covers the days in one call up to yesterday (the 16th); the interval past latest_available_date is not written.
    expect(shopCalls).toEqual([expect.objectContaining({ start_date_ge: '2027-01-12', end_date_lt: '2027-01-17', granularity: '1D', currency: 'LOCAL' })]);
    expect(second.records('shop_performance').filter((r) => r.shop_id === shopId).map((r) => r.date)).toEqual(['12', '13', '14', '15'].map((d) => `2027-01-${d}T00:00:00Z`));
    expect(second.finalBookmark('shop_performance', shopId)!.replication_key_value).toBe('2027-01-15T00:00:00Z');
  });

  test('a shop without the analytics scope fails only the analytics families, with one line naming the scope', async () => {
    const api = new AnalyticsShop();
    const [lacking, fine] = api.shops;
    api.scopeMissing.add(lacking!.id);
    const run = await sync(api, { selection: only('orders', ...ANALYTICS), config: { ...config, start_date: '2023-01-01T00:00:00Z' }, syncStart: SYNC_START });
    expect(run.code).not.toBe(0);
    const lines = run.logs.split('\n').filter((line) => line.includes('data.shop_analytics.public.read'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/shop_performance, product_performance, sku_performance, video_performance and live_performance/);
    // One refused request: the other analytics families of that shop are failed without asking.
    expect(api.calls.filter((c) => c.path.startsWith('/analytics/') && c.shop!.id === lacking!.id)).toHaveLength(1);
    expect(run.records('orders').some((r) => r.shop_id === lacking!.id)).toBe(true);
    expect(run.records('sku_performance').every((r) => r.shop_id === fine!.id)).toBe(true);
    expect(run.records('sku_performance').length).toBeGreaterThan(0);
  });
});
