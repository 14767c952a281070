/**
 * The analytics reports the sandbox serves (docs/tiktok-shop-api.md §10), over the data of data/analytics.ts: the
 * four performance lists as searches with a day window (`days`), Get Shop Performance as a per-call reply, every
 * one refused with 105005 for a shop whose grant lacks the analytics scope, and their counts for GET
 * /__sandbox/counts.
 */
import { analyticsDays, daySeconds, daysWithData, liveRows, productRows, shopInterval, skuRows, videoRows } from '../data/analytics.js';
import type { DataContext } from '../data/generation.js';
import { MISSING_SCOPE_CODE } from '../data/finance-views.js';
import type { ShopState } from '../data/state.js';
import { inWindow, type TimeWindow } from '../data/views.js';
import type { CountsReport, Store } from '../store.js';
import { ENDPOINTS, type EndpointSpec } from '../../tiktok/endpoints.js';
import { param } from './api-error.js';
import type { ApiEnv } from './api-env.js';
import type { DetailSpec } from './detail-spec.js';
import { defineSearch, type SearchParams, type SearchSpec } from './search.js';

type Rows = (gen: DataContext, shop: ShopState, clock: number, day: string) => string[];

/** Shops whose grant lacks the analytics scope, per sandbox. */
const withoutScope = new WeakMap<Store, Set<string>>();

/** Takes the analytics scope from a shop's grant (false) or gives it back: its analytics calls answer 105005. */
export function setAnalyticsScope(store: Store, shopId: string, granted: boolean): void {
  store.shop(shopId);
  const set = withoutScope.get(store) ?? new Set<string>();
  withoutScope.set(store, set);
  if (granted) set.delete(shopId);
  else set.add(shopId);
}

/** The refusal for a shop without the analytics scope, if it has none. */
export function analyticsScopeError(store: Store, shop: ShopState): { code: number; message: string } | undefined {
  return withoutScope.get(store)?.has(shop.info.id) ? { code: MISSING_SCOPE_CODE, message: 'Access denied: the app lacks the data.shop_analytics.public.read scope' } : undefined;
}

/** Both dates are required (§10.1). */
function requireDays(p: SearchParams | { times: SearchParams['times'] }): { ge: number; lt: number } {
  const window = p.times['date'];
  if (window?.ge === undefined || window.lt === undefined) throw param('start_date_ge and end_date_lt are required');
  if (window.lt <= window.ge) throw param('end_date_lt must be after start_date_ge');
  return { ge: window.ge, lt: window.lt };
}

/**
 * A performance list: the rows of every day of the window, paged. (TikTok sums a multi-day window per item; the
 * sandbox lists each day's rows, which is the same for the one-day windows the tap asks for.)
 */
function report(endpoint: EndpointSpec, rows: Rows): SearchSpec<ApiEnv> {
  const key = endpoint.itemsKey!;
  return defineSearch<never, ApiEnv>({
    endpoint,
    days: { ge: 'start_date_ge', lt: 'end_date_lt' },
    pageSize: { default: 10 },
    grant: 'analytics',
    check: (p) => void requireDays(p),
    page(env, shop, p, offset, size) {
      const { ge, lt } = requireDays(p);
      const clock = env.store.clock();
      const all = daysWithData(env.gen, shop, clock, ge, lt).flatMap((day) => rows(env.gen, shop, clock, day));
      const { latest } = analyticsDays(env.gen, shop, clock);
      const page = all.slice(offset, offset + size);
      // Text, not an object: the SKU list's ids are bare integers of 19 digits, which JSON.stringify cannot write.
      const data = `{"${key}":[${page.join(',')}],"total_count":${all.length},"latest_available_date":"${latest}"}`;
      return { data, next: offset + size < all.length ? offset + size : undefined };
    },
  });
}

export const ANALYTICS_SEARCHES: readonly SearchSpec<ApiEnv>[] = [
  report(ENDPOINTS.shopProductPerformance, productRows),
  report(ENDPOINTS.shopSkuPerformance, skuRows),
  report(ENDPOINTS.shopVideoPerformance, videoRows),
  report(ENDPOINTS.shopLivePerformance, liveRows),
];

/** Get Shop Performance: one interval per day of the window with granularity 1D (§10.2). */
export const SHOP_PERFORMANCE: DetailSpec = {
  endpoint: ENDPOINTS.shopPerformance,
  grant: 'analytics',
  reply(env, shop, _path, query) {
    const read = (name: string): number | undefined => {
      const v = query[name];
      if (v === undefined || v === '') return undefined;
      if (!/^\d{4}-\d\d-\d\d$/.test(v) || Number.isNaN(Date.parse(v))) throw param(`${name} must be a date YYYY-MM-DD`);
      return daySeconds(v);
    };
    const { ge, lt } = requireDays({ times: { date: { ge: read('start_date_ge'), lt: read('end_date_lt') } } });
    if ((query['granularity'] ?? 'ALL') !== '1D') throw param('the sandbox serves granularity=1D only');
    const clock = env.store.clock();
    const intervals = daysWithData(env.gen, shop, clock, ge, lt).map((day) => shopInterval(env.gen, shop, clock, day));
    return JSON.stringify({ latest_available_date: analyticsDays(env.gen, shop, clock).latest, performance: { intervals } });
  },
};

/** Adds the analytics streams' counts: every row of every day up to latest_available_date (a window on the day). */
export function withAnalyticsCounts(report: CountsReport, store: Store, window: TimeWindow): CountsReport {
  const total = report.total as unknown as Record<string, number>;
  const streams: Array<[string, Rows]> = [
    ['shop_performance', () => ['1']],
    ['product_performance', productRows],
    ['sku_performance', skuRows],
    ['video_performance', videoRows],
    ['live_performance', liveRows],
  ];
  const clock = store.clock();
  for (const [shopId, byShop] of Object.entries(report.by_shop)) {
    const shop = store.shop(shopId);
    const out = byShop as unknown as Record<string, number>;
    const days = daysWithData(store.data, shop, clock, undefined, undefined).filter((day) => inWindow(daySeconds(day), window));
    for (const [stream, rows] of streams) {
      out[stream] = days.reduce((sum, day) => sum + rows(store.data, shop, clock, day).length, 0);
      total[stream] = (total[stream] ?? 0) + out[stream];
    }
  }
  return report;
}
