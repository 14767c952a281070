import type { UnsettledTransactionsRecord } from '../generated/records.js';
import type { FamilyDecl, Json } from '../sync/declaration.js';
import { ENDPOINTS, pageSizeFor } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';
import { FINANCE_GRANT } from './finance.js';
import { UNSETTLED_DATA_FROM } from './finance-regions.js';

/** An unsettled transaction as its record (§9.8); snapshot_time was stamped by the read. */
export function unsettledRecord(item: Json, shopId: string): UnsettledTransactionsRecord {
  return asRecord<UnsettledTransactionsRecord>({ ...item, shop_id: shopId });
}

export const UNSETTLED_STREAMS = [
  // [shop_id, id]: an upserting target keeps each transaction's latest sighting; one that left the set (settled)
  // keeps an older snapshot_time, so "the rows of the shop's latest snapshot_time" is the current unsettled set.
  declareStream(
    'unsettled_transactions',
    ['shop_id', 'id'],
    { fullTable: true },
    'Get Unsettled Transactions (202507): the whole unsettled set of each shop, every run, stamped with snapshot_time',
  ),
];

/** Orders and adjustments not settled yet (§9.8): a moving set, read whole on every run. */
export const UNSETTLED_FAMILY: FamilyDecl = {
  root: 'unsettled_transactions',
  read: {
    kind: 'snapshot',
    endpoint: ENDPOINTS.getUnsettledTransactions,
    pageSize: (config) => pageSizeFor(ENDPOINTS.getUnsettledTransactions, config.page_size),
    // sort_field is required and has one value (§9.4); the window is on order creation.
    query: (lo, hi) => ({ sort_field: ENDPOINTS.getUnsettledTransactions.sortField, sort_order: 'ASC', search_time_ge: String(lo), search_time_lt: String(hi) }),
    earliest: UNSETTLED_DATA_FROM,
    stampField: 'snapshot_time',
  },
  records: (item, shopId) => ({ record: unsettledRecord(item, shopId) }),
  grant: FINANCE_GRANT,
};
