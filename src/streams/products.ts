import { ENDPOINTS, endpointPath } from '../tiktok/endpoints.js';
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
export function productRecords(summary: Json, detail: Json | undefined, shopId: string): { product: Json; skus: Json[] } {
  const { skus: summarySkus, ...summaryRest } = summary;
  const { skus: detailSkus, ...detailRest } = detail ?? {};
  const productId = summary.id as string;
  const merged = new Map<string, Json>();
  for (const sku of [...(Array.isArray(summarySkus) ? summarySkus : []), ...(Array.isArray(detailSkus) ? detailSkus : [])] as Json[]) {
    const id = String(sku.id);
    merged.set(id, { ...merged.get(id), ...sku });
  }
  return {
    product: { ...summaryRest, ...detailRest, id: productId, shop_id: shopId },
    skus: [...merged.values()].map((sku) => ({ ...sku, product_id: productId, shop_id: shopId })),
  };
}

export async function syncProducts(ctx: ShopSyncContext): Promise<void> {
  const bounds = ctx.boundsFor('products');
  if (!bounds) return;
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
      if (event.maxUpdateTime !== undefined) ctx.state.advance('products', ctx.shop.id, event.maxUpdateTime);
      await ctx.checkpoint();
      if (ctx.stopping()) return;
      continue;
    }
    ctx.pageRead();
    await settleAll(event.items.map((summary) => writeProduct(ctx, summary)));
    await ctx.checkpoint();
  }
}

async function writeProduct(ctx: ShopSyncContext, summary: Json): Promise<void> {
  let detail: Json | undefined;
  if (!DETAIL_UNAVAILABLE_STATUSES.has(String(summary.status))) {
    const spec = ENDPOINTS.getProduct;
    ({ data: detail } = await ctx.api.request<Json>({
      method: 'GET',
      path: endpointPath(spec, { product_id: String(summary.id) }),
      endpoint: spec.name,
      shop: ctx.shop,
      tags: ctx.tags('products'),
    }));
  }
  const extracted = ctx.now();
  const { product, skus } = productRecords(summary, detail, ctx.shop.id);
  ctx.outputs.products.write(product, ctx.shop.id, extracted);
  for (const sku of skus) ctx.outputs.product_skus.write(sku, ctx.shop.id, extracted);
}
