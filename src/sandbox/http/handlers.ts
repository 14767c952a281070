/** The endpoint handlers: each turns a request that passed the gateway into its reply (or throws an ApiError). */
import { financeScopeError } from '../data/finance-views.js';
import { analyticsScopeError } from './analytics-reports.js';
import type { ResolvedOptions } from '../options.js';
import { Rng } from '../random.js';
import type { ShopState, Store } from '../store.js';
import { ApiError, param, type Reply } from './api-error.js';
import type { ApiEnv } from './api-env.js';
import { Refusals } from './refusals.js';
import type { Replies } from './replies.js';
import type { Ctx } from './routes.js';
import { pathParamNames, runSearch } from './search.js';
import type { TokenService } from './tokens.js';

export { PACKAGE_NOT_FOUND, PRODUCT_UNAVAILABLE } from './details.js';
export { PRODUCT_SEARCH_CAP } from './searches.js';

/** HTTP status of 105005 (missing scope): not documented; 403 as the grant is known but does not reach (server.ts). */
export const MISSING_SCOPE_STATUS = 403;

export class ApiHandlers {
  private readonly env: ApiEnv;
  /** Codes set on demand for a request path (POST /__sandbox/refuse), answered with HTTP 200 as TikTok does. */
  readonly refusals = new Refusals();

  constructor(private readonly store: Store, opts: ResolvedOptions, seed: number,
    private readonly replies: Replies, private readonly tokens: TokenService) {
    this.env = { gen: store.data, store, moving: { perPage: opts.movingUpdatesPerPage, rng: new Rng(seed, 902), counter: 0 } };
  }

  handle(ctx: Ctx): Reply {
    // A scope the grant lacks is refused before anything else about the request (parameters, ids).
    if (ctx.route.grant === 'finance') {
      const refused = financeScopeError(this.store.finance(shopOf(ctx)));
      if (refused) throw new ApiError(MISSING_SCOPE_STATUS, refused.code, refused.message);
    }
    const onDemand = this.refusals.of(ctx.path);
    if (onDemand) throw new ApiError(200, onDemand.code, onDemand.message);
    if (ctx.route.grant === 'analytics') {
      const refused = analyticsScopeError(this.store, shopOf(ctx));
      if (refused) throw new ApiError(MISSING_SCOPE_STATUS, refused.code, refused.message);
    }
    switch (ctx.route.kind) {
      case 'shops':
        return this.replies.ok(this.store.shopsJson(ctx.seller));
      case 'search': {
        const spec = ctx.route.search;
        if (!spec) throw new Error(`route ${ctx.route.template} has no search declaration`);
        return this.replies.ok(runSearch(spec, this.env, shopOf(ctx), ctx.query, ctx.body, pathParams(ctx)));
      }
      case 'detail': {
        const spec = ctx.route.detail;
        if (!spec) throw new Error(`route ${ctx.route.template} has no detail declaration`);
        return this.replies.ok(spec.reply(this.env, shopOf(ctx), pathParams(ctx), ctx.query, ctx.body));
      }
      case 'order_detail':
        return this.orderDetail(ctx, shopOf(ctx));
      case 'token_refresh':
        return this.replies.ok(this.tokens.refresh(ctx.query));
      case 'token_get':
        return this.replies.ok(this.tokens.get(ctx.query));
    }
  }

  private orderDetail(ctx: Ctx, shop: ShopState): Reply {
    const ids = (ctx.query['ids'] ?? '').split(',').filter(Boolean);
    if (ids.length === 0 || ids.length > 50) throw param('ids must list 1 to 50 order ids');
    const parts: string[] = [];
    for (const id of ids) {
      const st = this.store.orderStateById(shop, id);
      if (st) parts.push(this.store.orderJsonAt(shop, st.i).toString('utf8'));
    }
    return this.replies.ok(`{"orders":[${parts.join(',')}]}`);
  }
}

function shopOf(ctx: Ctx): ShopState {
  if (!ctx.shop) throw new ApiError(400, 36009004, 'Invalid shop_cipher');
  return ctx.shop;
}

/** A path segment, URL-decoded; a malformed escape is the caller's invalid parameter, not an internal error. */
function pathValue(raw: string | undefined): string {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    throw param('a path parameter is not valid URL encoding');
  }
}

/** The values of the route's `{name}` path segments. */
function pathParams(ctx: Ctx): Record<string, string> {
  const out: Record<string, string> = {};
  pathParamNames(ctx.route.template).forEach((name, k) => {
    out[name] = pathValue(ctx.match[k + 1]);
  });
  return out;
}
