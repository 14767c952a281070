import type { ReturnLineItemsRecord, ReturnsRecord } from '../generated/records.js';
import { ENDPOINTS, pageSizeFor } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { nestedList, type FamilyDecl, type Grant, type Json } from '../sync/declaration.js';
import { declareStream } from './declare.js';
import { FAMILY_SCOPES } from './scopes.js';

/**
 * Returns and cancellations need the same scope; when a search of either is refused for the whole shop (105005, or
 * 25020005 "no permission to process this order", which src/tiktok/errors.ts classes alike, §3.3), the engine says
 * so once for both and makes no request for the second. Declared once here, for both families.
 */
export const RETURN_REFUND_GRANT: Grant = {
  scope: FAMILY_SCOPES.returns!,
  fix:
    'add Return & Refund Basic (seller.return_refund.basic) to the app in Partner Center, then have the seller authorize the app again ' +
    '(tap-tiktok-shop authorize) — or deselect returns, return_line_items, cancellations and cancellation_line_items',
};

/** A return splits into the return record and its return_line_items, each pointing at its return and order. */
export function returnRecords(ret: Json, shopId: string): { ret: ReturnsRecord; lineItems: ReturnLineItemsRecord[] } {
  const { return_line_items: lines, ...rest } = ret;
  return {
    ret: asRecord<ReturnsRecord>({ ...rest, shop_id: shopId }),
    lineItems: nestedList(lines, 'return_line_items').map((line) =>
      asRecord<ReturnLineItemsRecord>({ ...line, return_id: ret.return_id, order_id: ret.order_id, shop_id: shopId }),
    ),
  };
}

export const RETURN_STREAMS = [
  declareStream('returns', ['return_id'], { incremental: 'update_time' }, 'Search Returns (202602, with bundle sub line items), sorted by update_time'),
  declareStream('return_line_items', ['return_line_item_id'], { parent: 'returns' }, "each return's return_line_items"),
];

export const RETURNS_FAMILY: FamilyDecl = {
  root: 'returns',
  read: {
    kind: 'sorted-search',
    endpoint: ENDPOINTS.searchReturns,
    idField: 'return_id',
    pageSize: (config) => pageSizeFor(ENDPOINTS.searchReturns, config.page_size), // 10-50 for returns, whatever page_size says (G17)
  },
  grant: RETURN_REFUND_GRANT,
  records: (item, shopId) => {
    const { ret, lineItems } = returnRecords(item, shopId);
    return { record: ret, children: { return_line_items: lineItems } };
  },
};
