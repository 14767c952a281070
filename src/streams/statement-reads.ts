import type { OrderSkuTransactionsRecord, StatementTransactionsRecord } from '../generated/records.js';
import type { CallContext, Json } from '../sync/declaration.js';
import type { TapConfig } from '../settings.js';
import { ENDPOINTS, endpointPath, pageSizeFor } from '../tiktok/endpoints.js';
import { MissingScopeError, RefusedCallError } from '../tiktok/errors.js';
import { asRecord } from './as-record.js';
import { sameAmount, sumDecimals } from '../decimal.js';
import { statementDataFloor } from './finance-regions.js';

/** The statement-level fields of Get Statement Transactions 202501 that a statement record carries (§9.6). */
export const STATEMENT_LEVEL_FIELDS = ['status', 'payable_amount', 'total_reserve_amount', 'total_settlement_amount', 'total_settlement_breakdown'] as const;

/** What one statement's read brings: its 202501 fields and its children; `refused` when TikTok has no data for it. */
export type StatementRead =
  | { refused: false; fields: Json; transactions: StatementTransactionsRecord[]; skus: OrderSkuTransactionsRecord[] }
  | { refused: true };

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

/**
 * A statement whose day began before the shop's data floor (§9.10): TikTok may refuse its transactions, and that
 * refusal is expected, not a failure. statement_time is 00:00 UTC of the day after the day it covers (§9.4).
 */
function beforeFloor(call: CallContext, statement: Json): boolean {
  return typeof statement.statement_time === 'number' && statement.statement_time - 86_400 < statementDataFloor(call.shop).seconds;
}

/**
 * Reads one statement's transactions (all pages) and, when `skus`, the SKU rows of each order it settles: the
 * statement's 202501 fields and its children, written together with the statement record.
 */
export async function readStatement(call: CallContext, statement: Json, config: TapConfig, skus: boolean): Promise<StatementRead> {
  const statementId = statement.id as string; // a string: the sorted read checked the id field
  const spec = ENDPOINTS.getStatementTransactions;
  let fields: Json = {};
  let currency: unknown = statement.currency;
  const transactions: StatementTransactionsRecord[] = [];
  try {
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
      if (transactions.length === 0) fields = Object.fromEntries(STATEMENT_LEVEL_FIELDS.map((name) => [name, page.data[name] ?? null]));
      currency = currencyOf(page.data, statement);
      transactions.push(...statementTransactionRecords(page.items, statementId, currency, call.shop.id));
    }
  } catch (error) {
    // A missing scope is about every statement, and any other refusal of a statement TikTok has data for is a failure.
    if (!(error instanceof RefusedCallError) || error instanceof MissingScopeError || !beforeFloor(call, statement)) throw error;
    call.logger.warn(
      `statements: the transactions of statement ${statementId} were refused (${error.message}); it covers a day before ${new Date(statementDataFloor(call.shop).seconds * 1000).toISOString().slice(0, 10)}, ` +
        `from which TikTok serves them, so it is written without its 202501 fields and transactions`,
      { stream: 'statements' },
    );
    return { refused: true };
  }
  return { refused: false, fields, transactions, skus: skus ? await skuRows(call, statementId, transactions, currency) : [] };
}

/**
 * The SKU rows of one Get Order Statement Transactions 202501 reply (§9.7) that settle in `statementId`, as records:
 * an order settled in several statements lists every statement's rows, and each belongs to its own statement.
 */
export function skuRecords(data: Json, orderId: string, statementId: string, shopId: string, currency: unknown): OrderSkuTransactionsRecord[] {
  const rows = Array.isArray(data.sku_transactions) ? (data.sku_transactions as Json[]) : [];
  return rows
    .filter((row) => row.statement_id === statementId)
    .map((row) =>
      asRecord<OrderSkuTransactionsRecord>({
        ...row,
        statement_id: statementId,
        order_id: orderId,
        shop_id: shopId,
        order_create_time: data.order_create_time ?? null,
        currency: row.currency ?? data.currency ?? currency ?? null,
      }),
    );
}

/**
 * One Get Order Statement Transactions call per order settled in the statement (its ORDER transactions, §9.7),
 * keeping the rows of this statement. Per order, the rows' settlement amounts must add up exactly to the order's
 * transaction: when they do not, the rows are still written as TikTok sent them and one warning per statement names
 * the orders (a reader then trusts statement_transactions for the order's total).
 */
async function skuRows(call: CallContext, statementId: string, transactions: readonly Json[], currency: unknown): Promise<OrderSkuTransactionsRecord[]> {
  const orders = new Map<string, Json>();
  for (const t of transactions) if (t.type === 'ORDER' && typeof t.order_id === 'string' && t.order_id !== '') orders.set(t.order_id, t);
  const spec = ENDPOINTS.getOrderStatementTransactions;
  const perOrder = await Promise.all(
    [...orders.keys()].map(async (orderId) => {
      const { data } = await call.api.request<Json>({ method: 'GET', path: endpointPath(spec, { order_id: orderId }), endpoint: spec.name, shop: call.shop, tags: call.tags });
      return skuRecords(data, orderId, statementId, call.shop.id, currency);
    }),
  );
  const unbalanced = [...orders.entries()]
    .filter(([, t], k) => !sameAmount(sumDecimals(perOrder[k]!.map((row) => row.settlement_amount)) ?? 'none', t.settlement_amount))
    .map(([orderId]) => orderId);
  if (unbalanced.length) {
    call.logger.warn(
      `statements: in statement ${statementId}, the SKU rows of ${unbalanced.length} order(s) do not add up to the order's settlement_amount (${unbalanced.slice(0, 5).join(', ')}${unbalanced.length > 5 ? ', …' : ''}); ` +
        'they are written as TikTok sent them, and statement_transactions holds the order totals',
      { stream: 'order_sku_transactions' },
    );
  }
  return perOrder.flat();
}
