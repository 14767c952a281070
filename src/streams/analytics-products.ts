import type { ProductPerformanceRecord, SkuPerformanceRecord } from '../generated/records.js';
import type { FamilyDecl, Json } from '../sync/declaration.js';
import { ENDPOINTS } from '../tiktok/endpoints.js';
import { ANALYTICS_GRANT, amountOf, analyticsRead, currencyOf, idString, isObject, listRows, numberOrNull } from './analytics.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';

/** A product's row of one day (§10.3): its overall_performance flattened into columns. */
export function productPerformanceRecord(item: Json, shopId: string): ProductPerformanceRecord {
  const overall = isObject(item.overall_performance) ? item.overall_performance : {};
  return asRecord<ProductPerformanceRecord>({
    id: idString(item.id),
    shop_id: shopId,
    date: item.date,
    gmv: amountOf(overall.gmv),
    currency: currencyOf(overall.gmv),
    items_sold: numberOrNull(overall.items_sold),
    orders: numberOrNull(overall.orders),
  });
}

/**
 * A SKU's row of one day (§10.4). `id` and `product_id` are JSON integers of up to 19 digits: the reply reader kept
 * the long ones as strings of their digits (src/tiktok/big-integers.ts), the short ones are numbers; both become
 * strings here, like every id of the tap.
 */
export function skuPerformanceRecord(item: Json, shopId: string): SkuPerformanceRecord {
  return asRecord<SkuPerformanceRecord>({
    id: idString(item.id),
    shop_id: shopId,
    date: item.date,
    product_id: idString(item.product_id),
    gmv: amountOf(item.gmv),
    currency: currencyOf(item.gmv),
    sku_orders: numberOrNull(item.sku_orders),
    units_sold: numberOrNull(item.units_sold),
  });
}

export const PRODUCT_PERFORMANCE_STREAMS = [
  declareStream('product_performance', ['id', 'date'], { incremental: 'date' }, 'Get Shop Product Performance List (analytics 202509), one-day windows; the last analytics_lookback_days are read again'),
];

export const SKU_PERFORMANCE_STREAMS = [
  declareStream('sku_performance', ['id', 'date'], { incremental: 'date' }, 'Get Shop SKU Performance List (analytics 202509), one-day windows; the last analytics_lookback_days are read again'),
];

/** One-day windows: the list's numbers are totals over the window asked for, so a day's row needs a day's window. */
export const PRODUCT_PERFORMANCE_FAMILY: FamilyDecl = {
  root: 'product_performance',
  read: analyticsRead(ENDPOINTS.shopProductPerformance, { daysPerCall: 1, rows: listRows('products') }),
  records: (item, shopId) => ({ record: productPerformanceRecord(item, shopId) }),
  grant: ANALYTICS_GRANT,
};

export const SKU_PERFORMANCE_FAMILY: FamilyDecl = {
  root: 'sku_performance',
  read: analyticsRead(ENDPOINTS.shopSkuPerformance, { daysPerCall: 1, rows: listRows('skus') }),
  records: (item, shopId) => ({ record: skuPerformanceRecord(item, shopId) }),
  grant: ANALYTICS_GRANT,
};
