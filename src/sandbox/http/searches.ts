/**
 * The search endpoints the sandbox serves, one declaration each over the tap's endpoint table (rules: §4, §5.2,
 * §5.6, §5.8, §9.1, §9.2; the finance list calls of §9.4 are declared in finance-searches.ts). The
 * shared machinery is in search.ts; records come from the collections in ../data/collections.ts (orders have their
 * own indexed view and the G1 quirk).
 */
import { CANCELLATIONS, PACKAGES, PRODUCTS, RETURNS } from '../data/collections.js';
import { orderStatic } from '../data/order-contents.js';
import { packageStatus } from '../data/packages.js';
import { returnStatus } from '../data/returns.js';
import { ordersView, type OrderQuery } from '../data/views.js';
import { ENDPOINTS } from '../../tiktok/endpoints.js';
import { ORDER_STATUSES, PRODUCT_STATUSES } from '../types.js';
import { ApiError } from './api-error.js';
import type { ApiEnv } from './api-env.js';
import { ANALYTICS_SEARCHES } from './analytics-reports.js';
import { FINANCE_SEARCHES } from './finance-searches.js';
import { affiliatedOrders, affiliateLineCount, affiliateOrderObject, listedByDefault } from '../data/catalog-extras.js';
import type { OrderState } from '../data/state.js';
import { bool, defineSearch, oneOf, strings, text, type SearchSpec } from './search.js';

export const PRODUCT_SEARCH_CAP = 10000;

export type { ApiEnv } from './api-env.js';

const CREATE_UPDATE = ['create_time', 'update_time'] as const;
const among = (list: string[] | undefined, value: string): boolean => list === undefined || list.includes(value);
const asList = (v: unknown): string[] | undefined => (Array.isArray(v) ? (v as string[]) : undefined);

const orders = defineSearch<never, ApiEnv>({
  endpoint: ENDPOINTS.searchOrders,
  sort: { fields: CREATE_UPDATE, default: 'create_time', order: 'DESC' },
  times: { fields: CREATE_UPDATE, upper: 'lt' },
  filters: {
    order_status: oneOf(ORDER_STATUSES), shipping_type: text(), buyer_user_id: text(), is_buyer_request_cancel: bool(),
    warehouse_ids: strings(100),
  },
  view(env, shop, p, fp, offset) {
    const f = p.filters;
    const q: OrderQuery = {
      sortField: p.sortField === 'update_time' ? 'update_time' : 'create_time', sortOrder: p.sortOrder,
      createGe: p.times['create_time']?.ge, createLt: p.times['create_time']?.lt,
      updateGe: p.times['update_time']?.ge, updateLt: p.times['update_time']?.lt,
      status: f['order_status'] as string | undefined, shippingType: f['shipping_type'] as string | undefined,
      buyerUserId: f['buyer_user_id'] as string | undefined, isBuyerRequestCancel: f['is_buyer_request_cancel'] as boolean | undefined,
      warehouseIds: asList(f['warehouse_ids']),
    };
    let view = ordersView(env.gen, shop, q, fp);
    const moving = env.moving;
    // Quirk G1: other orders get updated while this search pages (victims alternate between rows already
    // returned and rows still ahead of the offset; a moved row sorts last: update_time = clock + 1).
    for (let v = 0; v < moving.perPage && view.length > 0; v++) {
      const returned = Math.min(offset, view.length);
      const fromReturned = returned >= view.length || (returned > 0 && moving.counter++ % 2 === 0);
      const pos = fromReturned ? moving.rng.int(0, returned - 1) : moving.rng.int(returned, view.length - 1);
      env.store.moveOrderForward(shop, view.at(pos));
      view = ordersView(env.gen, shop, q, fp);
    }
    return view;
  },
  render: (env, shop, i) => env.store.orderJsonAt(shop, i),
});

const returns = defineSearch({
  endpoint: ENDPOINTS.searchReturns,
  // The table holds the documented [10-50] (docs/tiktok-shop-api.md §5.6); the sandbox has always taken 1-50.
  pageSize: { min: 1, default: 10 },
  sort: { fields: CREATE_UPDATE, default: 'create_time', order: 'ASC' },
  times: { fields: CREATE_UPDATE, upper: 'lt' },
  filters: { return_ids: strings(100), order_ids: strings(100), return_status: strings(50), return_types: strings(10) },
  collection: RETURNS,
  match: (r, f, _env, shop) => among(asList(f['return_ids']), r.id)
    && among(asList(f['order_ids']), shop.orders[r.orderIdx]?.id ?? '')
    && among(asList(f['return_status']), returnStatus(r)) && among(asList(f['return_types']), r.type),
});

const products = defineSearch({
  endpoint: ENDPOINTS.searchProducts,
  // No sort parameters: newest first (create_time DESC, then the later-created product first).
  sort: { fields: ['create_time'], default: 'create_time', order: 'DESC', fixed: true },
  times: { fields: CREATE_UPDATE, upper: 'le' },
  filters: { status: oneOf(['ALL', ...PRODUCT_STATUSES]), seller_skus: strings(), sku_ids: strings() },
  cap: PRODUCT_SEARCH_CAP,
  checkRaw(raw) {
    for (const key of ['create_time_lt', 'create_time_gt']) {
      if (raw[key] !== undefined) throw new ApiError(200, 12019118, `Invalid create time filter: ${key} is not supported, use create_time_ge / create_time_le`);
    }
    for (const key of ['update_time_lt', 'update_time_gt']) {
      if (raw[key] !== undefined) throw new ApiError(200, 12019119, `Invalid update time filter: ${key} is not supported, use update_time_ge / update_time_le`);
    }
  },
  check({ times, filters }) {
    const c = times['create_time'];
    const u = times['update_time'];
    if (c?.ge !== undefined && c.le !== undefined && c.ge > c.le) throw new ApiError(200, 12019118, 'Invalid create time filter: create_time_ge is after create_time_le');
    if (u?.ge !== undefined && u.le !== undefined && u.ge > u.le) throw new ApiError(200, 12019119, 'Invalid update time filter: update_time_ge is after update_time_le');
    if ((asList(filters['seller_skus'])?.length ?? 0) > 10) throw new ApiError(200, 12019027, 'seller_skus accepts at most 10 values');
    if ((asList(filters['sku_ids'])?.length ?? 0) > 10) throw new ApiError(200, 12019087, 'sku_ids accepts at most 10 values');
  },
  collection: PRODUCTS,
  match: (p, f) => {
    const d = p.data;
    const status = f['status'];
    const sellerSkus = asList(f['seller_skus']);
    const skuIds = asList(f['sku_ids']);
    // The default ALL leaves DELETED products out (docs/tiktok-shop-api.md §12.3): only status DELETED lists them.
    return (status === undefined || status === 'ALL' ? listedByDefault(p) : d.status === status)
      && (sellerSkus === undefined || d.skus.some((s) => sellerSkus.includes(s.seller_sku)))
      && (skuIds === undefined || d.skus.some((s) => skuIds.includes(s.id)));
  },
});

const cancellations = defineSearch({
  endpoint: ENDPOINTS.searchCancellations,
  pageSize: { default: 10 },
  sort: { fields: CREATE_UPDATE, default: 'create_time', order: 'ASC' },
  times: { fields: CREATE_UPDATE, upper: 'lt' },
  filters: {
    cancel_ids: strings(100), order_ids: strings(100), buyer_user_ids: strings(100),
    cancel_status: strings(4, ['CANCELLATION_REQUEST_PENDING', 'CANCELLATION_REQUEST_SUCCESS', 'CANCELLATION_REQUEST_CANCEL', 'CANCELLATION_REQUEST_COMPLETE']),
    cancel_types: strings(2, ['CANCEL', 'BUYER_CANCEL']), locale: text(),
  },
  collection: CANCELLATIONS,
  match: (c, f, env, shop) => {
    const order = shop.orders[c.orderIdx];
    const buyers = asList(f['buyer_user_ids']);
    return among(asList(f['cancel_ids']), c.id) && among(asList(f['order_ids']), order?.id ?? '')
      && among(asList(f['cancel_status']), c.status) && among(asList(f['cancel_types']), c.type)
      && (buyers === undefined || (order !== undefined && buyers.includes(orderStatic(env.gen, shop, order).buyer.userId)));
  },
});

const packages = defineSearch({
  endpoint: ENDPOINTS.searchPackages,
  // Note the default: DESC, unlike returns and cancellations (§9.2).
  sort: { fields: ['create_time', 'update_time', 'order_pay_time'], default: 'create_time', order: 'DESC' },
  times: { fields: CREATE_UPDATE, upper: 'lt' },
  filters: { package_status: oneOf(['PROCESSING', 'FULFILLING', 'COMPLETED', 'CANCELLED']) },
  collection: PACKAGES,
  match: (ref, f) => f['package_status'] === undefined || packageStatus(ref.st) === f['package_status'],
});

// --- catalog streams: affiliate orders (docs/tiktok-shop-api.md §12.2) ---
const affiliateOrders = defineSearch<OrderState, ApiEnv>({
  endpoint: ENDPOINTS.searchAffiliateOrders,
  pageSize: { default: 20 },
  times: { fields: ['create_time'], upper: 'lt' },
  filters: { program_id: text() },
  collection: {
    items: (_gen, shop) => affiliatedOrders(shop),
    // The settlement status follows the order's, so the orders' version is this list's too.
    version: (shop) => shop.ordersVersion,
    time: (o) => o.create,
    json: (_gen, shop, o) => JSON.stringify(affiliateOrderObject(shop, o)),
  },
  counts: { stream: 'affiliate_orders', children: { affiliate_order_skus: affiliateLineCount } },
});

export const SEARCHES: readonly SearchSpec<ApiEnv>[] = [orders, returns, products, cancellations, packages, ...FINANCE_SEARCHES, ...ANALYTICS_SEARCHES, affiliateOrders];
