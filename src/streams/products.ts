import type { ProductSkusRecord, ProductsRecord } from '../generated/records.js';
import { ENDPOINTS } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { UnknownCodeError } from '../tiktok/errors.js';
import { EXIT, TapError } from '../errors.js';
import { nestedList, type CallContext, type FamilyDecl, type Json } from '../sync/declaration.js';
import { declareStream } from './declare.js';
import { getDetail } from './detail-request.js';
import { detailOrFallback } from './unavailable-detail.js';

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
  for (const sku of [...nestedList(summarySkus, 'skus'), ...nestedList(detailSkus, 'skus')]) {
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

export const PRODUCT_STREAMS = [
  declareStream('products', ['id'], { incremental: 'update_time' }, 'Search Products in update_time windows (and again for status DELETED), plus Get Product for full detail'),
  declareStream('product_skus', ['id'], { parent: 'products' }, "each product's skus"),
];

export const PRODUCTS_FAMILY: FamilyDecl = {
  root: 'products',
  read: {
    kind: 'windowed-search',
    endpoint: ENDPOINTS.searchProducts,
    idField: 'id',
    upperBound: 'le', // §4 G5: product search takes update_time_le (inclusive), not _lt
    // The default status ALL leaves deleted products out (§12.3): each window is read again for status DELETED, so a
    // product deleted since the last run arrives with its status and a warehouse can flag it.
    extraPasses: [{ status: 'DELETED' }],
    pageSize: (config) => Math.min(config.page_size, ENDPOINTS.searchProducts.pageSize.max),
  },
  detail: () => {
    const fallback = detailOrFallback('products: Get Product');
    return (call, summary) => productDetail(call, summary, fallback);
  },
  records: (summary, shopId, detail) => {
    const { product, skus } = productRecords(summary, detail, shopId);
    return { record: product, children: { product_skus: skus } };
  },
};

/**
 * Get Product refuses FREEZE and DELETED products (§5.9, G12), and a product deleted between the search and the
 * detail, with the codes §3.3 lists (12052048, 12019150, 12052260, 12052032, 12052901; src/tiktok/errors.ts makes
 * them ItemUnavailableError): such a product is emitted from its search summary with a warning. Any other refusal
 * fails the product family with the code named, so a change on TikTok's side is not silently turned into products
 * without their details.
 */
async function productDetail(call: CallContext, summary: Json, fallback: ReturnType<typeof detailOrFallback>): Promise<Json | undefined> {
  if (DETAIL_UNAVAILABLE_STATUSES.has(String(summary.status))) return undefined;
  const id = String(summary.id);
  try {
    return await fallback(call, `product ${id}`, () => getDetail(call, ENDPOINTS.getProduct, { product_id: summary.id }));
  } catch (error) {
    if (!(error instanceof UnknownCodeError)) throw error;
    throw new TapError('PRODUCT_DETAIL_REFUSED', `products: Get Product refused product ${id} with a code the tap does not take for "not available": ${error.message}`, {
      hint: `${error.hint}; the products family stopped so no product goes out without its details`,
      exitCode: EXIT.API,
    });
  }
}
