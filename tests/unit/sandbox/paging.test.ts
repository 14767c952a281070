/** Search endpoints: page_size limits, bounds, sorting, page tokens, the product cap, Get Product refusals. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PRODUCT_SEARCH_CAP, PRODUCT_UNAVAILABLE, startSandbox, type SandboxHandle } from '../../../src/sandbox/index.js';
import { ORDERS, PRODUCTS, RETURNS, call, pageAll } from './helpers.js';

let sb: SandboxHandle;
let shopId: string;
let cipher: string;

beforeAll(async () => {
  sb = await startSandbox({ seed: 5, shops: 2, orders: 400, products: 60, returnsShare: 0.5 });
  const shop = sb.store.shops()[0]!;
  shopId = shop.id;
  cipher = shop.cipher;
});
afterAll(async () => {
  await sb.close();
});

const search = (path: string, query: Record<string, string>, body: unknown = {}) =>
  call(sb, 'POST', path, { query: { shop_cipher: cipher, ...query }, body });

describe('page_size', () => {
  test('orders: required, 1-100', async () => {
    expect((await search(ORDERS, {})).body.code).toBe(36009004);
    expect((await search(ORDERS, { page_size: '0' })).body.code).toBe(36009004);
    expect((await search(ORDERS, { page_size: '101' })).body.code).toBe(36009004);
    expect((await search(ORDERS, { page_size: 'ten' })).body.code).toBe(36009004);
    const ok = await search(ORDERS, { page_size: '100' });
    expect(ok.body.code).toBe(0);
    expect(ok.body.data.orders).toHaveLength(100);
  });

  test('returns: optional (default 10), at most 50', async () => {
    const def = await search(RETURNS, {});
    expect(def.body.code).toBe(0);
    expect(def.body.data.return_orders).toHaveLength(10);
    expect((await search(RETURNS, { page_size: '51' })).body.code).toBe(36009004);
    expect((await search(RETURNS, { page_size: '50' })).body.code).toBe(0);
  });

  test('products: required, 1-100', async () => {
    expect((await search(PRODUCTS, {})).body.code).toBe(36009004);
    expect((await search(PRODUCTS, { page_size: '101' })).body.code).toBe(36009004);
    expect((await search(PRODUCTS, { page_size: '100' })).body.code).toBe(0);
  });
});

describe('orders search', () => {
  test('default sort is create_time DESC; update_time ASC on request', async () => {
    const def = await pageAll(sb, ORDERS, cipher, 'orders', { pageSize: 100 });
    const creates = def.items.map((o) => o.create_time as number);
    expect(creates).toEqual([...creates].sort((a, b) => b - a));
    expect(def.items).toHaveLength(400);
    expect(def.totalCount).toBe(400);
    const asc = await pageAll(sb, ORDERS, cipher, 'orders', { pageSize: 37, sortField: 'update_time', sortOrder: 'ASC' });
    const updates = asc.items.map((o) => o.update_time as number);
    expect(updates).toEqual([...updates].sort((a, b) => a - b));
    expect(new Set(asc.items.map((o) => o.id)).size).toBe(400);
    expect(asc.pages).toBe(Math.ceil(400 / 37));
  });

  test('update_time_ge inclusive, update_time_lt exclusive; matches the store window', async () => {
    const all = sb.store.orders(shopId);
    const times = all.map((o) => o.update_time).sort((a, b) => a - b);
    const lo = times[100]!;
    const hi = times[300]!;
    const got = await pageAll(sb, ORDERS, cipher, 'orders', {
      pageSize: 50, sortField: 'update_time', sortOrder: 'ASC', body: { update_time_ge: lo, update_time_lt: hi },
    });
    const expected = sb.store.orders(shopId, { ge: lo, lt: hi }).map((o) => o.id).sort();
    expect(got.items.map((o) => o.id).sort()).toEqual(expected);
    expect(got.items.some((o) => o.update_time === lo)).toBe(true);
    expect(got.items.every((o) => o.update_time < hi)).toBe(true);
    expect(got.totalCount).toBe(expected.length);
  });

  test('create_time window with DESC sort and a status filter', async () => {
    const all = sb.store.orders(shopId);
    const lo = all[50]!.create_time;
    const hi = all[350]!.create_time;
    const expected = sb.store.orders(shopId, { field: 'create_time', ge: lo, lt: hi }).filter((o) => o.status === 'COMPLETED');
    const got = await pageAll(sb, ORDERS, cipher, 'orders', {
      pageSize: 20, body: { create_time_ge: lo, create_time_lt: hi, order_status: 'COMPLETED' },
    });
    expect(got.items.map((o) => o.id).sort()).toEqual(expected.map((o) => o.id).sort());
    expect(expected.length).toBeGreaterThan(0);
  });

  test('bad sort parameters and body values are refused', async () => {
    expect((await search(ORDERS, { page_size: '10', sort_field: 'id' })).body.code).toBe(36009004);
    expect((await search(ORDERS, { page_size: '10', sort_order: 'UP' })).body.code).toBe(36009004);
    expect((await search(ORDERS, { page_size: '10' }, { update_time_ge: '2025-01-01' })).body.code).toBe(36009004);
    expect((await search(ORDERS, { page_size: '10' }, { order_status: 'SHIPPED' })).body.code).toBe(36009004);
    expect((await search(ORDERS, { page_size: '10' }, '{not json')).body.code).toBe(36009004);
  });
});

describe('page tokens', () => {
  test('opaque base64 (with + / =), accepted only for the same query', async () => {
    const first = await search(ORDERS, { page_size: '10', sort_field: 'update_time', sort_order: 'ASC' }, { update_time_ge: 0 });
    const token = first.body.data.next_page_token as string;
    expect(token).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(token).toMatch(/[+/=]/);
    // Same query, different page size: fine.
    const next = await search(ORDERS, { page_size: '20', sort_field: 'update_time', sort_order: 'ASC', page_token: token }, { update_time_ge: 0 });
    expect(next.body.code).toBe(0);
    expect(next.body.data.orders[0].id).not.toBe(first.body.data.orders[0].id);
    // Another filter, another sort, another shop, another endpoint: refused.
    const otherBody = await search(ORDERS, { page_size: '10', sort_field: 'update_time', sort_order: 'ASC', page_token: token }, { update_time_ge: 1 });
    expect(otherBody.body.code).toBe(36009004);
    expect(otherBody.body.message).toMatch(/page_token/);
    const otherSort = await search(ORDERS, { page_size: '10', sort_field: 'update_time', sort_order: 'DESC', page_token: token }, { update_time_ge: 0 });
    expect(otherSort.body.code).toBe(36009004);
    const otherShop = await call(sb, 'POST', ORDERS, {
      query: { shop_cipher: sb.store.shops()[1]!.cipher, page_size: '10', sort_field: 'update_time', sort_order: 'ASC', page_token: token },
      body: { update_time_ge: 0 },
    });
    expect(otherShop.body.code).toBe(36009004);
    const otherEndpoint = await search(RETURNS, { page_size: '10', page_token: token });
    expect(otherEndpoint.body.code).toBe(36009004);
    const garbage = await search(ORDERS, { page_size: '10', page_token: 'bm90IGEgdG9rZW4=' });
    expect(garbage.body.code).toBe(36009004);
  });

  test('the last page has an empty next_page_token', async () => {
    const res = await search(ORDERS, { page_size: '100' }, { create_time_ge: sb.store.orders(shopId)[390]!.create_time });
    expect(res.body.data.next_page_token).toBe('');
  });
});

describe('returns search', () => {
  test('default sort create_time ASC; update_time DESC on request; filters', async () => {
    const def = await pageAll(sb, RETURNS, cipher, 'return_orders', { pageSize: 7 });
    const creates = def.items.map((r) => r.create_time as number);
    expect(creates).toEqual([...creates].sort((a, b) => a - b));
    expect(def.items.map((r) => r.return_id).sort()).toEqual(sb.store.returns(shopId).map((r) => r.return_id).sort());
    expect(def.items.length).toBeGreaterThan(5);
    const desc = await pageAll(sb, RETURNS, cipher, 'return_orders', { pageSize: 50, sortField: 'update_time', sortOrder: 'DESC' });
    const updates = desc.items.map((r) => r.update_time as number);
    expect(updates).toEqual([...updates].sort((a, b) => b - a));
    const one = def.items[0];
    const byOrder = await search(RETURNS, { page_size: '50' }, { order_ids: [one.order_id] });
    expect(byOrder.body.data.return_orders.map((r: any) => r.return_id)).toContain(one.return_id);
    const lt = await pageAll(sb, RETURNS, cipher, 'return_orders', { pageSize: 50, body: { update_time_lt: one.update_time } });
    expect(lt.items.every((r) => r.update_time < one.update_time)).toBe(true);
  });
});

describe('products', () => {
  test('_le bounds are inclusive; _lt is refused with 12019119 / 12019118', async () => {
    const products = sb.store.products(shopId);
    const t = products[10]!.update_time;
    const got = await pageAll(sb, PRODUCTS, cipher, 'products', { pageSize: 100, body: { update_time_ge: t, update_time_le: t } });
    expect(got.items.map((p) => p.id)).toContain(products[10]!.id);
    expect(got.items.every((p) => p.update_time === t)).toBe(true);
    const lt = await search(PRODUCTS, { page_size: '10' }, { update_time_ge: 0, update_time_lt: t });
    expect(lt.body.code).toBe(12019119);
    const clt = await search(PRODUCTS, { page_size: '10' }, { create_time_lt: t });
    expect(clt.body.code).toBe(12019118);
    const reversed = await search(PRODUCTS, { page_size: '10' }, { update_time_ge: t + 10, update_time_le: t });
    expect(reversed.body.code).toBe(12019119);
  });

  test('search lists every status but DELETED by default (ALL); status DELETED lists only those; status filter works', async () => {
    const all = await pageAll(sb, PRODUCTS, cipher, 'products', { pageSize: 25 });
    const deleted = await pageAll(sb, PRODUCTS, cipher, 'products', { pageSize: 25, body: { status: 'DELETED' } });
    expect(all.items.length + deleted.items.length).toBe(60);
    expect(deleted.items.length).toBeGreaterThan(0);
    expect(deleted.items.every((p) => p.status === 'DELETED')).toBe(true);
    const statuses = new Set(all.items.map((p) => p.status));
    expect(statuses.has('ACTIVATE')).toBe(true);
    expect(statuses.has('DELETED')).toBe(false);
    expect(all.items.filter((p) => p.status === 'FREEZE').length).toBeGreaterThan(0);
    const active = await pageAll(sb, PRODUCTS, cipher, 'products', { pageSize: 100, body: { status: 'ACTIVATE' } });
    expect(active.items.every((p) => p.status === 'ACTIVATE')).toBe(true);
  });

  test('Get Product returns detail with SKUs and refuses FREEZE / DELETED', async () => {
    const products = sb.store.products(shopId);
    const active = products.find((p) => p.status === 'ACTIVATE')!;
    const res = await call(sb, 'GET', `/product/202309/products/${active.id}`, { query: { shop_cipher: cipher } });
    expect(res.body.code).toBe(0);
    expect(res.body.data).toEqual(active);
    expect(res.body.data.skus.length).toBeGreaterThan(0);
    for (const p of products.filter((x) => x.status === 'FREEZE' || x.status === 'DELETED')) {
      const refused = await call(sb, 'GET', `/product/202309/products/${p.id}`, { query: { shop_cipher: cipher } });
      expect(refused.body.code).toBe(PRODUCT_UNAVAILABLE);
      expect(refused.body.message).toContain(p.status);
    }
    const unknown = await call(sb, 'GET', '/product/202309/products/1729999999999999999', { query: { shop_cipher: cipher } });
    expect(unknown.body.code).toBe(PRODUCT_UNAVAILABLE);
  });

  test('search stops at 10,000 results', async () => {
    const big = await startSandbox({ seed: 2, shops: 1, orders: 0, products: PRODUCT_SEARCH_CAP + 1000 }); // some are DELETED, which the default search leaves out
    try {
      const c = big.store.shops()[0]!.cipher;
      const got = await pageAll(big, PRODUCTS, c, 'products', { pageSize: 100 });
      expect(got.items).toHaveLength(PRODUCT_SEARCH_CAP);
      // total_count counts what the default search lists: every product but the DELETED ones (§12.3).
      const listed = big.store.products(big.store.shops()[0]!.id).filter((p) => p.status !== 'DELETED').length;
      expect(listed).toBeGreaterThan(PRODUCT_SEARCH_CAP);
      expect(got.totalCount).toBe(listed);
      expect(new Set(got.items.map((p) => p.id)).size).toBe(PRODUCT_SEARCH_CAP);
    } finally {
      await big.close();
    }
  });
});

describe('order detail, price detail, external orders', () => {
  test('known order → data; unknown order → 21008111', async () => {
    const order = sb.store.orders(shopId)[3]!;
    const price = await call(sb, 'GET', `/order/202407/orders/${order.id}/price_detail`, { query: { shop_cipher: cipher } });
    expect(price.body.code).toBe(0);
    expect(price.body.data).toEqual(sb.store.priceDetail(shopId, order.id));
    const missing = await call(sb, 'GET', '/order/202407/orders/576000000000000000/price_detail', { query: { shop_cipher: cipher } });
    expect(missing.body.code).toBe(21008111);
    const ext = await call(sb, 'GET', `/order/202406/orders/${order.id}/external_orders`, { query: { shop_cipher: cipher, platform: 'SHOPIFY' } });
    expect(ext.body.code).toBe(0);
    expect(ext.body.data.external_orders).toEqual(sb.store.externalOrders(shopId, order.id, 'SHOPIFY'));
    const noPlatform = await call(sb, 'GET', `/order/202406/orders/${order.id}/external_orders`, { query: { shop_cipher: cipher } });
    expect(noPlatform.body.code).toBe(36009004);
    const detail = await call(sb, 'GET', '/order/202507/orders', { query: { shop_cipher: cipher, ids: `${order.id},576000000000000000` } });
    expect(detail.body.data.orders).toEqual([order]);
  });
});
