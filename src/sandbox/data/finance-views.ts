/**
 * Finance reads in the API's shapes (§9.4-9.7), for the handlers to wrap in the envelope and page tokens:
 * statements / payments / withdrawals in a time window, the transactions of one statement (202501, paged), the
 * transactions of one order (202501), and the scope check. Amounts are signed decimal strings in the shop's currency
 * (finance-money.ts); times are Unix seconds.
 */
import { at, lowerBound } from './arrays.js';
import type { DataContext } from './generation.js';
import {
  FEE_BREAKDOWN, REVENUE_BREAKDOWN, SHIPPING_COST_BREAKDOWN, SHIPPING_SUPPLEMENTARY, SUPPLEMENTARY, TAX_BREAKDOWN,
} from './finance-fields.js';
import { formatSigned, moneyFields } from './finance-money.js';
import type { FinanceState, PaymentStatus, SkuRow, StatementState, Transaction, WithdrawalState, WithdrawalType } from './finance-state.js';
import { orderTransaction, statementTotals, transactionCount, transactionsAt } from './finance-transactions.js';
import type { OrderState } from './state.js';
import type { SortOrder } from './views.js';

/** §3.3: the app/token lacks the scope the endpoint needs. */
export const MISSING_SCOPE_CODE = 105005;
/** Scope name the sandbox uses for finance (illustrative, like the other names in tokens.ts; §1.3 does not verify them). */
export const FINANCE_SCOPE = 'seller.finance.info';

/** `ge ≤ t < lt`, either bound optional (§9.4: statements and payments). */
export interface FinanceWindow {
  ge?: number;
  lt?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** Offset of the next page, undefined on the last one (the handler turns it into `next_page_token`). */
  next: number | undefined;
}

/** Undefined when the shop may read finance data; otherwise the error the handler must answer with. */
export function financeScopeError(fin: FinanceState): { code: number; message: string } | undefined {
  if (fin.scopeGranted) return undefined;
  return {
    code: MISSING_SCOPE_CODE,
    message: `Access denied: the authorization of shop ${fin.shop.info.id} lacks the scope ${FINANCE_SCOPE}. Ask the seller to re-authorize the app with it.`,
  };
}

function money(fin: FinanceState, minor: number): string {
  return formatSigned(minor, fin.shop.market.decimals);
}

/** Statements with `ge ≤ statement_time < lt` (and `payment_status`, when given), sorted by statement_time. */
export function statementsIn(fin: FinanceState, w: FinanceWindow = {}, order: SortOrder = 'ASC', status?: PaymentStatus): StatementState[] {
  const list = fin.statements;
  const lo = w.ge === undefined ? 0 : lowerBound(list.length, (k) => at(list, k).statementTime < (w.ge ?? 0));
  const hi = w.lt === undefined ? list.length : lowerBound(list.length, (k) => at(list, k).statementTime < (w.lt ?? 0));
  const out = list.slice(lo, Math.max(lo, hi)).filter((s) => status === undefined || s.status === status);
  return order === 'DESC' ? out.reverse() : out;
}

/** A Get Statements record (§9.5). revenue_amount = net sales + shipping cost, so both §9.6 formulas hold. */
export function statementRecord(gen: DataContext, fin: FinanceState, s: StatementState): Record<string, unknown> {
  const totals = statementTotals(gen, fin, s);
  return {
    id: s.id,
    statement_time: s.statementTime,
    currency: fin.shop.market.currency,
    revenue_amount: money(fin, totals.revenue + totals.shippingCost),
    net_sales_amount: money(fin, totals.revenue),
    shipping_cost_amount: money(fin, totals.shippingCost),
    fee_amount: money(fin, totals.feeTax),
    adjustment_amount: money(fin, totals.adjustment),
    settlement_amount: money(fin, totals.settlement),
    payment_id: s.payment.id,
    payment_status: s.status,
    payment_time: s.paymentTime,
  };
}

/**
 * One page of Get Statement Transactions 202501 (`GET /finance/202501/statements/{id}/statement_transactions`,
 * §9.6): the statement-level fields plus `transactions` (without `next_page_token`, which the handler adds from
 * `page.next`). Undefined for an unknown statement id.
 */
export function statementTransactionsPage(gen: DataContext, fin: FinanceState, statementId: string, offset: number, size: number,
  order: SortOrder = 'ASC'): { data: Record<string, unknown>; page: Page<Record<string, unknown>> } | undefined {
  const s = fin.statementById.get(statementId);
  if (!s) return undefined;
  const totals = statementTotals(gen, fin, s);
  const n = transactionCount(s);
  const from = Math.max(0, offset);
  const to = Math.min(n, from + size);
  // DESC reads the same positions from the other end.
  const txns = order === 'DESC' ? transactionsAt(gen, fin, s, n - to, n - from).reverse() : transactionsAt(gen, fin, s, from, to);
  const items = txns.map((t) => transactionRecord(fin, t));
  return {
    data: {
      id: s.id,
      create_time: s.statementTime,
      status: 'SETTLED',
      currency: fin.shop.market.currency,
      total_settlement_amount: money(fin, totals.settlement),
      total_reserve_amount: money(fin, 0),
      payable_amount: money(fin, totals.settlement),
      total_settlement_breakdown: {
        total_revenue_amount: money(fin, totals.revenue),
        total_shipping_cost_amount: money(fin, totals.shippingCost),
        total_fee_tax_amount: money(fin, totals.feeTax),
        total_adjustment_amount: money(fin, totals.adjustment),
      },
      total_count: n,
      transactions: items,
    },
    page: { items, total: n, next: to < n ? to : undefined },
  };
}

/** Sums of the SKU rows' breakdowns (an ORDER transaction's breakdown is its SKUs' breakdowns added up). */
function sumBreakdown(rows: readonly SkuRow[], pick: (row: SkuRow) => Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) for (const [k, v] of Object.entries(pick(row))) out[k] = (out[k] ?? 0) + v;
  return out;
}

function breakdowns(fin: FinanceState, rows: readonly SkuRow[]): Record<string, unknown> {
  const d = fin.shop.market.decimals;
  return {
    revenue_breakdown: moneyFields(REVENUE_BREAKDOWN, sumBreakdown(rows, (r) => r.revenueBreakdown), d),
    shipping_cost_breakdown: {
      ...moneyFields(SHIPPING_COST_BREAKDOWN, sumBreakdown(rows, (r) => r.shippingBreakdown), d),
      supplementary_component: moneyFields(SHIPPING_SUPPLEMENTARY, sumBreakdown(rows, (r) => r.shippingSupplementary), d),
    },
    fee_tax_breakdown: {
      fee: moneyFields(FEE_BREAKDOWN, sumBreakdown(rows, (r) => r.fees), d),
      tax: moneyFields(TAX_BREAKDOWN, sumBreakdown(rows, (r) => r.taxes), d),
    },
  };
}

/** A `transactions[]` item of Get Statement Transactions 202501 (§9.6). */
export function transactionRecord(fin: FinanceState, t: Transaction): Record<string, unknown> {
  return {
    id: t.id,
    type: t.type,
    order_id: t.orderId,
    adjustment_id: t.adjustmentId,
    adjustment_order_id: t.adjustmentOrderId,
    associated_order_id: '',
    reserve_id: '',
    reserve_status: '',
    reserve_amount: money(fin, 0),
    estimated_release_time: '',
    order_create_time: t.orderCreateTime,
    revenue_amount: money(fin, t.revenue),
    shipping_cost_amount: money(fin, t.shippingCost),
    fee_tax_amount: money(fin, t.feeTax),
    adjustment_amount: money(fin, t.adjustment),
    settlement_amount: money(fin, t.settlement),
    ...breakdowns(fin, t.skus),
    supplementary_component: moneyFields(SUPPLEMENTARY, sumBreakdown(t.skus, (r) => r.supplementary), fin.shop.market.decimals),
  };
}

/**
 * Get Order Transactions 202501 (`GET /finance/202501/orders/{order_id}/statement_transactions`, §9.7): one row per
 * SKU naming its statement. Undefined when the order is unknown or not settled yet.
 */
export function orderTransactions(gen: DataContext, fin: FinanceState, orderId: string): Record<string, unknown> | undefined {
  const st = fin.shop.orderById.get(orderId);
  if (!st) return undefined;
  const k = fin.statementOfOrder.get(st.i);
  if (k === undefined) return undefined;
  const s = at(fin.statements, k);
  const t = orderTransaction(gen, fin.shop, st);
  return {
    order_id: st.id,
    order_create_time: st.create,
    currency: fin.shop.market.currency,
    revenue_amount: money(fin, t.revenue),
    shipping_cost_amount: money(fin, t.shippingCost),
    fee_and_tax_amount: money(fin, t.feeTax),
    settlement_amount: money(fin, t.settlement),
    total_count: t.skus.length,
    sku_transactions: t.skus.map((row) => ({
      statement_id: s.id,
      sku_id: row.skuId,
      sku_name: row.skuName,
      product_name: row.productName,
      quantity: String(row.quantity),
      revenue_amount: money(fin, row.revenue),
      shipping_cost_amount: money(fin, row.shippingCost),
      fee_tax_amount: money(fin, row.feeTax),
      settlement_amount: money(fin, row.settlement),
      ...breakdowns(fin, [row]),
    })),
  };
}

/**
 * Get Order Transactions of an order that is not settled yet (no statement holds it): the order's fields, zero
 * amounts and no SKU rows (the sandbox's choice; the reference does not say what the API answers then).
 */
export function unsettledOrderTransactions(fin: FinanceState, st: OrderState): Record<string, unknown> {
  return {
    order_id: st.id,
    order_create_time: st.create,
    currency: fin.shop.market.currency,
    revenue_amount: money(fin, 0),
    shipping_cost_amount: money(fin, 0),
    fee_and_tax_amount: money(fin, 0),
    settlement_amount: money(fin, 0),
    total_count: 0,
    sku_transactions: [],
  };
}

/** Payments with `ge ≤ create_time < lt`, sorted by create_time (one per statement, so statement order). */
export function paymentsIn(fin: FinanceState, w: FinanceWindow = {}, order: SortOrder = 'ASC'): StatementState[] {
  return statementsIn(fin, w, order);
}

/** A Get Payments record (§9.5): money as {value, currency}. */
export function paymentRecord(gen: DataContext, fin: FinanceState, s: StatementState): Record<string, unknown> {
  const totals = statementTotals(gen, fin, s);
  const currency = fin.shop.market.currency;
  const amount = { value: money(fin, totals.settlement), currency };
  return {
    id: s.payment.id,
    create_time: s.payment.createTime,
    paid_time: s.payment.paidTime,
    status: s.payment.status,
    amount,
    settlement_amount: { ...amount },
    reserve_amount: { value: money(fin, 0), currency },
    payment_amount_before_exchange: { ...amount },
    exchange_rate: '1.000000',
    bank_account: fin.bankAccount,
  };
}

/** Withdrawals of the given types with `ge ≤ create_time < lt` (inclusivity unstated in §9.4), by create_time. */
export function withdrawalsIn(fin: FinanceState, types: readonly WithdrawalType[], w: FinanceWindow = {}): WithdrawalState[] {
  return fin.withdrawals.filter((x) => types.includes(x.type)
    && (w.ge === undefined || x.createTime >= w.ge) && (w.lt === undefined || x.createTime < w.lt));
}

/** A Get Withdrawals record (§9.5); the amount is its statement's settlement amount. */
export function withdrawalRecord(gen: DataContext, fin: FinanceState, x: WithdrawalState): Record<string, unknown> {
  const totals = statementTotals(gen, fin, at(fin.statements, x.statementK));
  return {
    id: x.id,
    type: x.type,
    status: x.status,
    amount: money(fin, totals.settlement),
    currency: fin.shop.market.currency,
    create_time: x.createTime,
  };
}

/** Markets where Get Payments is not offered (docs/tiktok-shop-api.md §9.10): the sandbox refuses it there. */
export const PAYMENTS_NOT_OFFERED_IN: readonly string[] = ['ID', 'MY', 'PH', 'SG', 'TH', 'VN'];
/** Get Withdrawals' "given merchant does not exist" (§9.10). */
export const MERCHANT_NOT_FOUND = 22005007;

/** Orders on their way to settlement: shipped or done, and in no statement yet (§9.8). */
const UNSETTLED_STATUSES = new Set(['AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED']);

/** Orders not settled yet with `ge ≤ create_time < lt`, by create_time (Get Unsettled Transactions, §9.8). */
export function unsettledIn(fin: FinanceState, w: FinanceWindow = {}, order: SortOrder = 'ASC'): OrderState[] {
  const out = fin.shop.orders
    .filter((st) => UNSETTLED_STATUSES.has(st.status) && !fin.statementOfOrder.has(st.i))
    .filter((st) => (w.ge === undefined || st.create >= w.ge) && (w.lt === undefined || st.create < w.lt))
    .sort((a, b) => a.create - b.create || a.i - b.i);
  return order === 'DESC' ? out.reverse() : out;
}

/**
 * A `transactions[]` item of Get Unsettled Transactions 202507 (§9.8): the order's transaction as it will settle,
 * as estimates; before delivery the settlement time is a sentence, after it a Unix time as a string.
 */
export function unsettledRecord(gen: DataContext, fin: FinanceState, st: OrderState): Record<string, unknown> {
  const t = orderTransaction(gen, fin.shop, st);
  const delivered = st.delivery > 0;
  return {
    id: t.id,
    type: 'ORDER',
    status: 'UNSETTLED',
    currency: fin.shop.market.currency,
    order_id: st.id,
    adjustment_id: '',
    adjustment_order_id: '',
    order_create_time: st.create,
    ...(delivered ? { order_delivery_time: st.delivery } : {}),
    estimated_settlement: delivered ? String(st.delivery + 8 * 86_400) : '8 days after delivery',
    unsettled_reason: delivered ? 'within the settlement period after delivery' : 'waiting for delivery',
    est_revenue_amount: money(fin, t.revenue),
    est_shipping_cost_amount: money(fin, t.shippingCost),
    est_fee_tax_amount: money(fin, t.feeTax),
    est_adjustment_amount: money(fin, t.adjustment),
    est_settlement_amount: money(fin, t.settlement),
    revenue_breakdown: breakdowns(fin, t.skus).revenue_breakdown,
    shipping_cost_breakdown: breakdowns(fin, t.skus).shipping_cost_breakdown,
    fee_tax_breakdown: breakdowns(fin, t.skus).fee_tax_breakdown,
  };
}
