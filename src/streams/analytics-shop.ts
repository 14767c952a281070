import type { ShopPerformanceRecord } from '../generated/records.js';
import type { FamilyDecl, Json } from '../sync/declaration.js';
import { ENDPOINTS } from '../tiktok/endpoints.js';
import { ANALYTICS_GRANT, amountOf, analyticsRead, currencyOf, dateValue, isObject, listOrNull, numberOrNull, stringOrNull } from './analytics.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';

/** Days one Get Shop Performance call covers: with granularity 1D it answers one interval per day (§10.2). */
const SHOP_PERFORMANCE_DAYS_PER_CALL = 30;

const objectAt = (value: unknown, key: string): Json | undefined => (isObject(value) && isObject(value[key]) ? (value[key] as Json) : undefined);

/**
 * One daily interval of Get Shop Performance as its record (§10.2). Money stays the decimal strings TikTok sends; a
 * breakdown the market does not report (gross revenue by ads in the US and JP) is null, not an error.
 */
export function shopPerformanceRecord(interval: Json, shopId: string): ShopPerformanceRecord {
  const sales = objectAt(interval, 'sales');
  const traffic = objectAt(interval, 'traffic');
  const gmv = objectAt(sales, 'gmv');
  const grossRevenue = objectAt(sales, 'gross_revenue');
  return asRecord<ShopPerformanceRecord>({
    shop_id: shopId,
    date: typeof interval.start_date === 'string' ? dateValue(interval.start_date) : null,
    gmv: amountOf(gmv?.overall),
    currency: currencyOf(gmv?.overall, grossRevenue?.overall, sales?.refunds),
    gmv_breakdowns: listOrNull(gmv?.breakdowns),
    gross_revenue: amountOf(grossRevenue?.overall),
    gross_revenue_breakdowns: listOrNull(grossRevenue?.breakdowns),
    orders_count: numberOrNull(sales?.orders_count),
    items_sold: numberOrNull(sales?.items_sold),
    sku_orders_count: numberOrNull(sales?.sku_orders_count),
    avg_customers_count: numberOrNull(sales?.avg_customers_count),
    refunds: amountOf(sales?.refunds),
    avg_page_views: numberOrNull(traffic?.avg_page_views),
    avg_visitors: numberOrNull(traffic?.avg_visitors),
    avg_conversion_rate: stringOrNull(traffic?.avg_conversation_rate),
  });
}

export const SHOP_PERFORMANCE_STREAMS = [
  declareStream('shop_performance', ['shop_id', 'date'], { incremental: 'date' }, 'Get Shop Performance (analytics 202509), daily intervals; the last analytics_lookback_days are read again'),
];

export const SHOP_PERFORMANCE_FAMILY: FamilyDecl = {
  root: 'shop_performance',
  read: analyticsRead(ENDPOINTS.shopPerformance, {
    query: { granularity: '1D' },
    daysPerCall: SHOP_PERFORMANCE_DAYS_PER_CALL,
    rows: (data) => {
      const intervals = objectAt(data, 'performance')?.intervals;
      if (!Array.isArray(intervals)) return [];
      return intervals.filter(isObject).flatMap((interval) => (typeof interval.start_date === 'string' ? [{ day: interval.start_date, item: interval }] : []));
    },
  }),
  records: (item, shopId) => ({ record: shopPerformanceRecord(item, shopId) }),
  grant: ANALYTICS_GRANT,
};
