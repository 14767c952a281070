/** Search Cancellations (§9.1): rules, paging, sort, filters, and consistency with the orders. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parseMoney, startSandbox, type CancellationRecord, type Order, type SandboxHandle } from '../../../src/sandbox/index.js';
import { CANCELLATIONS, RETURNS, call, pageAll } from './helpers.js';

let sb: SandboxHandle;
let shopId: string;
let cipher: string;

beforeAll(async () => {
  // Shop 0 is US (sales tax, retail delivery fee in Colorado), shop 1 GB.
  sb = await startSandbox({ seed: 11, shops: 2, orders: 800, products: 30 });
  shopId = sb.store.shops()[0]!.id;
  cipher = sb.store.shops()[0]!.cipher;
});
afterAll(async () => {
  await sb.close();
});

const search = (query: Record<string, string>, body: unknown = {}) =>
  call(sb, 'POST', CANCELLATIONS, { query: { shop_cipher: cipher, ...query }, body });
const ids = (items: { cancel_id: string }[]): string[] => items.map((c) => c.cancel_id).sort();

describe('request rules', () => {
  test('page_size: default 10, 1-50', async () => {
    const def = await search({});
    expect(def.body.code).toBe(0);
    expect(def.body.data.cancellations).toHaveLength(10);
    expect(def.body.data.total_count).toBe(sb.store.cancellations(shopId).length);
    expect((await search({ page_size: '1' })).body.data.cancellations).toHaveLength(1);
    expect((await search({ page_size: '50' })).body.data.cancellations).toHaveLength(50);
    for (const bad of ['0', '51', 'ten']) expect((await search({ page_size: bad })).body.code).toBe(36009004);
  });

  test('sort: create_time ASC by default, update_time and DESC on request, nothing else', async () => {
    const def = await pageAll(sb, CANCELLATIONS, cipher, 'cancellations', { pageSize: 50 });
    const creates = def.items.map((c) => c.create_time as number);
    expect(creates).toEqual([...creates].sort((a, b) => a - b));
    const desc = await pageAll(sb, CANCELLATIONS, cipher, 'cancellations', { pageSize: 50, sortField: 'update_time', sortOrder: 'DESC' });
    const updates = desc.items.map((c) => c.update_time as number);
    expect(updates).toEqual([...updates].sort((a, b) => b - a));
    expect(ids(desc.items)).toEqual(ids(def.items));
    expect((await search({ sort_field: 'cancel_id' })).body.code).toBe(36009004);
    expect((await search({ sort_order: 'down' })).body.code).toBe(36009004);
  });

  test('signed and shop-scoped like every API call', async () => {
    expect((await call(sb, 'POST', CANCELLATIONS, { query: { shop_cipher: cipher }, sign: 'f'.repeat(64) })).body.code).toBe(106001);
    expect((await call(sb, 'POST', CANCELLATIONS, {})).body.code).toBe(106013);
  });
});

describe('paging and filters', () => {
  test('pages of 7 list every cancellation of the shop exactly once; a token fits only its query', async () => {
    const all = await pageAll(sb, CANCELLATIONS, cipher, 'cancellations', { pageSize: 7 });
    const expected = sb.store.cancellations(shopId);
    expect(expected.length).toBeGreaterThan(40);
    expect(all.items).toHaveLength(expected.length);
    expect(ids(all.items)).toEqual(ids(expected));
    expect(all.pages).toBe(Math.ceil(expected.length / 7));
    const first = await search({ page_size: '7' });
    const token = first.body.data.next_page_token as string;
    expect((await search({ page_size: '7', page_token: token, sort_order: 'DESC' })).body.code).toBe(36009004);
    expect((await search({ page_size: '7', page_token: token }, { cancel_types: ['CANCEL'] })).body.code).toBe(36009004);
    expect((await call(sb, 'POST', RETURNS, { query: { shop_cipher: cipher, page_token: token } })).body.code).toBe(36009004);
  });

  test('create_time_ge inclusive, _lt exclusive; update_time likewise; they match the store', async () => {
    const all = sb.store.cancellations(shopId);
    for (const field of ['create_time', 'update_time'] as const) {
      const times = all.map((c) => c[field]).sort((a, b) => a - b);
      const lo = times[10]!;
      const hi = times[times.length - 10]!;
      const got = await pageAll(sb, CANCELLATIONS, cipher, 'cancellations', { pageSize: 50, body: { [`${field}_ge`]: lo, [`${field}_lt`]: hi } });
      expect(ids(got.items)).toEqual(ids(sb.store.cancellations(shopId, { field, ge: lo, lt: hi })));
      expect(got.items.some((c) => c[field] === lo)).toBe(true);
      expect(got.items.every((c) => c[field] >= lo && c[field] < hi)).toBe(true);
    }
    expect((await search({}, { update_time_ge: 'yesterday' })).body.code).toBe(36009004);
  });

  test('cancel_ids, order_ids, buyer_user_ids, cancel_status, cancel_types', async () => {
    const all = sb.store.cancellations(shopId);
    const one = all[5]!;
    const order = sb.store.order(shopId, one.order_id)!;
    expect(ids((await search({ page_size: '50' }, { cancel_ids: [one.cancel_id] })).body.data.cancellations)).toEqual([one.cancel_id]);
    expect(ids((await search({ page_size: '50' }, { order_ids: [one.order_id] })).body.data.cancellations))
      .toEqual(ids(all.filter((c) => c.order_id === one.order_id)));
    const byBuyer = await pageAll(sb, CANCELLATIONS, cipher, 'cancellations', { pageSize: 50, body: { buyer_user_ids: [order.user_id] } });
    const buyerOrders = new Set(sb.store.orders(shopId).filter((o) => o.user_id === order.user_id).map((o) => o.id));
    expect(ids(byBuyer.items)).toEqual(ids(all.filter((c) => buyerOrders.has(c.order_id))));
    for (const status of ['CANCELLATION_REQUEST_PENDING', 'CANCELLATION_REQUEST_COMPLETE']) {
      const got = await pageAll(sb, CANCELLATIONS, cipher, 'cancellations', { pageSize: 50, body: { cancel_status: [status] } });
      expect(got.items.length).toBeGreaterThan(0);
      expect(ids(got.items)).toEqual(ids(all.filter((c) => c.cancel_status === status)));
    }
    const buyer = await pageAll(sb, CANCELLATIONS, cipher, 'cancellations', { pageSize: 50, body: { cancel_types: ['BUYER_CANCEL'] } });
    expect(ids(buyer.items)).toEqual(ids(all.filter((c) => c.cancel_type === 'BUYER_CANCEL')));
    expect((await search({}, { cancel_status: ['CANCELLED'] })).body.code).toBe(36009004);
    expect((await search({}, { cancel_types: 'CANCEL' })).body.code).toBe(36009004);
  });
});

describe('consistency with the orders', () => {
  const money = (text: string, currency: string): number => parseMoney(text, sb.currencyDecimals(currency));

  test('every cancelled order has exactly one successful cancellation by its initiator; requests only on open orders', () => {
    for (const shop of sb.store.shops()) {
      const orders = new Map(sb.store.orders(shop.id).map((o) => [o.id, o] as const));
      const done = new Map<string, CancellationRecord[]>();
      const statuses = new Set<string>();
      for (const c of sb.store.cancellations(shop.id)) {
        statuses.add(c.cancel_status);
        const order = orders.get(c.order_id);
        expect(order).toBeDefined();
        expect(c.cancel_id).toMatch(/^[1-9]\d{17,18}$/);
        expect(c.create_time).toBeGreaterThanOrEqual(order!.create_time);
        expect(c.create_time).toBeLessThanOrEqual(c.update_time);
        expect(c.update_time).toBeLessThanOrEqual(sb.store.clock());
        expect(c.cancel_type).toBe(c.role === 'BUYER' ? 'BUYER_CANCEL' : 'CANCEL');
        if (c.cancel_status === 'CANCELLATION_REQUEST_SUCCESS' || c.cancel_status === 'CANCELLATION_REQUEST_COMPLETE') {
          expect(order!.status).toBe('CANCELLED');
          expect(order!.cancellation_initiator).toBe(c.role);
          expect(order!.cancel_reason).toBe(c.cancel_reason_text);
          done.set(c.order_id, [...(done.get(c.order_id) ?? []), c]);
        } else if (c.cancel_status === 'CANCELLATION_REQUEST_PENDING') {
          expect(order!.status).toBe('AWAITING_SHIPMENT');
          expect(c.seller_next_action_response).toEqual([{ action: 'SELLER_RESPOND_CANCEL', deadline: c.create_time + 2 * 86400 }]);
        } else {
          expect(c.cancel_status).toBe('CANCELLATION_REQUEST_CANCEL');
          expect(c.role).toBe('BUYER');
        }
      }
      for (const o of orders.values()) expect([o.id, done.get(o.id)?.length ?? 0]).toEqual([o.id, o.status === 'CANCELLED' ? 1 : 0]);
      expect(statuses).toEqual(new Set(['CANCELLATION_REQUEST_PENDING', 'CANCELLATION_REQUEST_CANCEL', 'CANCELLATION_REQUEST_COMPLETE',
        'CANCELLATION_REQUEST_SUCCESS']));
    }
  });

  test('cancel line items are the order line items; the refund is the order payment (0 if never paid) and adds up', () => {
    let paidSeen = 0;
    let unpaidSeen = 0;
    for (const shop of sb.store.shops()) {
      const orders = new Map<string, Order>(sb.store.orders(shop.id).map((o) => [o.id, o] as const));
      const lineIds = new Set<string>();
      for (const c of sb.store.cancellations(shop.id)) {
        const order = orders.get(c.order_id)!;
        const cur = order.payment.currency;
        const m = (text: string): number => money(text, cur);
        expect(c.cancel_line_items.map((l) => l.order_line_item_id)).toEqual(order.line_items.map((l) => l.id));
        c.cancel_line_items.forEach((l, k) => {
          const li = order.line_items[k]!;
          expect([l.sku_id, l.seller_sku, l.sku_name, l.product_name]).toEqual([li.sku_id, li.seller_sku, li.sku_name, li.product_name]);
          expect(l.cancel_line_item_id).toMatch(/^[1-9]\d{17,18}$/);
          expect(lineIds.has(l.cancel_line_item_id)).toBe(false);
          lineIds.add(l.cancel_line_item_id);
        });
        const r = c.refund_amount;
        expect(r.currency).toBe(cur);
        for (const key of ['refund_total', 'refund_subtotal', 'refund_shipping_fee', 'refund_tax', 'retail_delivery_fee', 'buyer_service_fee'] as const) {
          expect([c.cancel_id, key, c.cancel_line_items.reduce((s, l) => s + m(l.refund_amount[key]), 0)]).toEqual([c.cancel_id, key, m(r[key])]);
        }
        if (order.paid_time === undefined) {
          unpaidSeen++;
          expect(m(r.refund_total)).toBe(0);
        } else {
          paidSeen++;
          const p = order.payment;
          expect(m(r.refund_total)).toBe(m(p.total_amount));
          expect(m(r.refund_subtotal)).toBe(m(p.sub_total));
          expect(m(r.refund_shipping_fee)).toBe(m(p.shipping_fee));
          expect(m(r.refund_tax)).toBe(m(p.tax));
          expect(m(r.retail_delivery_fee)).toBe(m(p.retail_delivery_fee));
          expect(m(r.buyer_service_fee)).toBe(m(p.buyer_service_fee));
        }
      }
    }
    expect(paidSeen).toBeGreaterThan(20);
    expect(unpaidSeen).toBeGreaterThan(5);
  });

  test('the search serves what the store holds, field for field', async () => {
    const got = await pageAll(sb, CANCELLATIONS, cipher, 'cancellations', { pageSize: 50 });
    const byId = new Map(sb.store.cancellations(shopId).map((c) => [c.cancel_id, c] as const));
    for (const c of got.items) expect(c).toEqual(byId.get(c.cancel_id));
    expect(Object.keys(got.items[0]!).sort()).toEqual(['cancel_id', 'cancel_line_items', 'cancel_reason', 'cancel_reason_text',
      'cancel_status', 'cancel_type', 'create_time', 'order_id', 'refund_amount', 'role', 'seller_next_action_response',
      'should_replenish_stock', 'update_time']);
  });
});

describe('bundles (the 202602 searches, §5.6 and §9.1)', () => {
  test("a bundle line's cancel and return sub line items name the order line's sub_item_info ids, and their refunds add up to the line's", async () => {
    const orders = new Map<string, Order>();
    for (const o of (await pageAll(sb, '/order/202309/orders/search', cipher, 'orders', { pageSize: 50 })).items as Order[]) orders.set(o.id, o);
    const subIdsOf = (orderId: string, lineId: string): string[] =>
      ((orders.get(orderId)!.line_items as any[]).find((l) => l.id === lineId)!.sub_item_info ?? []).map((s: { id: string }) => s.id);
    const m = (v: string) => parseMoney(v, 2);
    let seen = 0;
    const check = (orderId: string, line: any, subKey: string) => {
      const subs = line[subKey] as any[] | undefined;
      const expected = subIdsOf(orderId, line.order_line_item_id);
      expect((subs ?? []).map((s) => s.sub_order_line_item_id)).toEqual(expected);
      if (!subs) return;
      seen++;
      for (const key of Object.keys(line.refund_amount).filter((k) => k !== 'currency')) {
        expect(subs.reduce((sum, s) => sum + m(s.refund_amount[key]), 0)).toBe(m(line.refund_amount[key]));
      }
    };
    for (const c of (await pageAll(sb, CANCELLATIONS, cipher, 'cancellations', { pageSize: 50 })).items as CancellationRecord[]) {
      for (const line of c.cancel_line_items) check(c.order_id, line, 'cancel_sub_line_items');
    }
    for (const r of (await pageAll(sb, RETURNS, cipher, 'return_orders', { pageSize: 50 })).items as any[]) {
      for (const line of r.return_line_items) check(r.order_id, line, 'return_sub_line_items');
    }
    expect(seen).toBeGreaterThan(5);
  });
});
