import type { StatementTransactionsRecord, StatementsRecord } from '../generated/records.js';
import type { CallContext, ChildRecords, FamilyDecl, Json } from '../sync/declaration.js';
import type { TapConfig } from '../settings.js';
import { ENDPOINTS, endpointPath, pageSizeFor } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';
import { FINANCE_GRANT, FINANCE_TRAILING, unpaidTimeAsNull } from './finance.js';

/**
 * Statements per page while statement_transactions is selected: each statement brings its own pages of transactions
 * (one per settled order, §9.6), so pages of 10 keep checkpoints a few seconds apart.
 */
export const STATEMENTS_FAN_OUT_PAGE_SIZE = 10;

/** A statement as its record (§9.5). */
export function statementRecord(item: Json, shopId: string): StatementsRecord {
  const record = { ...item, shop_id: shopId };
  unpaidTimeAsNull(record, 'payment_time');
  return asRecord<StatementsRecord>(record);
}

/**
 * The transactions of one page of Get Statement Transactions 202501 (§9.6) as records: each carries its statement's
 * id and, since 202501 transactions have no currency of their own (the reply has one, at statement level), that
 * currency: every amount keeps its currency beside it. A transaction that does carry one keeps it.
 */
export function statementTransactionRecords(items: Json[], statementId: string, currency: unknown, shopId: string): StatementTransactionsRecord[] {
  return items.map((item) =>
    asRecord<StatementTransactionsRecord>({ ...item, statement_id: statementId, shop_id: shopId, currency: item.currency ?? currency ?? null }),
  );
}

/** The statement's currency: the transactions reply's own (statement level), else the statement record's. */
function currencyOf(data: Json, statement: Json): unknown {
  return typeof data.currency === 'string' && data.currency !== '' ? data.currency : statement.currency;
}

async function* statementTransactions(call: CallContext, statementId: string, statement: Json, config: TapConfig): AsyncGenerator<ChildRecords> {
  const spec = ENDPOINTS.getStatementTransactions;
  const pages = call.pages({
    path: endpointPath(spec, { statement_id: statementId }), // validated there: a reply's id goes into a path
    endpoint: spec.name,
    itemsKey: spec.itemsKey,
    pageSize: pageSizeFor(spec, config.page_size),
    query: { sort_field: spec.sortField, sort_order: 'ASC' }, // sort_field is required (§9.4)
    parent: `statement ${statementId}`,
    // The statement's total is the sum of its transactions' settlements (§9.6): checked exactly, a warning if not.
    sumCheck: { itemField: 'settlement_amount', totalField: 'total_settlement_amount' },
  });
  for await (const page of pages) {
    yield { statement_transactions: statementTransactionRecords(page.items, statementId, currencyOf(page.data, statement), call.shop.id) };
  }
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
    'Get Statement Transactions (202501, the newest version the reference documents), paged, one request per statement',
  ),
];

/** Statements and their transactions (§9.4-9.6, §9.9). */
export const STATEMENTS_FAMILY: FamilyDecl = {
  root: 'statements',
  read: {
    kind: 'sorted-search',
    endpoint: ENDPOINTS.getStatements,
    idField: 'id',
    timeField: ENDPOINTS.getStatements.sortField,
    pageSize: (config, fanOut) => Math.min(pageSizeFor(ENDPOINTS.getStatements, config.page_size), fanOut ? STATEMENTS_FAN_OUT_PAGE_SIZE : Infinity),
  },
  records: (item, shopId) => ({ record: statementRecord(item, shopId) }),
  perParent: [
    {
      what: 'statement transactions',
      streams: ['statement_transactions'],
      requests: (statementId, config, statement) => [(call) => statementTransactions(call, statementId, statement, config)],
    },
  ],
  // No refusal is taken: a statement without its transactions would not add up to its settlement, so any error
  // fails the family and the bookmark stays before that statement (the next run reads it again).
  refusal: () => undefined,
  trailing: FINANCE_TRAILING,
  grant: FINANCE_GRANT,
};
