/**
 * The per-parent GETs the sandbox serves (one record, or one parent's children, per call), one declaration each
 * over the tap's endpoint table: the route, the gateway, rate limit, faults and the `grant` check come from the
 * shared code (routes.ts, handlers.ts); a declaration says only how to answer for the `{name}` path parameters.
 */
import { orderTransactions, unsettledOrderTransactions } from '../data/finance-views.js';
import type { ShopState } from '../data/state.js';
import { ENDPOINTS } from '../../tiktok/endpoints.js';
import { ApiError, param } from './api-error.js';
import type { ApiEnv } from './api-env.js';
import { SHOP_PERFORMANCE } from './analytics-reports.js';
import { inventoryObject, listedByDefault } from '../data/catalog-extras.js';
import { parseBody } from './params.js';
import type { DetailSpec } from './detail-spec.js';

export type { DetailSpec } from './detail-spec.js';


export const PRODUCT_UNAVAILABLE = 12052048;
/** Get Package Detail of an id no order of the shop lists (the code is the sandbox's choice). */
export const PACKAGE_NOT_FOUND = 21011001;
/** External platforms the reference lists (docs/tiktok-shop-api.md §5.5); the configured ones are accepted too. */
const KNOWN_PLATFORMS = ['SHOPIFY', 'WOOCOMMERCE', 'BIGCOMMERCE', 'MAGENTO', 'SALESFORCE_COMMERCE_CLOUD', 'CHANNEL_ADVISOR',
  'AMAZON', 'ORDER_MANAGEMENT_SYSTEM', 'WAREHOUSE_MANAGEMENT_SYSTEM', 'ERP_SYSTEM'];

const unknownOrder = (): ApiError => new ApiError(200, 21008111, 'The order does not exist or does not belong to this shop');

function orderOf(env: ApiEnv, shop: ShopState, id: string | undefined) {
  const st = env.store.orderStateById(shop, id ?? '');
  if (!st) throw unknownOrder();
  return st;
}

const priceDetail: DetailSpec = {
  endpoint: ENDPOINTS.orderPriceDetail,
  reply: (env, shop, path) => env.store.priceDetailJson(shop, orderOf(env, shop, path['order_id'])),
};

const externalOrders: DetailSpec = {
  endpoint: ENDPOINTS.externalOrders,
  reply(env, shop, path, query) {
    const platform = query['platform'];
    if (!platform) throw param('platform is required');
    if (!KNOWN_PLATFORMS.includes(platform) && !env.store.data.opts.platforms.includes(platform)) throw param(`platform ${platform} is not supported`);
    return env.store.externalOrdersJson(shop, orderOf(env, shop, path['order_id']), platform);
  },
};

const product: DetailSpec = {
  endpoint: ENDPOINTS.getProduct,
  reply(env, shop, path) {
    const p = env.store.productById(shop, path['product_id'] ?? '');
    if (!p) throw new ApiError(200, PRODUCT_UNAVAILABLE, 'The product does not exist');
    if (p.status === 'FREEZE' || p.status === 'DELETED') {
      throw new ApiError(200, PRODUCT_UNAVAILABLE, `The product is ${p.status} and cannot be retrieved`);
    }
    return p.json();
  },
};

const packageDetail: DetailSpec = {
  endpoint: ENDPOINTS.getPackageDetail,
  reply(env, shop, path) {
    const json = env.store.packageDetailJson(shop, path['package_id'] ?? '');
    if (json === undefined) throw new ApiError(200, PACKAGE_NOT_FOUND, 'The package does not exist or does not belong to this shop');
    return json;
  },
};

/** docs/tiktok-shop-api.md §9.7: an order not settled yet answers code 0 with zero amounts and no SKU rows. */
const orderStatementTransactions: DetailSpec = {
  endpoint: ENDPOINTS.getOrderStatementTransactions,
  grant: 'finance',
  reply(env, shop, path) {
    const st = orderOf(env, shop, path['order_id']);
    const fin = env.store.finance(shop);
    return JSON.stringify(orderTransactions(env.store.data, fin, st.id) ?? unsettledOrderTransactions(fin, st));
  },
};

// --- catalog streams: inventory (docs/tiktok-shop-api.md §12.1) ---
const INVENTORY_MAX_PRODUCTS = 100;
const INVENTORY_MAX_SKUS = 600;

/**
 * Inventory Search: product_ids (at most 100) or sku_ids (at most 600; they win when both are sent). Ids the shop
 * does not list (unknown, or deleted) are left out of the reply rather than refused.
 */
const inventorySearch: DetailSpec = {
  endpoint: ENDPOINTS.inventorySearch,
  reply(_env, shop, _path, _query, body) {
    const raw = parseBody(body);
    const ids = (key: string, max: number, code: number): string[] | undefined => {
      const v = raw[key];
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw param(`${key} must be an array of strings`);
      if (v.length > max) throw new ApiError(200, code, `The number of ${key} exceeds the limit of ${max}`);
      return v as string[];
    };
    const skuIds = ids('sku_ids', INVENTORY_MAX_SKUS, 12019015);
    const productIds = ids('product_ids', INVENTORY_MAX_PRODUCTS, 12019120);
    if (!skuIds && !productIds) throw param('product_ids or sku_ids is required');
    const listed = shop.products.filter(listedByDefault);
    const inventory = skuIds
      ? listed.map(inventoryObject).map((entry) => ({ ...entry, skus: (entry.skus as Array<{ id: string }>).filter((s) => skuIds.includes(s.id)) }))
        .filter((entry) => entry.skus.length > 0)
      : (productIds ?? []).flatMap((id) => listed.filter((p) => p.data.id === id)).map(inventoryObject);
    return JSON.stringify({ inventory });
  },
};

export const DETAILS: readonly DetailSpec[] = [priceDetail, externalOrders, product, packageDetail, orderStatementTransactions, SHOP_PERFORMANCE, inventorySearch];
