/**
 * The finance endpoints over HTTP: Get Statements, Get Statement Transactions 202501, Get Order
 * Transactions 202501, Get Payments, Get Withdrawals — signed and paged like every endpoint, joined to the orders the
 * sandbox serves, changed by an advance, refused with 105005 for a shop whose grant lacks the finance scope. Money
 * is summed from the served decimal strings with BigInt, never as floats.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSandbox, type SandboxHandle, type Shop } from '../../../src/sandbox/index.js';
import {
  ORDERS, PAYMENTS, SHOPS, STATEMENTS, WITHDRAWALS, call, orderTransactionsPath, pageAll, statementTransactionsPath,
} from './helpers.js';

const ALL_TYPES = 'WITHDRAW,SETTLE,TRANSFER,REVERSE';

let sb: SandboxHandle;
let shops: Shop[];

beforeAll(async () => {
  // The third shop's grant lacks the finance scope (1-based shop numbers).
  sb = await startSandbox({ seed: 21, shops: 3, orders: 400, products: 20, days: 45, noFinanceScope: [3] });
  shops = sb.store.shops();
});
afterAll(async () => {
  await sb.close();
});

/** Decimal string → BigInt of minor units, checking the currency's number of decimals. */
function minor(text: unknown, decimals: number): bigint {
  const s = String(text);
  const re = decimals === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${decimals}}$`);
  if (!re.test(s)) throw new Error(`money ${s} does not have ${decimals} decimals`);
  return BigInt(s.replace('.', ''));
}

const statementsOf = (s: SandboxHandle, cipher: string, pageSize = 7, query: Record<string, string> = {}) =>
  pageAll(s, STATEMENTS, cipher, 'statements', { method: 'GET', pageSize, sortField: 'statement_time', query });
const paymentsOf = (s: SandboxHandle, cipher: string, pageSize = 6) =>
  pageAll(s, PAYMENTS, cipher, 'payments', { method: 'GET', pageSize, sortField: 'create_time' });
const withdrawalsOf = (s: SandboxHandle, cipher: string, types = ALL_TYPES, pageSize = 9) =>
  pageAll(s, WITHDRAWALS, cipher, 'withdrawals', { method: 'GET', pageSize, query: { types } });
const transactionsOf = (s: SandboxHandle, cipher: string, id: string, pageSize = 4) =>
  pageAll(s, statementTransactionsPath(id), cipher, 'transactions', { method: 'GET', pageSize, sortField: 'order_create_time' });

describe('finance endpoints, signed and paged', () => {
  test('Get Statements: every statement over several pages, by statement_time, no total_count; DESC and filters', async () => {
    const shop = shops[0]!;
    const all = await statementsOf(sb, shop.cipher);
    expect(all.pages).toBeGreaterThan(2);
    expect(all.items.map((s) => s.id)).toEqual(sb.store.statements(shop.id).map((s) => s.id));
    for (const text of all.dataTexts) expect(JSON.parse(text)).not.toHaveProperty('total_count');
    const times = all.items.map((s) => s.statement_time as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(all.items.map((s) => s.id)).size).toBe(all.items.length);
    const desc = await pageAll(sb, STATEMENTS, shop.cipher, 'statements', { method: 'GET', pageSize: 5, sortField: 'statement_time', sortOrder: 'DESC' });
    expect(desc.items.map((s) => s.id)).toEqual([...all.items].reverse().map((s) => s.id));
    // statement_time_ge inclusive, _lt exclusive; payment_status filters.
    const ge = times[3]!;
    const lt = times[10]!;
    const window = await statementsOf(sb, shop.cipher, 100, { statement_time_ge: String(ge), statement_time_lt: String(lt) });
    expect(window.items.map((s) => s.id)).toEqual(all.items.filter((s) => s.statement_time >= ge && s.statement_time < lt).map((s) => s.id));
    for (const status of ['PAID', 'PROCESSING']) {
      const some = await statementsOf(sb, shop.cipher, 100, { payment_status: status });
      expect([status, some.items.length > 0]).toEqual([status, true]);
      expect(some.items.map((s) => s.id)).toEqual(all.items.filter((s) => s.payment_status === status).map((s) => s.id));
    }
    // The default page size is 20.
    const first = await call(sb, 'GET', STATEMENTS, { query: { shop_cipher: shop.cipher, sort_field: 'statement_time' } });
    expect(first.body.data.statements).toHaveLength(Math.min(20, all.items.length));
  });

  test('per statement, the transactions (every page) add up exactly to the statement and its payment', async () => {
    let statements = 0;
    let multiPage = 0;
    for (const shop of shops.slice(0, 2)) {
      const served = (await statementsOf(sb, shop.cipher, 100)).items;
      const payments = new Map((await paymentsOf(sb, shop.cipher, 100)).items.map((p) => [p.id as string, p]));
      for (const st of served) {
        const d = sb.currencyDecimals(st.currency as string);
        const got = await transactionsOf(sb, shop.cipher, st.id as string);
        if (got.pages > 1) multiPage++;
        expect(got.totalCount).toBe(got.items.length);
        const sum = (field: string): bigint => got.items.reduce((acc: bigint, t: any) => acc + minor(t[field], d), 0n);
        expect([st.id, sum('settlement_amount')]).toEqual([st.id, minor(st.settlement_amount, d)]);
        expect(sum('revenue_amount')).toBe(minor(st.net_sales_amount, d));
        expect(sum('shipping_cost_amount')).toBe(minor(st.shipping_cost_amount, d));
        expect(sum('fee_tax_amount')).toBe(minor(st.fee_amount, d));
        expect(sum('adjustment_amount')).toBe(minor(st.adjustment_amount, d));
        // The statement-level fields of the page repeat the statement.
        const head = JSON.parse(got.dataTexts[0]!);
        expect([head.id, head.create_time, head.currency]).toEqual([st.id, st.statement_time, st.currency]);
        expect(head.total_settlement_amount).toBe(st.settlement_amount);
        const payment = payments.get(st.payment_id as string);
        expect(payment?.amount).toEqual({ value: st.settlement_amount, currency: st.currency });
        statements++;
      }
    }
    expect(statements).toBeGreaterThan(30);
    expect(multiPage).toBeGreaterThan(10);
  });

  test('ORDER transactions name real orders of the shop; Get Order Transactions names their line items\' SKUs', async () => {
    let rows = 0;
    for (const shop of shops.slice(0, 2)) {
      const others = shops.filter((s) => s.id !== shop.id);
      for (const st of (await statementsOf(sb, shop.cipher, 100)).items) {
        const txns = (await transactionsOf(sb, shop.cipher, st.id as string, 100)).items;
        const orderIds = txns.filter((t) => t.type === 'ORDER').map((t) => t.order_id as string);
        for (const t of txns.filter((x) => x.type !== 'ORDER')) {
          expect(t.order_id).toBe('');
          expect(sb.store.order(shop.id, t.adjustment_order_id as string)).toBeDefined();
        }
        // Get Order Detail over HTTP: every referenced order is served by this shop and by no other.
        const detail = await call(sb, 'GET', ORDERS.replace('/search', ''), { query: { shop_cipher: shop.cipher, ids: orderIds.join(',') } });
        expect(detail.body.code).toBe(0);
        const orders = new Map((detail.body.data.orders as any[]).map((o) => [o.id as string, o]));
        expect([st.id, [...orders.keys()].sort()]).toEqual([st.id, [...orderIds].sort()]);
        for (const other of others) for (const id of orderIds) expect(sb.store.order(other.id, id)).toBeUndefined();
        for (const t of txns.filter((x) => x.type === 'ORDER')) {
          const order = orders.get(t.order_id as string);
          expect(order.status).toBe('COMPLETED');
          expect(t.order_create_time).toBe(order.create_time);
          const res = await call(sb, 'GET', orderTransactionsPath(t.order_id as string), { query: { shop_cipher: shop.cipher } });
          expect(res.body.code).toBe(0);
          const byOrder = res.body.data;
          expect(byOrder.order_id).toBe(t.order_id);
          expect(byOrder.settlement_amount).toBe(t.settlement_amount);
          expect(byOrder.total_count).toBe(byOrder.sku_transactions.length);
          const skus = new Map<string, number>();
          for (const line of order.line_items as { sku_id: string }[]) skus.set(line.sku_id, (skus.get(line.sku_id) ?? 0) + 1);
          const d = sb.currencyDecimals(byOrder.currency as string);
          let settled = 0n;
          for (const row of byOrder.sku_transactions as any[]) {
            expect([row.sku_id, skus.has(row.sku_id)]).toEqual([row.sku_id, true]);
            expect(row.statement_id).toBe(st.id);
            expect(row.quantity).toBe(String(skus.get(row.sku_id)));
            settled += minor(row.settlement_amount, d);
            rows++;
          }
          expect((byOrder.sku_transactions as any[]).map((r) => r.sku_id).sort()).toEqual([...skus.keys()].sort());
          expect(settled).toBe(minor(t.settlement_amount, d));
        }
      }
    }
    expect(rows).toBeGreaterThan(200);
  });

  test('Get Order Transactions: an unknown order → 21008111; an order not settled yet → no SKU rows', async () => {
    const shop = shops[0]!;
    const unknown = await call(sb, 'GET', orderTransactionsPath('576000000000000000'), { query: { shop_cipher: shop.cipher } });
    expect([unknown.status, unknown.body.code]).toEqual([200, 21008111]);
    const open = sb.store.orders(shop.id).find((o) => o.status === 'AWAITING_SHIPMENT')!;
    const res = await call(sb, 'GET', orderTransactionsPath(open.id), { query: { shop_cipher: shop.cipher } });
    expect(res.body.code).toBe(0);
    expect(res.body.data).toMatchObject({ order_id: open.id, order_create_time: open.create_time, total_count: 0, sku_transactions: [] });
  });

  test('every payment belongs to a statement (same id link, time, amount, status); withdrawals follow the payments', async () => {
    for (const shop of shops.slice(0, 2)) {
      const statements = (await statementsOf(sb, shop.cipher, 100)).items;
      const byPayment = new Map(statements.map((s) => [s.payment_id as string, s]));
      const payments = await paymentsOf(sb, shop.cipher);
      expect(payments.pages).toBeGreaterThan(2);
      for (const text of payments.dataTexts) expect(JSON.parse(text)).not.toHaveProperty('total_count');
      expect(payments.items).toHaveLength(statements.length);
      for (const p of payments.items) {
        const s = byPayment.get(p.id);
        expect([p.id, s !== undefined]).toEqual([p.id, true]);
        expect([p.create_time, p.status, p.paid_time]).toEqual([s.statement_time, s.payment_status, s.payment_time]);
        expect(p.amount).toEqual({ value: s.settlement_amount, currency: s.currency });
      }
      const withdrawals = await withdrawalsOf(sb, shop.cipher);
      expect(withdrawals.pages).toBeGreaterThan(2);
      expect(withdrawals.totalCount).toBe(withdrawals.items.length);
      const times = withdrawals.items.map((x) => x.create_time as number);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const settles = withdrawals.items.filter((x) => x.type === 'SETTLE');
      expect(settles).toHaveLength(payments.items.length);
      // Each SETTLE carries one payment: created with it, for its amount, SUCCESS once it is PAID.
      const unmatched = [...payments.items];
      for (const x of settles) {
        const k = unmatched.findIndex((p) => p.create_time === x.create_time && p.amount.value === x.amount);
        expect([x.id, k >= 0]).toEqual([x.id, true]);
        const [p] = unmatched.splice(k, 1);
        expect([x.id, x.status]).toEqual([x.id, p.status === 'PAID' ? 'SUCCESS' : p.status]);
        expect(x.currency).toBe(p.amount.currency);
      }
      const reverses = withdrawals.items.filter((x) => x.type === 'REVERSE');
      expect(reverses).toHaveLength(payments.items.filter((p) => p.status === 'FAILED').length);
      const only = await withdrawalsOf(sb, shop.cipher, 'SETTLE', 100);
      expect(only.items.map((x) => x.id)).toEqual(settles.map((x) => x.id));
      const ge = times[2]!;
      const window = await pageAll(sb, WITHDRAWALS, shop.cipher, 'withdrawals', { method: 'GET', pageSize: 100, query: { types: ALL_TYPES, create_time_ge: String(ge) } });
      expect(window.items.map((x) => x.id)).toEqual(withdrawals.items.filter((x) => x.create_time >= ge).map((x) => x.id));
    }
  });

  test('the counts route agrees with what the endpoints serve', async () => {
    const res = await fetch(`${sb.info.base_url}/__sandbox/counts`);
    const byShop = ((await res.json()) as any).data.by_shop;
    for (const shop of shops.slice(0, 2)) {
      const statements = (await statementsOf(sb, shop.cipher, 100)).items;
      let transactions = 0;
      for (const st of statements) transactions += (await transactionsOf(sb, shop.cipher, st.id, 100)).items.length;
      expect(byShop[shop.id]).toMatchObject({
        statements: statements.length, statement_transactions: transactions,
        payments: (await paymentsOf(sb, shop.cipher, 100)).items.length, withdrawals: (await withdrawalsOf(sb, shop.cipher, ALL_TYPES, 100)).items.length,
      });
    }
    expect(byShop[shops[2]!.id]).toMatchObject({ statements: 0, statement_transactions: 0, payments: 0, withdrawals: 0 });
  });
});

describe('finance parameters are checked like the real API', () => {
  const refused = async (path: string, query: Record<string, string>): Promise<[number, number, string]> => {
    const res = await call(sb, 'GET', path, { query: { shop_cipher: shops[0]!.cipher, ...query } });
    return [res.status, res.body.code, res.body.message];
  };

  test('page_size out of [1, 100] → 36009004 on every paged call', async () => {
    const id = sb.store.statements(shops[0]!.id)[0]!.id;
    const calls: [string, Record<string, string>][] = [
      [STATEMENTS, { sort_field: 'statement_time' }], [PAYMENTS, { sort_field: 'create_time' }], [WITHDRAWALS, { types: ALL_TYPES }],
      [statementTransactionsPath(id), { sort_field: 'order_create_time' }],
    ];
    for (const [path, query] of calls) {
      for (const size of ['0', '101', 'ten']) {
        const [status, code, message] = await refused(path, { ...query, page_size: size });
        expect([path, size, status, code]).toEqual([path, size, 400, 36009004]);
        expect(message).toMatch(/page_size must be between 1 and 100/);
      }
      expect((await refused(path, { ...query, page_size: '100' }))[1]).toBe(0);
      expect((await refused(path, { ...query, page_size: '1' }))[1]).toBe(0);
    }
  });

  test('sort_field is required where it exists and takes its one value; sort_order ASC or DESC', async () => {
    const id = sb.store.statements(shops[0]!.id)[0]!.id;
    const calls: [string, string][] = [[STATEMENTS, 'statement_time'], [PAYMENTS, 'create_time'], [statementTransactionsPath(id), 'order_create_time']];
    for (const [path, field] of calls) {
      const missing = await refused(path, {});
      expect([path, missing[1]]).toEqual([path, 36009004]);
      expect(missing[2]).toMatch(/sort_field is required/);
      expect((await refused(path, { sort_field: 'update_time' }))[1]).toBe(36009004);
      expect((await refused(path, { sort_field: field, sort_order: 'UP' }))[1]).toBe(36009004);
      expect((await refused(path, { sort_field: field, sort_order: 'DESC' }))[1]).toBe(0);
    }
  });

  test('withdrawals need types (comma-joined, known values); other filters are checked too', async () => {
    const none = await refused(WITHDRAWALS, {});
    expect(none[1]).toBe(36009004);
    expect(none[2]).toMatch(/types is required/);
    expect((await refused(WITHDRAWALS, { types: '' }))[1]).toBe(36009004);
    expect((await refused(WITHDRAWALS, { types: 'SETTLE,REFUND' }))[1]).toBe(36009004);
    expect((await refused(WITHDRAWALS, { types: 'SETTLE', create_time_ge: 'yesterday' }))[1]).toBe(36009004);
    expect((await refused(STATEMENTS, { sort_field: 'statement_time', payment_status: 'LATE' }))[1]).toBe(36009004);
  });

  test('page tokens are bound to the query: another filter, another statement or another call is refused', async () => {
    const shop = shops[0]!;
    const first = await call(sb, 'GET', STATEMENTS, { query: { shop_cipher: shop.cipher, sort_field: 'statement_time', page_size: '2' } });
    const token = first.body.data.next_page_token as string;
    expect(token).not.toBe('');
    expect((await refused(STATEMENTS, { sort_field: 'statement_time', page_token: token, page_size: '3' }))[1]).toBe(0);
    expect((await refused(STATEMENTS, { sort_field: 'statement_time', page_token: token, payment_status: 'PAID' }))[1]).toBe(36009004);
    expect((await refused(STATEMENTS, { sort_field: 'statement_time', sort_order: 'DESC', page_token: token }))[1]).toBe(36009004);
    expect((await refused(PAYMENTS, { sort_field: 'create_time', page_token: token }))[1]).toBe(36009004);
    const [a, b] = sb.store.statements(shop.id).filter((s) => sb.store.statementTransactions(shop.id, s.id)!.length > 2);
    const page = await call(sb, 'GET', statementTransactionsPath(a!.id), { query: { shop_cipher: shop.cipher, sort_field: 'order_create_time', page_size: '1' } });
    const txToken = page.body.data.next_page_token as string;
    expect((await refused(statementTransactionsPath(a!.id), { sort_field: 'order_create_time', page_token: txToken }))[1]).toBe(0);
    expect((await refused(statementTransactionsPath(b!.id), { sort_field: 'order_create_time', page_token: txToken }))[1]).toBe(36009004);
  });

  test('an unknown statement id → 36009004 naming it', async () => {
    const [status, code, message] = await refused(statementTransactionsPath('7999999'), { sort_field: 'order_create_time' });
    expect([status, code]).toEqual([400, 36009004]);
    expect(message).toContain('7999999');
  });

  test('the gateway rules apply: signature, shop_cipher, access token', async () => {
    const cipher = shops[0]!.cipher;
    const query = { shop_cipher: cipher, sort_field: 'statement_time' };
    expect((await call(sb, 'GET', STATEMENTS, { query, sign: 'f'.repeat(64) })).body.code).toBe(106001);
    expect((await call(sb, 'GET', STATEMENTS, { query: { sort_field: 'statement_time' } })).body.code).toBe(106013);
    expect((await call(sb, 'GET', STATEMENTS, { query, token: 'nope' })).body.code).toBe(36009004);
    expect((await call(sb, 'POST', STATEMENTS, { query })).body.code).toBe(36009010);
    sb.resetStats();
    await call(sb, 'GET', statementTransactionsPath('1'), { query: { shop_cipher: cipher } });
    expect(sb.stats().by_endpoint).toMatchObject({ 'GET /finance/202501/statements/{statement_id}/statement_transactions': 1 });
  });
});

describe('the finance scope', () => {
  test('a shop without it gets 105005 on every finance route, before any parameter check; its other endpoints work', async () => {
    const shop = shops[2]!;
    const other = shops[0]!;
    expect(sb.store.financeScope(shop.id)).toBe(false);
    const id = sb.store.statements(other.id)[0]!.id;
    const orderId = sb.store.orders(shop.id)[0]!.id;
    // Bad or missing parameters and unknown ids too: the scope is refused first.
    const calls: [string, Record<string, string>][] = [
      [STATEMENTS, { sort_field: 'statement_time' }], [STATEMENTS, { page_size: '500' }], [PAYMENTS, {}], [WITHDRAWALS, {}],
      [WITHDRAWALS, { types: ALL_TYPES }], [statementTransactionsPath(id), { sort_field: 'order_create_time' }],
      [orderTransactionsPath(orderId), {}], [orderTransactionsPath('1'), {}],
    ];
    for (const [path, query] of calls) {
      const res = await call(sb, 'GET', path, { query: { shop_cipher: shop.cipher, ...query } });
      expect([path, res.status, res.body.code]).toEqual([path, 403, 105005]);
      expect(res.body.message).toContain('seller.finance.info');
      expect(res.body.data).toBeNull();
    }
    const orders = await call(sb, 'POST', ORDERS, { query: { shop_cipher: shop.cipher, page_size: '5' }, body: {} });
    expect(orders.body.code).toBe(0);
    expect(orders.body.data.orders).toHaveLength(5);
    expect((await call(sb, 'GET', SHOPS)).body.data.shops).toHaveLength(3);
    const detail = await call(sb, 'GET', '/order/202309/orders', { query: { shop_cipher: shop.cipher, ids: orderId } });
    expect(detail.body.data.orders).toHaveLength(1);
    // The other shops are not affected.
    expect((await call(sb, 'GET', STATEMENTS, { query: { shop_cipher: other.cipher, sort_field: 'statement_time' } })).body.code).toBe(0);
  });

  test('POST /__sandbox/finance_scope withdraws and grants it while running; GET lists it', async () => {
    const control = async (method: 'GET' | 'POST', body?: unknown) => {
      const res = await fetch(`${sb.info.base_url}/__sandbox/finance_scope`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
      return { status: res.status, body: (await res.json()) as any };
    };
    const shop = shops[1]!;
    const query = { shop_cipher: shop.cipher, sort_field: 'create_time' };
    expect((await control('GET')).body.data.by_shop).toEqual({ [shops[0]!.id]: true, [shop.id]: true, [shops[2]!.id]: false });
    expect((await control('POST', { shop_id: shop.id, granted: false })).body.data).toEqual({ shop_id: shop.id, granted: false });
    try {
      expect((await call(sb, 'GET', PAYMENTS, { query })).body.code).toBe(105005);
    } finally {
      expect((await control('POST', { shop_id: shop.id, granted: true })).status).toBe(200);
    }
    expect((await call(sb, 'GET', PAYMENTS, { query })).body.code).toBe(0);
    for (const bad of [{ shop_id: '1', granted: false }, { shop_id: shop.id }, {}]) {
      const res = await control('POST', bad);
      expect([JSON.stringify(bad), res.status]).toEqual([JSON.stringify(bad), 400]);
    }
  });

  test('an unknown shop in noFinanceScope is refused at start, naming it', async () => {
    await expect(startSandbox({ shops: 2, orders: 10, noFinanceScope: [3] })).rejects.toThrow(/noFinanceScope/);
    await expect(startSandbox({ shops: 2, orders: 10, noFinanceScope: ['7495399000000000000'] })).rejects.toThrow(/no shop 7495399000000000000/);
  });
});

describe('finance over time', () => {
  let live: SandboxHandle;
  beforeAll(async () => {
    live = await startSandbox({ seed: 22, shops: 2, orders: 300, products: 10 });
  });
  afterAll(async () => {
    await live.close();
  });

  test('a 1-hour advance pays or fails a PROCESSING statement; its payment and withdrawal follow; creation times stay', async () => {
    const shopsHere = live.store.shops();
    const before = await Promise.all(shopsHere.map(async (shop) => ({
      statements: (await statementsOf(live, shop.cipher, 100)).items,
      payments: (await paymentsOf(live, shop.cipher, 100)).items,
      withdrawals: (await withdrawalsOf(live, shop.cipher, ALL_TYPES, 100)).items,
    })));
    const previous = live.store.clock();
    const reply = await fetch(`${live.info.base_url}/__sandbox/advance`, { method: 'POST', body: JSON.stringify({ seconds: 3600 }) });
    const advance = ((await reply.json()) as any).data;
    expect(advance.clock).toBe(previous + 3600);
    let paid = 0;
    for (const [k, shop] of shopsHere.entries()) {
      const was = before[k]!;
      const changes = advance.shops[k];
      const processing = was.statements.filter((s) => s.payment_status === 'PROCESSING');
      expect(processing.length).toBeGreaterThan(0);
      // The oldest PROCESSING statement is the one an advance resolves first.
      expect(changes.updated_statements).toContain(processing[0]!.id);
      const now = (await statementsOf(live, shop.cipher, 100)).items;
      const payments = new Map((await paymentsOf(live, shop.cipher, 100)).items.map((p) => [p.id, p]));
      const withdrawals = (await withdrawalsOf(live, shop.cipher, ALL_TYPES, 100)).items;
      expect(now.map((s) => [s.id, s.statement_time])).toEqual(was.statements.map((s) => [s.id, s.statement_time]));
      for (const id of changes.updated_statements as string[]) {
        const old = was.statements.find((s) => s.id === id)!;
        const cur = now.find((s) => s.id === id)!;
        expect(old.payment_status).toBe('PROCESSING');
        expect(['PAID', 'FAILED']).toContain(cur.payment_status);
        // Only the status and the payment time move; amounts and statement_time stay.
        expect({ ...cur, payment_status: '', payment_time: 0 }).toEqual({ ...old, payment_status: '', payment_time: 0 });
        const payment = payments.get(cur.payment_id)!;
        const oldPayment = was.payments.find((p) => p.id === cur.payment_id)!;
        expect(changes.updated_payments).toContain(payment.id);
        expect(payment.status).toBe(cur.payment_status);
        expect(payment.status).not.toBe(oldPayment.status);
        expect(payment.create_time).toBe(oldPayment.create_time);
        if (cur.payment_status === 'PAID') {
          paid++;
          expect(cur.payment_time).toBeGreaterThan(previous);
          expect(cur.payment_time).toBeLessThanOrEqual(previous + 3600);
          expect(payment.paid_time).toBe(cur.payment_time);
        } else {
          expect(withdrawals.some((x) => x.type === 'REVERSE' && x.create_time > previous && x.amount === cur.settlement_amount)).toBe(true);
        }
        const settle = withdrawals.find((x) => x.type === 'SETTLE' && x.create_time === cur.statement_time && x.amount === cur.settlement_amount)!;
        expect(settle.status).toBe(cur.payment_status === 'PAID' ? 'SUCCESS' : 'FAILED');
        expect(changes.updated_withdrawals).toContain(settle.id);
      }
      // Records not reported as changed are served as before.
      const untouched = was.statements.filter((s) => !(changes.updated_statements as string[]).includes(s.id));
      for (const s of untouched) expect(now.find((x) => x.id === s.id)).toEqual(s);
    }
    expect(paid).toBeGreaterThan(0);
  });

  test('advancing past midnight adds the day\'s statement, with its payment and SETTLE withdrawal', async () => {
    const shop = live.store.shops()[0]!;
    const before = (await statementsOf(live, shop.cipher, 100)).items.length;
    const res = live.advance({ seconds: 86400, newOrders: 20, updatedOrders: 60 });
    const changes = res.shops[0]!;
    expect(changes.new_statements.length).toBeGreaterThan(0);
    const now = (await statementsOf(live, shop.cipher, 100)).items;
    expect(now.length).toBe(before + changes.new_statements.length);
    const fresh = now.filter((s) => changes.new_statements.includes(s.id));
    for (const s of fresh) {
      expect(s.statement_time).toBeGreaterThan(res.previous_clock);
      expect(s.statement_time).toBeLessThanOrEqual(res.clock);
      expect(changes.new_payments).toContain(s.payment_id);
    }
    const settles = (await withdrawalsOf(live, shop.cipher, 'SETTLE', 100)).items;
    expect(settles.filter((x) => changes.new_withdrawals.includes(x.id))).toHaveLength(fresh.length);
  });
});
