import type { AffiliateOrderSkusRecord, AffiliateOrdersRecord } from '../generated/records.js';
import type { FamilyDecl, Grant, Json, TrailingWindow } from '../sync/declaration.js';
import { ENDPOINTS, pageSizeFor } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';

/**
 * An affiliate order as its record, and its SKU lines as theirs (§12.2). A line has no id in the reply, so its
 * position in the order's list is its key; the order's create_time goes on each line so the lines can be windowed
 * by the same time as their order without a join.
 */
export function affiliateOrderRecords(item: Json, shopId: string): { order: AffiliateOrdersRecord; skus: AffiliateOrderSkusRecord[] } {
  const { skus, ...order } = item;
  const orderId = String(item.id);
  const lines = Array.isArray(skus) ? (skus as Json[]) : [];
  return {
    order: asRecord<AffiliateOrdersRecord>({ ...order, id: orderId, shop_id: shopId }),
    skus: lines.map((line, index) =>
      asRecord<AffiliateOrderSkusRecord>({ ...line, order_id: orderId, line_index: String(index), shop_id: shopId, create_time: item.create_time ?? null }),
    ),
  };
}

export const AFFILIATE_ORDER_STREAMS = [
  declareStream('affiliate_orders', ['id'], { incremental: 'create_time' }, 'Search Seller Affiliate Orders (202410) in create_time windows; the last affiliate_lookback_days are read again'),
  declareStream('affiliate_order_skus', ['order_id', 'line_index'], { parent: 'affiliate_orders' }, "each affiliate order's skus (creator, content, commissions)"),
];

/**
 * The search filters by create_time only, while the status and the actual commissions move until the commission
 * settles (§12.2): every run reads the last affiliate_lookback_days again.
 */
const AFFILIATE_TRAILING: TrailingWindow = {
  setting: 'affiliate_lookback_days',
  seconds: (config) => config.affiliate_lookback_days * 86_400,
};

/** The affiliate search needs its own scope (seller.affiliate_collaboration.read, §12.2); without it only this family fails. */
const AFFILIATE_GRANT: Grant = {
  scope: 'the Affiliate scope (seller.affiliate_collaboration.read)',
  fix:
    'add the "Read Seller Affiliate Collaboration" scope to the app in Partner Center, then have the seller authorize the app again ' +
    '(tap-tiktok-shop authorize) — or deselect affiliate_orders and affiliate_order_skus',
};

/** No sort parameters (§12.2): read in create_time windows, whose bookmark moves only once a window is complete. */
export const AFFILIATE_ORDERS_FAMILY: FamilyDecl = {
  root: 'affiliate_orders',
  read: {
    kind: 'windowed-search',
    endpoint: ENDPOINTS.searchAffiliateOrders,
    idField: 'id',
    timeField: 'create_time',
    upperBound: 'lt',
    pageSize: (config) => pageSizeFor(ENDPOINTS.searchAffiliateOrders, config.page_size),
  },
  records: (item, shopId) => {
    const { order, skus } = affiliateOrderRecords(item, shopId);
    return { record: order, children: { affiliate_order_skus: skus } };
  },
  trailing: AFFILIATE_TRAILING,
  grant: AFFILIATE_GRANT,
};
