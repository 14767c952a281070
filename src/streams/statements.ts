import type { StatementsRecord } from '../generated/records.js';
import type { FamilyDecl, Json } from '../sync/declaration.js';
import { ENDPOINTS, pageSizeFor } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';
import { FINANCE_GRANT, FINANCE_TRAILING, unpaidTimeAsNull } from './finance.js';
import { statementDataFloor } from './finance-regions.js';
import { readStatement, type StatementRead } from './statement-reads.js';

export { statementTransactionRecords } from './statement-reads.js';

/**
 * Statements per page while a transaction stream is selected: each statement brings its own pages of transactions
 * (and one call per settled order for the SKU rows), so pages of 10 keep checkpoints a few seconds apart.
 */
export const STATEMENTS_FAN_OUT_PAGE_SIZE = 10;

/** The child streams read with a statement. */
const CHILDREN = ['statement_transactions', 'order_sku_transactions'] as const;

/** A statement as its record (§9.5), with the 202501 statement-level fields when its transactions were read (§9.6). */
export function statementRecord(item: Json, shopId: string, fields: Json = {}): StatementsRecord {
  const record = { ...item, ...fields, shop_id: shopId };
  unpaidTimeAsNull(record, 'payment_time');
  return asRecord<StatementsRecord>(record);
}

/**
 * What makes a statement's transactions worth reading again: everything Get Statements says of it. Its
 * transactions are served once it is SETTLED and do not change (§9.9: corrections come as new adjustment
 * transactions in later statements), so a statement whose record is unchanged keeps the transactions read before.
 */
export function statementFingerprint(item: Json): string {
  return JSON.stringify(Object.keys(item).sort().map((key) => [key, item[key]]));
}

export const STATEMENT_STREAMS = [
  declareStream('statements', ['id'], { incremental: 'statement_time' }, 'Get Statements (202309), sorted by statement_time; the last finance_lookback_days are read again'),
  // [statement_id, id]: the reference calls the transaction id the key, but never says it is unique beyond its
  // statement; with the statement id beside it, a transaction id that recurs in another statement cannot overwrite
  // a row, and if ids are unique the pair is too.
  declareStream(
    'statement_transactions',
    ['statement_id', 'id'],
    { parent: 'statements' },
    'Get Statement Transactions (202501), paged, for each statement new or changed since the last run',
  ),
  // [statement_id, order_id, sku_id]: a SKU row has no id of its own (§9.7); an order has one row per SKU in each
  // statement it settles in, so the three together name a row, and the statement id keeps a later settlement of the
  // same order (another statement) from overwriting the first.
  declareStream(
    'order_sku_transactions',
    ['statement_id', 'order_id', 'sku_id'],
    { parent: 'statements' },
    'Get Order Statement Transactions (202501), one request per order settled in a statement whose transactions are read',
  ),
];

/**
 * Statements and their transactions (§9.4-9.7, §9.9, §9.10). A statement's transactions and SKU rows are read as
 * its detail, before the statement is written, so the statement record carries the 202501 totals of the same read;
 * only statements new or changed since the last run are read (`revisit`), and statements are read from the date
 * TikTok has their transactions (`startFloor`).
 */
export const STATEMENTS_FAMILY: FamilyDecl = {
  root: 'statements',
  read: {
    kind: 'sorted-search',
    endpoint: ENDPOINTS.getStatements,
    idField: 'id',
    timeField: ENDPOINTS.getStatements.sortField,
    pageSize: (config, fanOut) => Math.min(pageSizeFor(ENDPOINTS.getStatements, config.page_size), fanOut ? STATEMENTS_FAN_OUT_PAGE_SIZE : Infinity),
  },
  detail(config, emitted) {
    if (!CHILDREN.some(emitted)) return undefined;
    const skus = emitted('order_sku_transactions');
    return async (call, item) => readStatement(call, item, config, skus) as unknown as Json;
  },
  records(item, shopId, detail) {
    const read = detail as StatementRead | undefined;
    if (!read || read.refused) return { record: statementRecord(item, shopId) };
    return {
      record: statementRecord(item, shopId, read.fields),
      children: { statement_transactions: read.transactions, order_sku_transactions: read.skus },
    };
  },
  revisit: { fingerprint: statementFingerprint, streams: CHILDREN },
  startFloor: statementDataFloor,
  trailing: FINANCE_TRAILING,
  grant: FINANCE_GRANT,
};
