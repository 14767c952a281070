import type { ProductSkusRecord, ProductsRecord } from '../generated/records.js';
import { ENDPOINTS, endpointPath } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { ApiError } from '../tiktok/errors.js';
import type { ShopSyncContext } from '../sync/context.js';
import { settleAll } from '../sync/context.js';
import { windowedSearch } from '../sync/windowed-search.js';

type Json = Record<string, unknown>;

/** Get Product does not return FREEZE or DELETED products (§5.9, G12): for those the search summary is all there is. */
const DETAIL_UNAVAILABLE_STATUSES = new Set(['FREEZE', 'DELETED']);

/**
 * A product record is the search summary (§5.8) overlaid with the Get Product detail (§5.9); SKUs are merged
 * by id the same way, so fields only the search has (inventory details, external list prices) survive.
 */
export function productRecords(summary: Json, detail: Json | undefined, shopId: string): { product: ProductsRecord; skus: ProductSkusRecord[] } {
  const { skus: summarySkus, ...summaryRest } = summary;
  const { skus: detailSkus, ...detailRest } = detail ?? {};
  const productId = summary.id as string;
  const merged = new Map<string, Json>();
  for (const sku of [...(Array.isArray(summarySkus) ? summarySkus : []), ...(Array.isArray(detailSkus) ? detailSkus : [])] as Json[]) {
    const id = String(sku.id);
    merged.set(id, { ...merged.get(id), ...sku });
  }
  return {
    product: asRecord<ProductsRecord>({ ...summaryRest, ...detailRest, id: productId, shop_id: shopId }),
    skus: [...merged.values()].map((sku) => asRecord<ProductSkusRecord>({ ...sku, product_id: productId, shop_id: shopId })),
  };
}

export async function syncProducts(ctx: ShopSyncContext): Promise<void> {
  const bounds = ctx.boundsFor('products');
  if (!bounds) return;
  const warned = new Set<string>();
  const spec = ENDPOINTS.searchProducts;
  const events = windowedSearch<Json>(
    ctx.api,
    ctx.shop,
    { path: spec.path, endpoint: spec.name, itemsKey: spec.itemsKey, pageSize: Math.min(ctx.config.page_size, spec.pageSize.max), idField: 'id' },
    bounds.lo,
    bounds.hi,
    ctx.tags('products'),
  );
  for await (const event of events) {
    if (event.kind === 'windowDone') {
      if (event.shortfall > 0) {
        ctx.logger.warn(
          `products: ${event.shortfall} product(s) of the window updated ${new Date(event.from * 1000).toISOString()}–${new Date(event.to * 1000).toISOString()} were counted by the search but not returned in three passes; they were most likely updated during the sync and come with the next run`,
        );
      }
      if (event.maxUpdateTime !== undefined) ctx.advance('products', event.maxUpdateTime);
      await ctx.checkpoint();
      if (ctx.stopping()) return;
      continue;
    }
    ctx.pageRead();
    await settleAll(event.items.map((summary) => writeProduct(ctx, summary, warned)));
    await ctx.checkpoint();
  }
}

/**
 * A product can change status between the search and Get Product (frozen or deleted meanwhile), and TikTok's
 * code for "cannot be retrieved" is not documented (§5.9). A Get Product failure with a code the client does not
 * know is therefore taken as that: the product is emitted from its search summary, with a warning (once per
 * code and shop). Known failures (scope, signature, throttling…) keep their meaning.
 */
async function productDetail(ctx: ShopSyncContext, summary: Json, warned: Set<string>): Promise<Json | undefined> {
  if (DETAIL_UNAVAILABLE_STATUSES.has(String(summary.status))) return undefined;
  const spec = ENDPOINTS.getProduct;
  try {
    const { data } = await ctx.api.request<Json>({
      method: 'GET',
      path: endpointPath(spec, { product_id: summary.id }), // validated there: a reply's id goes into a path
      endpoint: spec.name,
      shop: ctx.shop,
      tags: ctx.tags('products'),
    });
    return data;
  } catch (error) {
    if (!(error instanceof ApiError) || error.reason !== 'unknown_code') throw error;
    const code = String(error.apiCode);
    if (!warned.has(code)) {
      warned.add(code);
      ctx.logger.warn(`products: Get Product refused product ${String(summary.id)} (${error.message}); it is emitted from its search summary, as are further products refused with code ${code}`);
    }
    return undefined;
  }
}

async function writeProduct(ctx: ShopSyncContext, summary: Json, warned: Set<string>): Promise<void> {
  const detail = await productDetail(ctx, summary, warned);
  const extracted = ctx.now();
  const { product, skus } = productRecords(summary, detail, ctx.shop.id);
  ctx.outputs.products.write(product, ctx.shop.id, extracted);
  for (const sku of skus) ctx.outputs.product_skus.write(sku, ctx.shop.id, extracted);
}
