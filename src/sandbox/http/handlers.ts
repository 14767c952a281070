/** The endpoint handlers: each turns a request that passed the gateway into its reply (or throws an ApiError). */
import type { ResolvedOptions } from '../options.js';
import { Rng } from '../random.js';
import type { OrderQuery, ProductQuery, ReturnQuery, ShopState, Store } from '../store.js';
import { ORDER_STATUSES, PRODUCT_STATUSES } from '../types.js';
import { ApiError, param, type Reply } from './api-error.js';
import { fingerprint, pageOffset } from './page-tokens.js';
import { renderPage } from './pages.js';
import { enumParam, optBool, optString, optStrings, optTime, pageSize, parseBody } from './params.js';
import type { Replies } from './replies.js';
import type { Ctx } from './routes.js';
import type { TokenService } from './tokens.js';

/** External platforms the reference lists (§5.5); the configured ones are accepted too. */
const KNOWN_PLATFORMS = ['SHOPIFY', 'WOOCOMMERCE', 'BIGCOMMERCE', 'MAGENTO', 'SALESFORCE_COMMERCE_CLOUD', 'CHANNEL_ADVISOR',
  'AMAZON', 'ORDER_MANAGEMENT_SYSTEM', 'WAREHOUSE_MANAGEMENT_SYSTEM', 'ERP_SYSTEM'];

export const PRODUCT_SEARCH_CAP = 10000;
export const PRODUCT_UNAVAILABLE = 12052048;

export class ApiHandlers {
  private readonly moveRng: Rng;
  private moveCounter = 0;

  constructor(private readonly store: Store, private readonly opts: ResolvedOptions, seed: number,
    private readonly replies: Replies, private readonly tokens: TokenService) {
    this.moveRng = new Rng(seed, 902);
  }

  handle(ctx: Ctx): Reply {
    switch (ctx.route.kind) {
      case 'shops':
        return this.replies.ok(this.store.shopsJson());
      case 'orders':
        return this.searchOrders(ctx, shopOf(ctx));
      case 'order_detail':
        return this.orderDetail(ctx, shopOf(ctx));
      case 'price_detail': {
        const st = this.store.orderStateById(shopOf(ctx), decodeURIComponent(ctx.match[1] ?? ''));
        if (!st) throw new ApiError(200, 21008111, 'The order does not exist or does not belong to this shop');
        return this.replies.ok(this.store.priceDetailJson(shopOf(ctx), st));
      }
      case 'external_orders':
        return this.externalOrders(ctx, shopOf(ctx));
      case 'returns':
        return this.searchReturns(ctx, shopOf(ctx));
      case 'products':
        return this.searchProducts(ctx, shopOf(ctx));
      case 'product':
        return this.getProduct(ctx, shopOf(ctx));
      case 'token_refresh':
        return this.replies.ok(this.tokens.refresh(ctx.query));
      case 'token_get':
        return this.replies.ok(this.tokens.get(ctx.query));
    }
  }

  private searchOrders(ctx: Ctx, shop: ShopState): Reply {
    const size = pageSize(ctx.query, 1, 100, undefined);
    const sortField = enumParam(ctx.query, 'sort_field', ['create_time', 'update_time'] as const, 'create_time');
    const sortOrder = enumParam(ctx.query, 'sort_order', ['ASC', 'DESC'] as const, 'DESC');
    const b = parseBody(ctx.body);
    const status = optString(b, 'order_status');
    if (status !== undefined && !(ORDER_STATUSES as readonly string[]).includes(status)) throw param('order_status');
    const q: OrderQuery = {
      sortField, sortOrder,
      createGe: optTime(b, 'create_time_ge'), createLt: optTime(b, 'create_time_lt'),
      updateGe: optTime(b, 'update_time_ge'), updateLt: optTime(b, 'update_time_lt'),
      status,
      shippingType: optString(b, 'shipping_type'),
      buyerUserId: optString(b, 'buyer_user_id'),
      isBuyerRequestCancel: optBool(b, 'is_buyer_request_cancel'),
      warehouseIds: optStrings(b, 'warehouse_ids', 100),
    };
    const fp = fingerprint('orders', this.store.shopIdOf(shop), q);
    const offset = pageOffset(ctx.query, fp);
    let view = this.store.ordersView(shop, q, fp.hex);
    if (this.opts.movingUpdatesPerPage > 0) {
      // Quirk G1: other orders get updated while this search pages (victims alternate between rows already
      // returned and rows still ahead of the offset; a moved row sorts last: update_time = clock + 1).
      for (let v = 0; v < this.opts.movingUpdatesPerPage && view.length > 0; v++) {
        const returned = Math.min(offset ?? 0, view.length);
        const fromReturned = returned >= view.length || (returned > 0 && this.moveCounter++ % 2 === 0);
        const pos = fromReturned ? this.moveRng.int(0, returned - 1) : this.moveRng.int(returned, view.length - 1);
        this.store.moveOrderForward(shop, view.at(pos));
        view = this.store.ordersView(shop, q, fp.hex);
      }
    }
    return this.replies.ok(renderPage(view, offset ?? 0, size, view.length, fp, 'orders', (i) => this.store.orderJsonAt(shop, i)));
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

  private externalOrders(ctx: Ctx, shop: ShopState): Reply {
    const platform = ctx.query['platform'];
    if (!platform) throw param('platform is required');
    if (!KNOWN_PLATFORMS.includes(platform) && !this.opts.platforms.includes(platform)) throw param(`platform ${platform} is not supported`);
    const st = this.store.orderStateById(shop, decodeURIComponent(ctx.match[1] ?? ''));
    if (!st) throw new ApiError(200, 21008111, 'The order does not exist or does not belong to this shop');
    return this.replies.ok(this.store.externalOrdersJson(shop, st, platform));
  }

  private searchReturns(ctx: Ctx, shop: ShopState): Reply {
    const size = pageSize(ctx.query, 1, 50, 10);
    const sortField = enumParam(ctx.query, 'sort_field', ['create_time', 'update_time'] as const, 'create_time');
    const sortOrder = enumParam(ctx.query, 'sort_order', ['ASC', 'DESC'] as const, 'ASC');
    const b = parseBody(ctx.body);
    const q: ReturnQuery = {
      sortField, sortOrder,
      createGe: optTime(b, 'create_time_ge'), createLt: optTime(b, 'create_time_lt'),
      updateGe: optTime(b, 'update_time_ge'), updateLt: optTime(b, 'update_time_lt'),
      returnIds: optStrings(b, 'return_ids', 100),
      orderIds: optStrings(b, 'order_ids', 100),
      returnStatus: optStrings(b, 'return_status', 50),
      returnTypes: optStrings(b, 'return_types', 10),
    };
    const fp = fingerprint('returns', this.store.shopIdOf(shop), q);
    const offset = pageOffset(ctx.query, fp) ?? 0;
    const view = this.store.returnsView(shop, q, fp.hex);
    return this.replies.ok(renderPage(view, offset, size, view.length, fp, 'return_orders', (k) => this.store.returnJsonAt(shop, k)));
  }

  private searchProducts(ctx: Ctx, shop: ShopState): Reply {
    const size = pageSize(ctx.query, 1, 100, undefined);
    const b = parseBody(ctx.body);
    for (const key of ['create_time_lt', 'create_time_gt']) {
      if (b[key] !== undefined) throw new ApiError(200, 12019118, `Invalid create time filter: ${key} is not supported, use create_time_ge / create_time_le`);
    }
    for (const key of ['update_time_lt', 'update_time_gt']) {
      if (b[key] !== undefined) throw new ApiError(200, 12019119, `Invalid update time filter: ${key} is not supported, use update_time_ge / update_time_le`);
    }
    const status = optString(b, 'status');
    if (status !== undefined && status !== 'ALL' && !(PRODUCT_STATUSES as readonly string[]).includes(status)) throw param('status');
    const q: ProductQuery = {
      status,
      createGe: optTime(b, 'create_time_ge'), createLe: optTime(b, 'create_time_le'),
      updateGe: optTime(b, 'update_time_ge'), updateLe: optTime(b, 'update_time_le'),
      sellerSkus: optStrings(b, 'seller_skus', Infinity),
      skuIds: optStrings(b, 'sku_ids', Infinity),
    };
    if (q.createGe !== undefined && q.createLe !== undefined && q.createGe > q.createLe) {
      throw new ApiError(200, 12019118, 'Invalid create time filter: create_time_ge is after create_time_le');
    }
    if (q.updateGe !== undefined && q.updateLe !== undefined && q.updateGe > q.updateLe) {
      throw new ApiError(200, 12019119, 'Invalid update time filter: update_time_ge is after update_time_le');
    }
    if (q.sellerSkus && q.sellerSkus.length > 10) throw new ApiError(200, 12019027, 'seller_skus accepts at most 10 values');
    if (q.skuIds && q.skuIds.length > 10) throw new ApiError(200, 12019087, 'sku_ids accepts at most 10 values');
    const fp = fingerprint('products', this.store.shopIdOf(shop), q);
    const offset = pageOffset(ctx.query, fp) ?? 0;
    const view = this.store.productsView(shop, q, fp.hex);
    const reachable = Math.min(view.length, PRODUCT_SEARCH_CAP);
    return this.replies.ok(renderPage(view, offset, size, reachable, fp, 'products', (k) => this.store.productSummaryJsonAt(shop, k), view.length));
  }

  private getProduct(ctx: Ctx, shop: ShopState): Reply {
    const p = this.store.productById(shop, decodeURIComponent(ctx.match[1] ?? ''));
    if (!p) throw new ApiError(200, PRODUCT_UNAVAILABLE, 'The product does not exist');
    if (p.status === 'FREEZE' || p.status === 'DELETED') {
      throw new ApiError(200, PRODUCT_UNAVAILABLE, `The product is ${p.status} and cannot be retrieved`);
    }
    return this.replies.ok(p.json());
  }

}

function shopOf(ctx: Ctx): ShopState {
  if (!ctx.shop) throw new ApiError(400, 36009004, 'Invalid shop_cipher');
  return ctx.shop;
}
