/** The served API paths, what each one is and how the gateway treats it (shop-scoped, app-scoped or auth). */
import type { IncomingMessage } from 'node:http';
import type { ShopState } from '../store.js';

export type Scope = 'shop' | 'app' | 'auth';
export type Kind = 'shops' | 'orders' | 'order_detail' | 'price_detail' | 'external_orders' | 'returns' | 'products' | 'product'
  | 'token_refresh' | 'token_get';

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  template: string;
  kind: Kind;
  scope: Scope;
}

export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: /^\/authorization\/202309\/shops$/, template: '/authorization/202309/shops', kind: 'shops', scope: 'app' },
  { method: 'POST', pattern: /^\/order\/202309\/orders\/search$/, template: '/order/202309/orders/search', kind: 'orders', scope: 'shop' },
  { method: 'GET', pattern: /^\/order\/(202309|202507)\/orders$/, template: '/order/{version}/orders', kind: 'order_detail', scope: 'shop' },
  { method: 'GET', pattern: /^\/order\/202407\/orders\/([^/]+)\/price_detail$/, template: '/order/202407/orders/{order_id}/price_detail', kind: 'price_detail', scope: 'shop' },
  { method: 'GET', pattern: /^\/order\/202406\/orders\/([^/]+)\/external_orders$/, template: '/order/202406/orders/{order_id}/external_orders', kind: 'external_orders', scope: 'shop' },
  { method: 'POST', pattern: /^\/return_refund\/202309\/returns\/search$/, template: '/return_refund/202309/returns/search', kind: 'returns', scope: 'shop' },
  { method: 'POST', pattern: /^\/product\/202502\/products\/search$/, template: '/product/202502/products/search', kind: 'products', scope: 'shop' },
  { method: 'GET', pattern: /^\/product\/202309\/products\/([^/]+)$/, template: '/product/202309/products/{product_id}', kind: 'product', scope: 'shop' },
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
