/**
 * The served API paths, what each one is and how the gateway treats it (shop-scoped, app-scoped or auth). Every
 * list and per-parent GET of the tap's endpoint table is a route made from its declaration (searches.ts,
 * details.ts); a list endpoint of the table nobody declared yet is served as an empty list (search.ts
 * `emptySearch`), so every shared check applies to it from the day it enters the table.
 */
import type { IncomingMessage } from 'node:http';
import { ENDPOINTS, type EndpointSpec } from '../../tiktok/endpoints.js';
import type { ShopState } from '../store.js';
import type { ApiEnv } from './api-env.js';
import { DETAILS, type DetailSpec } from './details.js';
import { emptySearch, pathPattern, type SearchSpec } from './search.js';
import { SEARCHES } from './searches.js';

export type Scope = 'shop' | 'app' | 'auth';
export type Kind = 'shops' | 'search' | 'detail' | 'order_detail' | 'token_refresh' | 'token_get';

export interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  template: string;
  kind: Kind;
  scope: Scope;
  /** The declaration of a `search` route. */
  search?: SearchSpec<ApiEnv>;
  /** The declaration of a `detail` route. */
  detail?: DetailSpec;
  /** A scope the shop's grant must include, else 105005 before anything else (handlers.ts). */
  grant?: 'finance' | 'analytics';
}

const TABLE: readonly EndpointSpec[] = Object.values(ENDPOINTS);
const declared = new Set<string>([...SEARCHES.map((s) => s.path), ...DETAILS.map((d) => d.endpoint.path)]);
/** List endpoints of the table without a declaration: served empty. */
const UNDECLARED_LISTS = TABLE.filter((e) => e.host === 'api' && e.shopScoped && e.itemsKey !== undefined && !declared.has(e.path))
  .map((e) => emptySearch<ApiEnv>(e));

const shopRoute = (endpoint: { method: 'GET' | 'POST'; path: string }, grant: 'finance' | 'analytics' | undefined) => ({
  method: endpoint.method, pattern: pathPattern(endpoint.path), template: endpoint.path, scope: 'shop' as const,
  ...(grant ? { grant } : {}),
});

/** Every declared search is a shop-scoped route of its own (`{name}` path segments match one segment each). */
const SEARCH_ROUTES: Route[] = [...SEARCHES, ...UNDECLARED_LISTS].map((search) => ({ ...shopRoute(search, search.grant), kind: 'search', search }));
const DETAIL_ROUTES: Route[] = DETAILS.map((detail) => ({ ...shopRoute(detail.endpoint, detail.grant), kind: 'detail', detail }));

export const ROUTES: readonly Route[] = [
  { method: 'GET', pattern: pathPattern(ENDPOINTS.authorizedShops.path), template: ENDPOINTS.authorizedShops.path, kind: 'shops', scope: 'app' },
  ...SEARCH_ROUTES,
  // Get Order Detail: not in the tap's table (the search carries the orders); tests of the sandbox use it.
  { method: 'GET', pattern: /^\/order\/(202309|202507)\/orders$/, template: '/order/{version}/orders', kind: 'order_detail', scope: 'shop' },
  ...DETAIL_ROUTES,
  { method: 'GET', pattern: pathPattern(ENDPOINTS.tokenRefresh.path), template: ENDPOINTS.tokenRefresh.path, kind: 'token_refresh', scope: 'auth' },
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
  /** The seller (0-based) of the request's access token, once the gateway has checked it. */
  seller?: number;
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
