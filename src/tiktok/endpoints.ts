/**
 * The one table of TikTok Shop endpoints the tap calls. Versions, page-size limits and which calls take a
 * `shop_cipher` are the facts most likely to change or to be wrong, so they live here and nowhere else.
 * References (§N.N) are to docs/tiktok-shop-api.md.
 */
import { ApiError } from './errors.js';

export type HttpMethod = 'GET' | 'POST';

export interface PageSizeLimit {
  readonly min: number;
  readonly max: number;
}

export interface EndpointSpec {
  /** Short name used in logs and metric tags. */
  readonly name: string;
  readonly method: HttpMethod;
  /** Path template; `{param}` segments are filled by `endpointPath`. */
  readonly path: string;
  /** `api` = Open API host (signed); `auth` = token host (unsigned, §1.1–1.2). */
  readonly host: 'api' | 'auth';
  /** Needs `shop_cipher` in the query. Sending it where it is not expected fails with 36009004 (§2.1, G8). */
  readonly shopScoped: boolean;
  /** Cursor-paged endpoints: page_size bounds and the key of the item array in `data` (§4). */
  readonly pageSize?: PageSizeLimit;
  readonly itemsKey?: string;
  /** The one `sort_field` value a list accepts, where sending it is required (the finance lists, §9.4). */
  readonly sortField?: string;
}

export const ENDPOINTS = {
  /** §5.1: no shop_cipher, no paging. */
  authorizedShops: { name: 'authorized_shops', method: 'GET', path: '/authorization/202309/shops', host: 'api', shopScoped: false },
  /** §4, §5.2: page_size required, 1–100. */
  searchOrders: {
    name: 'search_orders',
    method: 'POST',
    path: '/order/202309/orders/search',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'orders',
  },
  /** §5.4: one order per call; 202407 is the only version seen. */
  orderPriceDetail: {
    name: 'order_price_detail',
    method: 'GET',
    path: '/order/202407/orders/{order_id}/price_detail',
    host: 'api',
    shopScoped: true,
  },
  /** §5.5: query `platform` is required. */
  externalOrders: {
    name: 'external_orders',
    method: 'GET',
    path: '/order/202406/orders/{order_id}/external_orders',
    host: 'api',
    shopScoped: true,
  },
  /**
   * §4, G17: [10-50] (the official Node SDK, `ReturnsSearchPost`: "Valid range: [10-50]"; an older doc copy said only
   * "upper limit 50"). `pageSizeFor` clamps a configured page size into it. Version 202602: the same request as
   * 202309 (the official Node SDK's V202602 request model has the same fields), and only its replies carry a
   * bundle's return_sub_line_items, which join returns to an order line's sub_item_info (§5.6).
   */
  searchReturns: {
    name: 'search_returns',
    method: 'POST',
    path: '/return_refund/202602/returns/search',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 10, max: 50 },
    itemsKey: 'return_orders',
  },
  /**
   * §9.1: page_size [1-50]; sort_field defaults to create_time, so update_time must be sent. Version 202602: the
   * same request as 202309, and only its replies carry a bundle's cancel_sub_line_items.
   */
  searchCancellations: {
    name: 'search_cancellations',
    method: 'POST',
    path: '/return_refund/202602/cancellations/search',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 50 },
    itemsKey: 'cancellations',
  },
  /** §9.2: page_size required, [1-50]; sort_order defaults to DESC (unlike returns), so ASC must be sent. */
  searchPackages: {
    name: 'search_packages',
    method: 'POST',
    path: '/fulfillment/202309/packages/search',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 50 },
    itemsKey: 'packages',
  },
  /** §9.3: one package per call; its reply names the id `package_id` and the status `package_status`. */
  getPackageDetail: { name: 'get_package_detail', method: 'GET', path: '/fulfillment/202309/packages/{package_id}', host: 'api', shopScoped: true },
  /** §5.8: 202502 preferred over 202309/202312; page_size required, 1–100; 10,000 results per query (G12). */
  searchProducts: {
    name: 'search_products',
    method: 'POST',
    path: '/product/202502/products/search',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'products',
  },
  /** §5.9: FREEZE/DELETED products are not returned. */
  getProduct: { name: 'get_product', method: 'GET', path: '/product/202309/products/{product_id}', host: 'api', shopScoped: true },
  /**
   * §9.4-9.5: the finance calls are GET with every parameter in the query; sort_field is required and has one value
   * each; page_size [1-100]; Get Statements and Get Payments reply without total_count.
   */
  getStatements: {
    name: 'get_statements',
    method: 'GET',
    path: '/finance/202309/statements',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'statements',
    sortField: 'statement_time',
  },
  /**
   * §9.6: 202501 is the newest version the reference documents (202309 has the same path, other shapes); the
   * statement id goes in the path; sort_field order_create_time; total_count and next_page_token in `data`.
   */
  getStatementTransactions: {
    name: 'get_statement_transactions',
    method: 'GET',
    path: '/finance/202501/statements/{statement_id}/statement_transactions',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'transactions',
    sortField: 'order_create_time',
  },
  /** §9.7: one order's SKU rows and the statement each settles in; no paging (order_sku_transactions). */
  getOrderStatementTransactions: {
    name: 'get_order_statement_transactions',
    method: 'GET',
    path: '/finance/202501/orders/{order_id}/statement_transactions',
    host: 'api',
    shopScoped: true,
  },
  /**
   * §9.8: the orders and adjustments not settled yet, with estimates; sort_field order_create_time is required, the
   * time filters are search_time_ge / _lt; total_count in `data`.
   */
  getUnsettledTransactions: {
    name: 'get_unsettled_transactions',
    method: 'GET',
    path: '/finance/202507/orders/unsettled',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'transactions',
    sortField: 'order_create_time',
  },
  getPayments: {
    name: 'get_payments',
    method: 'GET',
    path: '/finance/202309/payments',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'payments',
    sortField: 'create_time',
  },
  /** §9.4: no sort parameters (the order is not known); `types` is required, comma-joined; total_count in `data`. */
  getWithdrawals: {
    name: 'get_withdrawals',
    method: 'GET',
    path: '/finance/202309/withdrawals',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'withdrawals',
  },
  // ── Analytics (version 202509, §10): GET reports by days of the shop's calendar (start_date_ge / end_date_lt). ──
  /** §10.2: one interval per day with granularity=1D; not paged. */
  shopPerformance: { name: 'shop_performance', method: 'GET', path: '/analytics/202509/shop/performance', host: 'api', shopScoped: true },
  /** §10.3: page_size at most 100 (default 10). */
  shopProductPerformance: {
    name: 'shop_product_performance',
    method: 'GET',
    path: '/analytics/202509/shop_products/performance',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'products',
  },
  /** §10.4: ids as JSON integers. */
  shopSkuPerformance: {
    name: 'shop_sku_performance',
    method: 'GET',
    path: '/analytics/202509/shop_skus/performance',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'skus',
  },
  /** §10.5. */
  shopVideoPerformance: {
    name: 'shop_video_performance',
    method: 'GET',
    path: '/analytics/202509/shop_videos/performance',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'videos',
  },
  /** §10.6. */
  shopLivePerformance: {
    name: 'shop_live_performance',
    method: 'GET',
    path: '/analytics/202509/shop_lives/performance',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'live_stream_sessions',
  },
  // ── end of analytics ──
  // --- catalog streams: inventory, affiliate orders (docs/tiktok-shop-api.md §12) ---
  /**
   * §12.1: up to 100 product ids (or 600 SKU ids) a call in the JSON body, no paging; the reply's `inventory[]`
   * holds one entry per product with its SKUs' stock per warehouse.
   */
  inventorySearch: { name: 'inventory_search', method: 'POST', path: '/product/202309/inventory/search', host: 'api', shopScoped: true },
  /** §12.2: create_time_ge / create_time_lt in the body, page_size 1–100, no sort, total_count in `data`. */
  searchAffiliateOrders: {
    name: 'search_affiliate_orders',
    method: 'POST',
    path: '/affiliate_seller/202410/orders/search',
    host: 'api',
    shopScoped: true,
    pageSize: { min: 1, max: 100 },
    itemsKey: 'orders',
  },
  /** §1.2: on the auth host, unsigned; app_secret travels in the query. */
  tokenRefresh: { name: 'token_refresh', method: 'GET', path: '/api/v2/token/refresh', host: 'auth', shopScoped: false },
} as const satisfies Record<string, EndpointSpec>;

export type EndpointName = keyof typeof ENDPOINTS;

/** The configured page size clamped into the endpoint's range: the API refuses sizes outside it, and they differ per endpoint (G17). */
export function pageSizeFor(spec: EndpointSpec, configured: number): number {
  const limits = spec.pageSize;
  if (!limits) return configured;
  return Math.max(limits.min, Math.min(configured, limits.max));
}

/**
 * An id the API could have issued. Ids come from replies (an order id from the search, §5.2) and go into paths, so a
 * reply that lies must not steer a request elsewhere: "" would drop a segment and "." / ".." are dot segments
 * that URL parsing resolves (`/orders/../price_detail` becomes `/order/202407/price_detail`); encodeURIComponent
 * leaves dots alone. Whitespace and control characters are no id either.
 */
export function isPathSafeId(value: string): boolean {
  return value !== '' && value !== '.' && value !== '..' && !/[\s\u0000-\u001f\u007f]/.test(value);
}

/**
 * Fill `{param}` segments. Each value must pass `isPathSafeId` and is percent-encoded, so an id can never smuggle a
 * `/`, `?` or `#` into the path. A bad id is an API reply problem, named with the endpoint; nothing is sent.
 */
export function endpointPath(spec: EndpointSpec, params: Readonly<Record<string, unknown>> = {}): string {
  return spec.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (typeof value !== 'string' || !isPathSafeId(value)) {
      throw new ApiError({
        action: 'fatal',
        reason: 'invalid_id',
        endpoint: `${spec.method} ${spec.path}`,
        detail: `${name} ${value === undefined ? '(missing)' : (JSON.stringify(value) ?? String(value))} is not an id the API could have issued, so the request was not sent`,
        hint: 'the API sent a record with an empty or malformed id; report it to TikTok with the request_id of the search that returned it',
      });
    }
    return encodeURIComponent(value);
  });
}

const MATCHERS: Array<{ spec: EndpointSpec; re: RegExp }> = Object.values(ENDPOINTS as Record<string, EndpointSpec>).map((spec) => ({
  spec,
  re: new RegExp('^' + spec.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{\w+\\?\}/g, '[^/]+') + '$'),
}));

/** The table entry a concrete path belongs to (e.g. `/order/202407/orders/123/price_detail`), if any. */
export function matchEndpoint(method: HttpMethod, path: string): EndpointSpec | undefined {
  return MATCHERS.find((m) => m.spec.method === method && m.re.test(path))?.spec;
}

/**
 * Paths that must never carry `shop_cipher`: the server rejects it with 36009004 "Unexpected identifier" (§2.1, G8).
 */
export function forbidsShopCipher(path: string): boolean {
  return path.startsWith('/authorization/') || path.startsWith('/seller/');
}
