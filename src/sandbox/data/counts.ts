/**
 * How many records of each stream-ish entity a shop holds, optionally within a time window, so tests compare a
 * tap's output with the sandbox instead of counting by hand. Parents are windowed on their own time field; a child
 * (line items, SKUs, price detail lines, external references, statement transactions) counts with its parent.
 * Windows are `ge ≤ t < lt` for every entity (products too, although their search takes `_le`). Finance records
 * count as the API serves them to the shop's grant: none when it lacks the finance scope.
 */
import { at } from './arrays.js';
import { inventoryRowCount, listedByDefault } from './catalog-extras.js';
import { externalOf } from './external-orders.js';
import type { FinanceState } from './finance-state.js';
import { transactionCount, transactionsAt } from './finance-transactions.js';
import { PAYMENTS_NOT_OFFERED_IN, unsettledIn } from './finance-views.js';
import type { DataContext } from './generation.js';
import { orderStatic } from './order-contents.js';
import { listedPackages, packageCreate, packageUpdate } from './packages.js';
import type { ShopState } from './state.js';
import { inWindow, type TimeWindow } from './views.js';

export interface EntityCounts {
  orders: number;
  order_line_items: number;
  /** Lines of Get Price Detail (one per order line item: every order has a price detail). */
  order_line_item_price_detail: number;
  /** External order references over the configured platforms, and their line items. */
  external_orders: number;
  external_order_line_items: number;
  returns: number;
  return_line_items: number;
  products: number;
  product_skus: number;
  cancellations: number;
  cancellation_line_items: number;
  /** Packages Search Packages lists (those of shipped orders). */
  packages: number;
  /** Get Statements; `create_time` is the statement_time, `update_time` the last payment status change. */
  statements: number;
  /** Transactions of those statements (ORDER and adjustment rows), with their statement. */
  statement_transactions: number;
  /** SKU rows of the ORDER transactions of those statements (Get Order Statement Transactions, §9.7). */
  order_sku_transactions: number;
  /** Orders not settled yet (Get Unsettled Transactions, §9.8), by order create_time; one snapshot. */
  unsettled_transactions: number;
  /** Get Payments (one per statement, none in the SEA markets that refuse it); `update_time` = the last status change. */
  payments: number;
  /** Get Withdrawals of every type; `update_time` = the last status change. */
  withdrawals: number;
  /** Inventory Search rows (one per SKU and warehouse) of the products the default search lists, with their product. */
  inventory: number;
}

export const ENTITIES: readonly (keyof EntityCounts)[] = [
  'orders', 'order_line_items', 'order_line_item_price_detail', 'external_orders', 'external_order_line_items', 'returns',
  'return_line_items', 'products', 'product_skus', 'cancellations', 'cancellation_line_items', 'packages', 'statements',
  'statement_transactions', 'order_sku_transactions', 'unsettled_transactions', 'payments', 'withdrawals', 'inventory',
];

export function emptyCounts(): EntityCounts {
  return Object.fromEntries(ENTITIES.map((e) => [e, 0])) as unknown as EntityCounts;
}

export function countShop(gen: DataContext, shop: ShopState, w: TimeWindow = {}, fin?: FinanceState): EntityCounts {
  const byUpdate = (w.field ?? 'update_time') === 'update_time';
  const c = emptyCounts();
  for (const st of shop.orders) {
    if (!inWindow(byUpdate ? st.update : st.create, w)) continue;
    const lines = orderStatic(gen, shop, st).lines.length;
    c.orders++;
    c.order_line_items += lines;
    c.order_line_item_price_detail += lines;
    for (const ext of externalOf(gen, shop, st)) {
      c.external_orders++;
      c.external_order_line_items += ext.line_items.length;
    }
  }
  for (const ret of shop.returns) {
    if (!inWindow(byUpdate ? ret.update : ret.create, w)) continue;
    c.returns++;
    c.return_line_items += ret.lineIdx.length;
  }
  for (const p of shop.products) {
    if (!inWindow(byUpdate ? p.data.update_time : p.data.create_time, w)) continue;
    c.products++;
    c.product_skus += p.data.skus.length;
    if (listedByDefault(p)) c.inventory += inventoryRowCount(p);
  }
  for (const x of shop.cancellations) {
    if (!inWindow(byUpdate ? x.update : x.create, w)) continue;
    c.cancellations++;
    c.cancellation_line_items += orderStatic(gen, shop, at(shop.orders, x.orderIdx)).lines.length;
  }
  for (const ref of listedPackages(gen, shop)) {
    if (inWindow(byUpdate ? packageUpdate(ref.st) : packageCreate(ref.st), w)) c.packages++;
  }
  if (fin && fin.scopeGranted) {
    for (const s of fin.statements) {
      if (inWindow(byUpdate ? s.update : s.statementTime, w)) {
        c.statements++;
        c.statement_transactions += transactionCount(s);
        for (const t of transactionsAt(gen, fin, s, 0, transactionCount(s))) if (t.type === 'ORDER') c.order_sku_transactions += t.skus.length;
      }
      if (inWindow(byUpdate ? s.payment.update : s.payment.createTime, w) && !PAYMENTS_NOT_OFFERED_IN.includes(shop.market.region)) c.payments++;
    }
    for (const st of unsettledIn(fin)) if (inWindow(st.create, w)) c.unsettled_transactions++;
    for (const x of fin.withdrawals) if (inWindow(byUpdate ? x.update : x.createTime, w)) c.withdrawals++;
  }
  return c;
}
