import type { PaymentsRecord } from '../generated/records.js';
import type { FamilyDecl, Json } from '../sync/declaration.js';
import { ENDPOINTS, pageSizeFor } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';
import { FINANCE_GRANT, FINANCE_TRAILING, unpaidTimeAsNull } from './finance.js';
import { paymentsNotOfferedTo } from './finance-regions.js';

/** A payment as its record (§9.5): its amounts stay {value, currency} objects, as sent. */
export function paymentRecord(item: Json, shopId: string): PaymentsRecord {
  const record = { ...item, shop_id: shopId };
  unpaidTimeAsNull(record, 'paid_time');
  return asRecord<PaymentsRecord>(record);
}

export const PAYMENT_STREAMS = [
  declareStream('payments', ['id'], { incremental: 'create_time' }, 'Get Payments (202309), sorted by create_time; the last finance_lookback_days are read again'),
];

export const PAYMENTS_FAMILY: FamilyDecl = {
  root: 'payments',
  read: {
    kind: 'sorted-search',
    endpoint: ENDPOINTS.getPayments,
    idField: 'id',
    timeField: ENDPOINTS.getPayments.sortField,
    pageSize: (config) => pageSizeFor(ENDPOINTS.getPayments, config.page_size),
  },
  records: (item, shopId) => ({ record: paymentRecord(item, shopId) }),
  trailing: FINANCE_TRAILING,
  grant: FINANCE_GRANT,
  // Not offered in South-East Asia (§9.10): no request, one warning per shop, and the run still succeeds.
  notOfferedTo: paymentsNotOfferedTo,
};
