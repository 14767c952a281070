/** The served API paths, what each one is and how the gateway treats it (shop-scoped, app-scoped or auth). */
import type { IncomingMessage } from 'node:http';
import type { ShopState } from '../store.js';
import { pathPattern, type SearchSpec } from './search.js';
import { SEARCHES, type ApiEnv } from './searches.js';

export type Scope = 'shop' | 'app' | 'auth';
export type Kind = 'shops' | 'search' | 'order_detail' | 'price_detail' | 'external_orders' | 'product' | 'package_detail'
  | 'order_transactions' | 'token_refresh' | 'token_get';

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  template: string;
  kind: Kind;
  scope: Scope;
  /** The declaration of a `search` route. */
  search?: SearchSpec<ApiEnv>;
  /** A scope the shop's grant must include, else 105005 before anything else (handlers.ts). */
  grant?: 'finance';
}

/** Every declared search is a shop-scoped route of its own (`{name}` path segments match one segment each). */
const SEARCH_ROUTES: Route[] = SEARCHES.map((search) => ({
  method: search.method, pattern: pathPattern(search.path), template: search.path, kind: 'search', scope: 'shop', search,
  ...(search.grant ? { grant: search.grant } : {}),
}));

export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/authorization\/202309\/shops$/, template: '/authorization/202309/shops', kind: 'shops', scope: 'app' },
  ...SEARCH_ROUTES,
  { method: 'GET', pattern: /^\/order\/(202309|202507)\/orders$/, template: '/order/{version}/orders', kind: 'order_detail', scope: 'shop' },
  { method: 'GET', pattern: /^\/order\/202407\/orders\/([^/]+)\/price_detail$/, template: '/order/202407/orders/{order_id}/price_detail', kind: 'price_detail', scope: 'shop' },
  { method: 'GET', pattern: /^\/order\/202406\/orders\/([^/]+)\/external_orders$/, template: '/order/202406/orders/{order_id}/external_orders', kind: 'external_orders', scope: 'shop' },
  { method: 'GET', pattern: /^\/product\/202309\/products\/([^/]+)$/, template: '/product/202309/products/{product_id}', kind: 'product', scope: 'shop' },
  { method: 'GET', pattern: /^\/fulfillment\/202309\/packages\/([^/]+)$/, template: '/fulfillment/202309/packages/{package_id}', kind: 'package_detail', scope: 'shop' },
  {
    method: 'GET', pattern: /^\/finance\/202501\/orders\/([^/]+)\/statement_transactions$/, template: '/finance/202501/orders/{order_id}/statement_transactions',
    kind: 'order_transactions', scope: 'shop', grant: 'finance',
  },
  { method: 'GET', pattern: /^\/api\/v2\/token\/refresh$/, template: '/api/v2/token/refresh', kind: 'token_refresh', scope: 'auth' },
  { method: 'GET', pattern: /^\/api\/v2\/token\/get$/, template: '/api/v2/token/get', kind: 'token_get', scope: 'auth' },
];


export interface Ctx {
  route: Route;
  match: RegExpExecArray;
  path: string;
  query: Record<string, string>;
  body: string;
  headers: IncomingMessage['headers'];
  method: string;
  shop: ShopState | undefined;
}

/** The route of a path and method; `pathKnown` tells a wrong method (405) from an unknown path (404). */
export function matchRoute(path: string, method: string): { route: Route; match: RegExpExecArray } | { pathKnown: boolean } {
  let pathKnown = false;
  for (const candidate of ROUTES) {
    const m = candidate.pattern.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (candidate.method === method) return { route: candidate, match: m };
  }
  return { pathKnown };
}
