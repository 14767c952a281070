/** GET /__sandbox/counts (and store.counts): records per entity and shop, in a window, for e2e totals. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSandbox, type EntityCounts, type SandboxHandle, type TimeWindow } from '../../../src/sandbox/index.js';

let sb: SandboxHandle;

beforeAll(async () => {
  sb = await startSandbox({ seed: 13, shops: 2, orders: 300, products: 25, returnsShare: 0.3 });
});
afterAll(async () => {
  await sb.close();
});

/** The analytics reports' counts (rows per day, not records of the store): checked in tests/unit/sandbox/analytics.test.ts. */
const ANALYTICS = ['shop_performance', 'product_performance', 'sku_performance', 'video_performance', 'live_performance'];
const withoutAnalytics = (counts: Record<string, unknown>) => Object.fromEntries(Object.entries(counts).filter(([key]) => !ANALYTICS.includes(key)));

async function counts(query: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${sb.info.base_url}/__sandbox/counts${query}`);
  const body = (await res.json()) as any;
  if (body?.data?.total) {
    body.data.total = withoutAnalytics(body.data.total);
    for (const shop of Object.keys(body.data.by_shop)) body.data.by_shop[shop] = withoutAnalytics(body.data.by_shop[shop]);
  }
  return { status: res.status, body };
}

/** The same numbers, counted by hand from the store's records. */
function byHand(shopId: string, w: TimeWindow): EntityCounts & { affiliate_orders: number; affiliate_order_skus: number } {
  const c: EntityCounts & { affiliate_orders: number; affiliate_order_skus: number } = {
    orders: 0, order_line_items: 0, order_line_item_price_detail: 0, external_orders: 0, external_order_line_items: 0, returns: 0,
    return_line_items: 0, products: 0, product_skus: 0, cancellations: 0, cancellation_line_items: 0, packages: 0,
    statements: 0, statement_transactions: 0, order_sku_transactions: 0, unsettled_transactions: 0, payments: 0, withdrawals: 0,
    inventory: 0, affiliate_orders: 0, affiliate_order_skus: 0,
  };
  const field = w.field ?? 'update_time';
  const inside = (r: { create_time: number; update_time: number }): boolean =>
    (w.ge === undefined || r[field] >= w.ge) && (w.lt === undefined || r[field] < w.lt);
  for (const o of sb.store.orders(shopId).filter(inside)) {
    c.orders++;
    c.order_line_items += o.line_items.length;
    c.order_line_item_price_detail += sb.store.priceDetail(shopId, o.id)!.line_items.length;
    for (const platform of ['SHOPIFY', 'WOOCOMMERCE']) {
      for (const ext of sb.store.externalOrders(shopId, o.id, platform)) {
        c.external_orders++;
        c.external_order_line_items += ext.line_items.length;
      }
    }
  }
  for (const r of sb.store.returns(shopId).filter(inside)) {
    c.returns++;
    c.return_line_items += r.return_line_items.length;
  }
  for (const p of sb.store.products(shopId).filter(inside)) {
    c.products++;
    c.product_skus += p.skus.length;
    // Inventory: the SKU × warehouse rows of the products the default search lists (not DELETED ones).
    if (p.status !== 'DELETED') c.inventory += p.skus.reduce((sum, sku) => sum + sku.inventory.length, 0);
  }
  // Affiliate orders: every fifth order (by creation), one or two SKU lines, windowed on create_time whatever the field.
  sb.store.orders(shopId).forEach((o, k) => {
    if (k % 5 !== 0 || (w.ge !== undefined && o.create_time < w.ge) || (w.lt !== undefined && o.create_time >= w.lt)) return;
    c.affiliate_orders++;
    c.affiliate_order_skus += 1 + (k % 2);
  });
  for (const x of sb.store.cancellations(shopId).filter(inside)) {
    c.cancellations++;
    c.cancellation_line_items += x.cancel_line_items.length;
  }
  c.packages = sb.store.packages(shopId).filter(inside).length;
  if (!sb.store.financeScope(shopId)) return c;
  // Finance records carry no update_time; the store's windowed reads select them (their last status change).
  for (const st of sb.store.statements(shopId, w)) {
    c.statements++;
    const transactions = sb.store.statementTransactions(shopId, st.id)!;
    c.statement_transactions += transactions.length;
    for (const t of transactions.filter((x) => x.type === 'ORDER')) {
      c.order_sku_transactions += (sb.store.orderTransactions(shopId, t.order_id)!.sku_transactions as unknown[]).length;
    }
  }
  // Unsettled: shipped or done orders no statement settles yet, by their create_time.
  const settled = new Set(sb.store.statements(shopId).flatMap((st) => sb.store.statementTransactions(shopId, st.id)!.map((t) => t.order_id)));
  const byCreate = (o: { create_time: number }): boolean => (w.ge === undefined || o.create_time >= w.ge) && (w.lt === undefined || o.create_time < w.lt);
  c.unsettled_transactions = sb.store.orders(shopId).filter((o) => byCreate(o) && ['AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED'].includes(o.status) && !settled.has(o.id)).length;
  c.payments = ['ID', 'MY', 'PH', 'SG', 'TH', 'VN'].includes(sb.store.shop(shopId).market.region) ? 0 : sb.store.payments(shopId, w).length;
  c.withdrawals = sb.store.withdrawals(shopId, w).length;
  return c;
}

describe('counts', () => {
  test('everything, per shop and in total, equals the records the store serves', async () => {
    const res = await counts('');
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data.window).toEqual({ field: 'update_time', ge: null, lt: null });
    const shops = sb.store.shops();
    expect(Object.keys(data.by_shop).sort()).toEqual(shops.map((s) => s.id).sort());
    for (const shop of shops) expect(data.by_shop[shop.id]).toEqual(byHand(shop.id, {}));
    for (const [key, n] of Object.entries(data.total)) {
      expect([key, n]).toEqual([key, shops.reduce((sum, s) => sum + (data.by_shop[s.id][key] as number), 0)]);
    }
    for (const n of Object.values(data.total)) expect(n).toBeGreaterThan(0);
    // The store counts the entities it keeps by hand; the route adds the streams whose search declares `counts`.
    const own = sb.store.counts();
    expect(data.total).toEqual(expect.objectContaining(own.total as unknown as Record<string, number>));
    expect(Object.keys(data.total).filter((k) => !(k in own.total)).sort()).toEqual(['affiliate_order_skus', 'affiliate_orders']);
  });

  test('a window on update_time or create_time, one shop', async () => {
    const shop = sb.store.shops()[1]!;
    const times = sb.store.orders(shop.id).map((o) => o.update_time).sort((a, b) => a - b);
    const ge = times[100]!;
    const lt = times[250]!;
    const updated = (await counts(`?ge=${ge}&lt=${lt}&shop_id=${shop.id}`)).body.data;
    expect(Object.keys(updated.by_shop)).toEqual([shop.id]);
    expect(updated.by_shop[shop.id]).toEqual(byHand(shop.id, { ge, lt }));
    expect(updated.total).toEqual(updated.by_shop[shop.id]);
    expect(updated.total.orders).toBe(sb.store.orders(shop.id, { ge, lt }).length);
    const created = (await counts(`?field=create_time&ge=${ge}`)).body.data;
    expect(created.window).toEqual({ field: 'create_time', ge, lt: null });
    expect(created.by_shop[shop.id]).toEqual(byHand(shop.id, { field: 'create_time', ge }));
    expect(created.by_shop[shop.id]).not.toEqual(byHand(shop.id, { ge }));
  });

  test('counts follow an advance', async () => {
    const before = sb.store.counts().total;
    sb.advance({ seconds: 3600, newOrders: 4, updatedOrders: 0, newReturns: 0, updatedReturns: 0, newProducts: 1, updatedProducts: 0, newCancellations: 1, updatedCancellations: 0 });
    const after = sb.store.counts().total;
    expect(after.orders).toBe(before.orders + 8);
    expect(after.products).toBe(before.products + 2);
    expect(after.cancellations).toBeGreaterThanOrEqual(before.cancellations + 2);
    // A day later every shop has one more statement (with its payment and SETTLE withdrawal) at least.
    sb.advance({ seconds: 86400 });
    const later = sb.store.counts().total;
    expect(later.statements).toBeGreaterThanOrEqual(before.statements + 2);
    expect(later.payments).toBe(later.statements);
    expect(later.withdrawals).toBeGreaterThanOrEqual(later.payments);
    expect(later.statement_transactions).toBeGreaterThan(before.statement_transactions);
  });

  test('finance records are counted by statement_time / create_time, and not at all for a shop without the finance scope', async () => {
    const shop = sb.store.shops()[0]!;
    const all = sb.store.statements(shop.id);
    const mid = all[Math.floor(all.length / 2)]!.statement_time;
    const created = (await counts(`?field=create_time&ge=${mid}&shop_id=${shop.id}`)).body.data.by_shop[shop.id];
    expect(created.statements).toBe(all.filter((st) => st.statement_time >= mid).length);
    expect(created.payments).toBe(sb.store.payments(shop.id).filter((p) => p.create_time >= mid).length);
    expect(created.withdrawals).toBe(sb.store.withdrawals(shop.id).filter((x) => x.create_time >= mid).length);
    sb.store.setFinanceScope(shop.id, false);
    try {
      const denied = (await counts(`?shop_id=${shop.id}`)).body.data.by_shop[shop.id];
      expect([denied.statements, denied.statement_transactions, denied.payments, denied.withdrawals]).toEqual([0, 0, 0, 0]);
      expect(denied.orders).toBeGreaterThan(0);
      expect(denied).toEqual(byHand(shop.id, {}));
    } finally {
      sb.store.setFinanceScope(shop.id, true);
    }
  });

  test('bad parameters → HTTP 400 naming the problem', async () => {
    for (const [query, message] of [['?field=paid_time', /field/], ['?ge=yesterday', /ge/], ['?since=1', /since/], ['?shop_id=1', /unknown shop/]] as const) {
      const res = await counts(query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.message).toMatch(message);
    }
  });
});
