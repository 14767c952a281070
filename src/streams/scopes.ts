/**
 * Which TikTok scope each stream family needs: the one place for that table (docs/tiktok-shop-api.md §1.3 lists
 * the scope keys). Checked against the scope list of each endpoint's page in TikTok's documentation: Search Orders,
 * Get Order Detail and Get Price Detail need seller.order.info; Get External Order References needs
 * seller.order.ext_ref.read; Search Returns and Search Cancellations seller.return_refund.basic; Search Packages and
 * Get Package Detail seller.fulfillment.basic; Search Products and Get Product seller.product.basic; Get Statements,
 * Payments, Withdrawals, Unsettled Transactions and the statement and order transactions seller.finance.info; the analytics
 * reports data.shop_analytics.public.read. Get Authorized Shops is left out: every
 * grant reaches it.
 */
export const FAMILY_SCOPES: Readonly<Record<string, string>> = {
  orders: 'seller.order.info',
  returns: 'seller.return_refund.basic',
  cancellations: 'seller.return_refund.basic',
  packages: 'seller.fulfillment.basic',
  products: 'seller.product.basic',
  statements: 'seller.finance.info',
  unsettled_transactions: 'seller.finance.info',
  payments: 'seller.finance.info',
  withdrawals: 'seller.finance.info',
  // analytics: Get Shop Performance and the product, SKU, video and LIVE performance lists (§10.1)
  shop_performance: 'data.shop_analytics.public.read',
  product_performance: 'data.shop_analytics.public.read',
  sku_performance: 'data.shop_analytics.public.read',
  video_performance: 'data.shop_analytics.public.read',
  live_performance: 'data.shop_analytics.public.read',
  // end of analytics
  // catalog streams: Inventory Search is in Product Basic (§12.1); Search Seller Affiliate Orders needs the affiliate scope (§12.2)
  inventory: 'seller.product.basic',
  affiliate_orders: 'seller.affiliate_collaboration.read',
};

/** Child streams whose endpoint needs another scope than their family's root. */
export const CHILD_SCOPES: Readonly<Record<string, string>> = {
  external_orders: 'seller.order.ext_ref.read',
  external_order_line_items: 'seller.order.ext_ref.read',
};

/** Scope keys of the documentation's list that no stream of this tap needs (yet): granted or not, nothing changes. */
export const UNUSED_SCOPES: readonly string[] = [];

/** The scope a stream needs, given its family root; undefined when none is checked (the shops stream). */
export function scopeOfStream(stream: string, root: string): string | undefined {
  return CHILD_SCOPES[stream] ?? FAMILY_SCOPES[root];
}
