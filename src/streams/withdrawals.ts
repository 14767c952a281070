import type { WithdrawalsRecord } from '../generated/records.js';
import type { FamilyDecl, Json } from '../sync/declaration.js';
import { ENDPOINTS, pageSizeFor } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';
import { FINANCE_GRANT, FINANCE_TRAILING } from './finance.js';
import { withdrawalsNotOffered } from './finance-regions.js';

/** A withdrawal as its record (§9.5). */
export function withdrawalRecord(item: Json, shopId: string): WithdrawalsRecord {
  return asRecord<WithdrawalsRecord>({ ...item, shop_id: shopId });
}

/** Get Withdrawals requires `types` (§9.4); all four are asked for, comma-joined, as the SDKs send them. */
export const WITHDRAWAL_TYPES = ['WITHDRAW', 'SETTLE', 'TRANSFER', 'REVERSE'] as const;

export const WITHDRAWAL_STREAMS = [
  declareStream('withdrawals', ['id'], { incremental: 'create_time' }, 'Get Withdrawals (202309), every type, in create_time windows (no sort); the last finance_lookback_days are read again'),
];

/**
 * Get Withdrawals has no sort parameters (§9.4), so nothing is assumed of its order: it is read in create_time
 * windows, whose bookmark moves only once a window is complete. The reference does not say whether its bounds are
 * inclusive; `_lt` is sent as for the other finance lists.
 */
export const WITHDRAWALS_FAMILY: FamilyDecl = {
  root: 'withdrawals',
  read: {
    kind: 'windowed-search',
    endpoint: ENDPOINTS.getWithdrawals,
    idField: 'id',
    timeField: 'create_time',
    upperBound: 'lt',
    query: { types: WITHDRAWAL_TYPES.join(',') },
    pageSize: (config) => pageSizeFor(ENDPOINTS.getWithdrawals, config.page_size),
  },
  records: (item, shopId) => ({ record: withdrawalRecord(item, shopId) }),
  trailing: FINANCE_TRAILING,
  grant: FINANCE_GRANT,
  // 22005007 "merchant does not exist" (§9.10): the shop has no withdrawals to read; a warning, not a failure.
  notOffered: withdrawalsNotOffered,
};
