import type { ProductSkusRecord, ProductsRecord } from '../generated/records.js';
import { ENDPOINTS, endpointPath } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { ApiError } from '../tiktok/errors.js';
import { EXIT, TapError } from '../errors.js';
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
  const product: Json = { ...summaryRest, ...detailRest, id: productId, shop_id: shopId };
  // product_types is documented as an array, but one SDK sample sends a bare string (§5.9): a column needs one type.
  if (typeof product.product_types === 'string') product.product_types = [product.product_types];
  return {
    product: asRecord<ProductsRecord>(product),
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
    {
      path: spec.path,
      endpoint: spec.name,
      itemsKey: spec.itemsKey,
      pageSize: Math.min(ctx.config.page_size, spec.pageSize.max),
      idField: 'id',
      warn: (message) => ctx.logger.warn(message, { stream: 'products' }),
    },
    bounds.lo,
    bounds.hi,
    ctx.tags('products'),
  );
  /**
   * update_time of the products written since the last finished window: the only values a bookmark may take. A
   * window split after it was read hands its rows on to its halves, so a finished window takes only those up to
   * its own end.
   */
  let written: number[] = [];
  /** Set once a window ended short of rows: from then on the bookmark stays, so the next run reads it again. */
  let heldAt: string | undefined;
  for await (const event of events) {
    if (event.kind === 'windowDone') {
      const window = `${new Date(event.from * 1000).toISOString()}–${new Date(event.to * 1000).toISOString()}`;
      if (event.shortfall > 0 && heldAt === undefined) {
        heldAt = window;
        ctx.logger.warn(
          `products: ${event.shortfall} product(s) of the window updated ${window} were counted by the search but not returned in three passes; ` +
            'the bookmark stays where it is for the rest of this run, so the next run reads that window again',
          { stream: 'products' },
        );
      }
      const covered = written.filter((t) => t <= event.to);
      written = written.filter((t) => t > event.to);
      if (heldAt === undefined && covered.length) ctx.advance('products', Math.max(...covered));
      await ctx.checkpoint();
      if (ctx.stopping()) return;
      continue;
    }
    ctx.pageRead();
    const updateTimes = await settleAll(event.items.map((summary) => writeProduct(ctx, summary, warned)));
    for (const updateTime of updateTimes) {
      // Only a written product's own (integer) update_time inside the window may become the bookmark.
      if (updateTime !== undefined && updateTime >= event.from && updateTime <= event.to) written.push(updateTime);
    }
    await ctx.checkpoint();
    // A window can hold thousands of Get Product calls: a stop is honoured after every page, not every window. The
    // bookmark only moves with whole windows, so the next run reads this one again.
    if (ctx.stopping()) return;
  }
}

/**
 * Get Product refuses FREEZE and DELETED products (§5.9, G12); the code it uses for that is not documented, and one
 * doc copy describes 12052048 as "Product not listed in account or shop" (§8 item 10). Only such a code lets a
 * product be emitted from its search summary; any other refusal fails the product family with the code named, so a
 * change on TikTok's side is not silently turned into products without their details.
 */
const DETAIL_UNAVAILABLE_CODES = new Set([12052048]);

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
    if (error.apiCode === undefined || !DETAIL_UNAVAILABLE_CODES.has(error.apiCode)) {
      throw new TapError('PRODUCT_DETAIL_REFUSED', `products: Get Product refused product ${String(summary.id)} with a code the tap does not take for "not available": ${error.message}`, {
        hint: `${error.hint}; the products family stopped so no product goes out without its details`,
        exitCode: EXIT.API,
      });
    }
    const code = String(error.apiCode);
    if (!warned.has(code)) {
      warned.add(code);
      ctx.logger.warn(`products: Get Product refused product ${String(summary.id)} (${error.message}); it is emitted from its search summary, as are further products refused with code ${code}`);
    }
    return undefined;
  }
}

/** Writes a product and its SKUs; returns the product's update_time when it was written (a skipped one has none). */
async function writeProduct(ctx: ShopSyncContext, summary: Json, warned: Set<string>): Promise<number | undefined> {
  const detail = await productDetail(ctx, summary, warned);
  const extracted = ctx.now();
  const { product, skus } = productRecords(summary, detail, ctx.shop.id);
  const updateTime = (product as unknown as Json).update_time; // read before writing: output may reshape the record
  if (!ctx.outputs.products.write(product, ctx.shop.id, extracted)) return undefined;
  for (const sku of skus) ctx.outputs.product_skus.write(sku, ctx.shop.id, extracted);
  return typeof updateTime === 'number' && Number.isInteger(updateTime) ? updateTime : undefined;
}
