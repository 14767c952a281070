import type { ShopState } from '../data/state.js';
import type { EndpointSpec } from '../../tiktok/endpoints.js';
import type { ApiEnv } from './api-env.js';

/** A per-parent GET (or a lookup) the sandbox serves, declared over the tap's endpoint table (details.ts). */
export interface DetailSpec {
  /** The tap's table entry: method and path come from it. */
  readonly endpoint: EndpointSpec;
  /** A scope the shop's grant must include, else 105005 before anything else (handlers.ts). */
  readonly grant?: 'finance' | 'analytics';
  /**
   * The `data` of the reply; throws an ApiError to refuse. `path` holds the `{name}` segments, URL-decoded; `body`
   * is the raw request body (a POST lookup by ids: Inventory Search).
   */
  reply(env: ApiEnv, shop: ShopState, path: Record<string, string>, query: Record<string, string>, body: string): string | Buffer;
}
