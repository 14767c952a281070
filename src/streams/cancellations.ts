import type { CancellationLineItemsRecord, CancellationsRecord } from '../generated/records.js';
import { nestedList, type FamilyDecl, type Json } from '../sync/declaration.js';
import { ENDPOINTS, pageSizeFor } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';
import { RETURN_REFUND_GRANT } from './returns.js';

/** A cancellation splits into its record and its cancel_line_items, each pointing at its cancellation and order (§9.1). */
export function cancellationRecords(item: Json, shopId: string): { cancellation: CancellationsRecord; lineItems: CancellationLineItemsRecord[] } {
  const { cancel_line_items: lines, ...rest } = item;
  return {
    cancellation: asRecord<CancellationsRecord>({ ...rest, shop_id: shopId }),
    lineItems: nestedList(lines, 'cancel_line_items').map((line) =>
      asRecord<CancellationLineItemsRecord>({ ...line, cancel_id: item.cancel_id, order_id: item.order_id ?? null, shop_id: shopId }),
    ),
  };
}

export const CANCELLATION_STREAMS = [
  declareStream('cancellations', ['cancel_id'], { incremental: 'update_time' }, 'Search Cancellations (202602, with bundle sub line items), sorted by update_time'),
  declareStream('cancellation_line_items', ['cancel_line_item_id'], { parent: 'cancellations' }, "each cancellation's cancel_line_items"),
];

export const CANCELLATIONS_FAMILY: FamilyDecl = {
  root: 'cancellations',
  read: {
    kind: 'sorted-search',
    endpoint: ENDPOINTS.searchCancellations,
    idField: 'cancel_id',
    pageSize: (config) => pageSizeFor(ENDPOINTS.searchCancellations, config.page_size), // [1-50] (§9.1)
  },
  grant: RETURN_REFUND_GRANT, // the scope, and 25020005, refuse both families alike (src/streams/returns.ts)
  records: (item, shopId) => {
    const { cancellation, lineItems } = cancellationRecords(item, shopId);
    return { record: cancellation, children: { cancellation_line_items: lineItems } };
  },
};
