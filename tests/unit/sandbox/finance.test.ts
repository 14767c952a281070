/**
 * The sandbox's finance data model: statements, their transactions, payments and withdrawals,
 * generated from the shop's orders. Sums are checked on the rendered decimal strings with BigInt, independently of
 * the generator's integer arithmetic.
 */
import { describe, expect, test } from '@jest/globals';
import { advanceShop } from '../../../src/sandbox/data/advance.js';
import { deriveCredentials } from '../../../src/sandbox/data/credentials.js';
import { advanceFinance, createFinance, setFinanceScope } from '../../../src/sandbox/data/finance.js';
import { formatSigned, share } from '../../../src/sandbox/data/finance-money.js';
import { orderTransaction } from '../../../src/sandbox/data/finance-transactions.js';
import type { FinanceState } from '../../../src/sandbox/data/finance-state.js';
import {
  FINANCE_SCOPE, MISSING_SCOPE_CODE, financeScopeError, orderTransactions, paymentRecord, paymentsIn, statementRecord,
  statementTransactionsPage, statementsIn, withdrawalRecord, withdrawalsIn,
} from '../../../src/sandbox/data/finance-views.js';
import type { DataContext } from '../../../src/sandbox/data/generation.js';
import { DAY, HOUR } from '../../../src/sandbox/data/generation.js';
import { renderOrder } from '../../../src/sandbox/data/order-json.js';
import { createShop } from '../../../src/sandbox/data/shops.js';
import type { ShopState } from '../../../src/sandbox/data/state.js';
import { resolveOptions } from '../../../src/sandbox/options.js';
import { hashString } from '../../../src/sandbox/random.js';

interface World {
  gen: DataContext;
  shops: ShopState[];
  fins: FinanceState[];
  clock: number;
  advances: number;
}

/** What the store will do once wired: shops and their finance at the start clock. */
function world(seed: number | string, shops = 4, orders = 400): World {
  const opts = resolveOptions({ seed, shops, orders, products: 20, days: 60 }, deriveCredentials);
  const gen: DataContext = { seed: hashString(String(opts.seed)), opts };
  const list = Array.from({ length: shops }, (_, s) => createShop(gen, s, opts.now));
  return { gen, shops: list, fins: list.map((shop) => createFinance(gen, shop, opts.now)), clock: opts.now, advances: 0 };
}

/** What Store.advance will do: orders first, then finance (see finance.ts). */
function advance(w: World, seconds: number, resolveStatements = 1): ReturnType<typeof advanceFinance>[] {
  const previous = w.clock;
  w.clock += seconds;
  w.advances++;
  const counts = { newOrders: 5, updatedOrders: 40, newReturns: 0, updatedReturns: 0, newProducts: 0, updatedProducts: 0 };
  return w.shops.map((shop, s) => {
    advanceShop(w.gen, shop, w.advances, previous, seconds, counts);
    const fin = w.fins[s];
    if (!fin) throw new Error('no finance');
    return advanceFinance(w.gen, fin, w.advances, previous, seconds, { resolveStatements });
  });
}

/** Every transaction of a statement, paging 7 at a time. */
function allTransactions(w: World, fin: FinanceState, id: string): { data: Record<string, any>; items: any[]; pages: number } {
  const items: any[] = [];
  let offset: number | undefined = 0;
  let data: Record<string, any> = {};
  let pages = 0;
  while (offset !== undefined) {
    const got = statementTransactionsPage(w.gen, fin, id, offset, 7);
    if (!got) throw new Error(`statement ${id} not found`);
    data = got.data;
    items.push(...got.page.items);
    offset = got.page.next;
    pages++;
  }
  return { data, items, pages };
}

/** Decimal string → BigInt of minor units, checking the currency's number of decimals. */
function minor(text: unknown, decimals: number): bigint {
  const s = String(text);
  const re = decimals === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${decimals}}$`);
  if (!re.test(s)) throw new Error(`money ${s} does not have ${decimals} decimals`);
  return BigInt(s.replace('.', ''));
}

function dump(w: World): string {
  const parts: unknown[] = [];
  w.fins.forEach((fin) => {
    for (const s of statementsIn(fin)) {
      parts.push(statementRecord(w.gen, fin, s), allTransactions(w, fin, s.id).items, paymentRecord(w.gen, fin, s));
    }
    for (const x of withdrawalsIn(fin, ['WITHDRAW', 'SETTLE', 'TRANSFER', 'REVERSE'])) parts.push(withdrawalRecord(w.gen, fin, x));
  });
  return JSON.stringify(parts);
}

describe('finance money', () => {
  test('signed decimal strings keep the currency decimals', () => {
    expect(formatSigned(-105, 2)).toBe('-1.05');
    expect(formatSigned(-5, 2)).toBe('-0.05');
    expect(formatSigned(1230, 2)).toBe('12.30');
    expect(formatSigned(-5000, 0)).toBe('-5000');
    expect(formatSigned(0, 2)).toBe('0.00');
    expect(() => formatSigned(1.5, 2)).toThrow(/not an integer/);
  });

  test('basis-point shares round half away from zero, symmetric in sign', () => {
    expect(share(1250, 200)).toBe(25);
    expect(share(25, 200)).toBe(1); // 0.5 → 1
    expect(share(-25, 200)).toBe(-1);
    expect(share(24, 200)).toBe(0);
  });
});

describe('finance data', () => {
  const w = world(7);

  test('every shop has statements, some still PROCESSING, the rest resolved', () => {
    for (const fin of w.fins) {
      const all = statementsIn(fin);
      expect(all.length).toBeGreaterThan(10);
      expect(all.some((s) => s.status === 'PROCESSING')).toBe(true);
      expect(all.some((s) => s.status === 'PAID')).toBe(true);
      for (const s of all) {
        expect(s.statementTime % DAY).toBe(0);
        expect(s.statementTime).toBeLessThanOrEqual(w.clock);
      }
    }
  });

  test('same seed → identical records; another seed → other records', () => {
    const again = dump(world(7));
    expect(again).toBe(dump(w));
    expect(dump(world(8))).not.toBe(again);
  });

  test('per statement, the transactions add up exactly to the statement (settlement and every component)', () => {
    let checked = 0;
    for (const fin of w.fins) {
      const d = fin.shop.market.decimals;
      for (const s of statementsIn(fin)) {
        const rec = statementRecord(w.gen, fin, s);
        const { data, items, pages } = allTransactions(w, fin, s.id);
        expect(items.length).toBe(data['total_count']);
        if (items.length > 7) expect(pages).toBeGreaterThan(1);
        const sum = (field: string): bigint => items.reduce((acc: bigint, t: any) => acc + minor(t[field], d), 0n);
        for (const t of items) {
          expect(minor(t.settlement_amount, d)).toBe(minor(t.revenue_amount, d) + minor(t.shipping_cost_amount, d)
            + minor(t.fee_tax_amount, d) + minor(t.adjustment_amount, d));
        }
        const settlement = minor(rec['settlement_amount'], d);
        expect(sum('settlement_amount')).toBe(settlement);
        expect(minor(data['total_settlement_amount'], d)).toBe(settlement);
        expect(minor(data['payable_amount'], d)).toBe(settlement);
        const b = data['total_settlement_breakdown'];
        expect(minor(b.total_revenue_amount, d)).toBe(sum('revenue_amount'));
        expect(minor(b.total_shipping_cost_amount, d)).toBe(sum('shipping_cost_amount'));
        expect(minor(b.total_fee_tax_amount, d)).toBe(sum('fee_tax_amount'));
        expect(minor(b.total_adjustment_amount, d)).toBe(sum('adjustment_amount'));
        // Get Statements: net sales + shipping + fee + adjustment = settlement = revenue + fee + adjustment (§9.6).
        expect(minor(rec['net_sales_amount'], d)).toBe(sum('revenue_amount'));
        expect(minor(rec['shipping_cost_amount'], d)).toBe(sum('shipping_cost_amount'));
        expect(minor(rec['fee_amount'], d)).toBe(sum('fee_tax_amount'));
        expect(minor(rec['adjustment_amount'], d)).toBe(sum('adjustment_amount'));
        expect(minor(rec['revenue_amount'], d) + minor(rec['fee_amount'], d) + minor(rec['adjustment_amount'], d)).toBe(settlement);
        expect(rec['currency']).toBe(fin.shop.market.currency);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
  });

  test('transaction pages: order_create_time order, DESC the reverse of ASC, any page size, one adjustment at most', () => {
    let adjusted = 0;
    for (const fin of w.fins) {
      for (const s of statementsIn(fin)) {
        const asc = allTransactions(w, fin, s.id).items;
        for (let k = 1; k < asc.length; k++) expect(asc[k].order_create_time).toBeGreaterThanOrEqual(asc[k - 1].order_create_time);
        const desc: any[] = [];
        let offset: number | undefined = 0;
        while (offset !== undefined) {
          const got = statementTransactionsPage(w.gen, fin, s.id, offset, 3, 'DESC');
          desc.push(...(got?.page.items ?? []));
          offset = got?.page.next;
        }
        expect(desc.map((t) => t.id)).toEqual([...asc].reverse().map((t) => t.id));
        expect(new Set(asc.map((t) => t.id)).size).toBe(asc.length);
        const adjustments = asc.filter((t) => t.type !== 'ORDER').length;
        expect(adjustments).toBeLessThanOrEqual(1);
        adjusted += adjustments;
        expect(asc.length - adjustments).toBe(s.orderIdx.length);
      }
    }
    expect(adjusted).toBeGreaterThan(5);
  });

  test('fee lines are deductions and the breakdowns add up to their totals', () => {
    const fin = w.fins[0];
    if (!fin) throw new Error('no shop');
    const d = fin.shop.market.decimals;
    const s = statementsIn(fin)[0];
    if (!s) throw new Error('no statement');
    const order = allTransactions(w, fin, s.id).items.filter((t) => t.type === 'ORDER');
    expect(order.length).toBeGreaterThan(0);
    const total = (o: Record<string, string>): bigint => Object.values(o).reduce((a, v) => a + minor(v, d), 0n);
    for (const t of order) {
      expect(minor(t.fee_tax_amount, d)).toBeLessThan(0n);
      expect(total(t.fee_tax_breakdown.fee) + total(t.fee_tax_breakdown.tax)).toBe(minor(t.fee_tax_amount, d));
      expect(total(t.revenue_breakdown)).toBe(minor(t.revenue_amount, d));
      const { supplementary_component: _, ...shipping } = t.shipping_cost_breakdown;
      expect(total(shipping)).toBe(minor(t.shipping_cost_amount, d));
      expect(t.fee_tax_breakdown.fee).toHaveProperty('transaction_fee_amount');
    }
  });

  test('every transaction references an order of the same shop, and its SKU rows the order\'s line items', () => {
    let rows = 0;
    for (const fin of w.fins) {
      const shop = fin.shop;
      const d = shop.market.decimals;
      const otherShops = w.fins.filter((f) => f !== fin).map((f) => f.shop);
      const seenOrders = new Set<string>();
      for (const s of statementsIn(fin)) {
        for (const t of allTransactions(w, fin, s.id).items) {
          if (t.type !== 'ORDER') {
            expect(t.order_id).toBe('');
            expect(t.adjustment_id).not.toBe('');
            expect(shop.orderById.has(t.adjustment_order_id)).toBe(true);
            continue;
          }
          const st = shop.orderById.get(t.order_id);
          if (!st) throw new Error(`transaction ${t.id}: order ${t.order_id} is not in shop ${shop.info.id}`);
          for (const other of otherShops) expect(other.orderById.has(t.order_id)).toBe(false);
          expect(seenOrders.has(t.order_id)).toBe(false); // an order settles once
          seenOrders.add(t.order_id);
          expect(st.status).toBe('COMPLETED');
          expect(Math.floor(st.completed / DAY)).toBe(s.day);
          expect(t.order_create_time).toBe(st.create);
          const order = JSON.parse(renderOrder(w.gen, shop, st).toString()) as { line_items: { id: string; sku_id: string }[] };
          const byOrder = orderTransactions(w.gen, fin, t.order_id);
          if (!byOrder) throw new Error(`order ${t.order_id} has no transactions`);
          expect(byOrder['settlement_amount']).toBe(t.settlement_amount);
          const skuRows = byOrder['sku_transactions'] as any[];
          expect(skuRows.reduce((a: bigint, r: any) => a + minor(r.settlement_amount, d), 0n)).toBe(minor(t.settlement_amount, d));
          // Internal rows name the line items they settle: together exactly the order's line items, SKU by SKU.
          const internal = orderTransaction(w.gen, shop, st);
          expect(internal.id).toBe(t.id);
          const covered = internal.skus.flatMap((r) => r.lineItemIds.map((id) => `${id}/${r.skuId}`)).sort();
          expect(covered).toEqual(order.line_items.map((l) => `${l.id}/${l.sku_id}`).sort());
          for (const r of skuRows) {
            expect(r.statement_id).toBe(s.id);
            expect(Number(r.quantity)).toBe(order.line_items.filter((l) => l.sku_id === r.sku_id).length);
            rows++;
          }
        }
      }
    }
    expect(rows).toBeGreaterThan(100);
  });

  test('payments reference their statements, amounts and statuses agree; withdrawals follow', () => {
    for (const fin of w.fins) {
      const statements = statementsIn(fin);
      const byPayment = new Map(statements.map((s) => [statementRecord(w.gen, fin, s)['payment_id'] as string, s]));
      const payments = paymentsIn(fin).map((s) => paymentRecord(w.gen, fin, s));
      expect(payments.length).toBe(statements.length);
      for (const p of payments) {
        const s = byPayment.get(p['id'] as string);
        if (!s) throw new Error(`payment ${String(p['id'])} has no statement`);
        const rec = statementRecord(w.gen, fin, s);
        expect(p['amount']).toEqual({ value: rec['settlement_amount'], currency: fin.shop.market.currency });
        expect(p['status']).toBe(rec['payment_status']);
        expect(p['paid_time']).toBe(rec['payment_time']);
        expect(p['create_time']).toBe(rec['statement_time']);
        if (p['status'] === 'PAID') expect(p['paid_time']).toBeGreaterThan(p['create_time'] as number);
        else expect(p['paid_time']).toBe(0);
        expect(p['bank_account']).toMatch(/^[* ]+\d{4}$/);
      }
      const withdrawals = withdrawalsIn(fin, ['SETTLE']);
      expect(withdrawals.length).toBe(statements.length);
      for (const x of withdrawals) {
        const s = fin.statements[x.statementK];
        if (!s) throw new Error('withdrawal without statement');
        expect(withdrawalRecord(w.gen, fin, x)['amount']).toBe(statementRecord(w.gen, fin, s)['settlement_amount']);
        expect(x.status).toBe(s.status === 'PAID' ? 'SUCCESS' : s.status);
      }
    }
  });

  test('time windows: ge inclusive, lt exclusive, sorted either way', () => {
    const fin = w.fins[1];
    if (!fin) throw new Error('no shop');
    const all = statementsIn(fin);
    const mid = all[Math.floor(all.length / 2)];
    if (!mid) throw new Error('no statement');
    const after = statementsIn(fin, { ge: mid.statementTime });
    expect(after[0]).toBe(mid);
    expect(statementsIn(fin, { lt: mid.statementTime }).includes(mid)).toBe(false);
    const desc = statementsIn(fin, {}, 'DESC');
    expect(desc.map((s) => s.id)).toEqual([...all].reverse().map((s) => s.id));
    for (let k = 1; k < all.length; k++) expect((all[k]?.statementTime ?? 0) > (all[k - 1]?.statementTime ?? 0)).toBe(true);
    expect(statementsIn(fin, {}, 'ASC', 'PROCESSING').every((s) => s.status === 'PROCESSING')).toBe(true);
    expect(statementTransactionsPage(w.gen, fin, 'no-such-statement', 0, 10)).toBeUndefined();
  });

  test('a shop can be marked as lacking the finance scope (105005, naming the scope)', () => {
    const fin = w.fins[2];
    if (!fin) throw new Error('no shop');
    expect(financeScopeError(fin)).toBeUndefined();
    setFinanceScope(fin, false);
    const err = financeScopeError(fin);
    expect(err?.code).toBe(MISSING_SCOPE_CODE);
    expect(err?.code).toBe(105005);
    expect(err?.message).toContain(FINANCE_SCOPE);
    setFinanceScope(fin, true);
    expect(financeScopeError(fin)).toBeUndefined();
  });
});

describe('finance over time', () => {
  test('an advance pays the oldest PROCESSING statement inside the window, with its payment and withdrawal', () => {
    const w = world(11, 2);
    const fin = w.fins[0];
    if (!fin) throw new Error('no shop');
    const target = statementsIn(fin, {}, 'ASC', 'PROCESSING')[0];
    if (!target) throw new Error('no PROCESSING statement');
    const before = statementRecord(w.gen, fin, target);
    const previous = w.clock;
    const [res] = advance(w, HOUR);
    expect(res?.updated_statements).toContain(target.id);
    const after = statementRecord(w.gen, fin, target);
    expect(after['payment_status']).not.toBe('PROCESSING');
    expect(target.update).toBeGreaterThan(previous);
    expect(target.update).toBeLessThanOrEqual(w.clock);
    // Amounts and statement_time never move; a re-read of the trailing window sees the new status.
    expect({ ...after, payment_status: 0, payment_time: 0 }).toEqual({ ...before, payment_status: 0, payment_time: 0 });
    const reread = statementsIn(fin, { ge: previous - 30 * DAY }).find((s) => s.id === target.id);
    expect(reread?.status).toBe(after['payment_status']);
    const payment = paymentRecord(w.gen, fin, target);
    expect(payment['status']).toBe(after['payment_status']);
    if (after['payment_status'] === 'PAID') {
      expect(after['payment_time']).toBe(target.update);
      expect(payment['paid_time']).toBe(target.update);
    }
    const settle = withdrawalsIn(fin, ['SETTLE']).find((x) => x.statementK === target.k);
    expect(settle?.status).toBe(after['payment_status'] === 'PAID' ? 'SUCCESS' : 'FAILED');
  });

  test('advancing over days creates statements for the orders completed meanwhile and resolves due payments', () => {
    const w = world(12, 2);
    const fin = w.fins[0];
    if (!fin) throw new Error('no shop');
    const count = fin.statements.length;
    const results = [];
    for (let k = 0; k < 8; k++) {
      const previous = w.clock;
      const [res] = advance(w, DAY / 2, 0);
      if (!res) throw new Error('no result');
      results.push(res);
      for (const id of res.new_statements) {
        const s = fin.statementById.get(id);
        expect(s?.statementTime).toBeGreaterThan(previous);
        expect(s?.statementTime).toBeLessThanOrEqual(w.clock);
      }
      for (const id of res.updated_statements) {
        const s = fin.statementById.get(id);
        expect(s?.update).toBeGreaterThan(previous);
        expect(s?.update).toBeLessThanOrEqual(w.clock);
      }
    }
    expect(fin.statements.length).toBeGreaterThan(count);
    expect(results.some((r) => r.updated_statements.length > 0)).toBe(true);
    // Orders the advances completed settle in the statement of their completion day.
    const fresh = fin.statements.slice(count);
    const orders = fresh.flatMap((s) => s.orderIdx.map((i) => ({ s, st: fin.shop.orders[i] })));
    expect(orders.some(({ st }) => (st?.completed ?? 0) > w.clock - 4 * DAY)).toBe(true);
    for (const { s, st } of orders) expect(Math.floor((st?.completed ?? 0) / DAY)).toBe(s.day);
    // No statement is ever due in the future, and every due payment has resolved.
    for (const s of fin.statements) if (s.resolveAt <= w.clock) expect(s.status).not.toBe('PROCESSING');
  });

  test('advances are deterministic', () => {
    const a = world(13, 2);
    const b = world(13, 2);
    for (let k = 0; k < 3; k++) {
      advance(a, DAY);
      advance(b, DAY);
    }
    expect(dump(a)).toBe(dump(b));
  });
});
