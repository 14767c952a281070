/** Control surface (/__sandbox/advance, /__sandbox/stats) and incremental extraction after an advance. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index.js';
import { ORDERS, PRODUCTS, RETURNS, SHOPS, call, pageAll } from './helpers.js';

let sb: SandboxHandle;

beforeAll(async () => {
  sb = await startSandbox({ seed: 9, shops: 2, orders: 200, products: 20 });
});
afterAll(async () => {
  await sb.close();
});

async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sb.info.base_url}${path}`, {
    method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe('advance', () => {
  test('POST /__sandbox/advance creates and updates records an incremental query finds', async () => {
    const shops = sb.store.shops();
    const oldClock = sb.store.clock();
    const res = await control('POST', '/__sandbox/advance', {
      seconds: 3600, new_orders: 7, updated_orders: 5, new_returns: 2, updated_returns: 1, new_products: 2, updated_products: 3,
    });
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data.previous_clock).toBe(oldClock);
    expect(data.clock).toBe(oldClock + 3600);
    expect(sb.store.clock()).toBe(oldClock + 3600);
    expect(data.shops).toHaveLength(2);

    for (const [k, shop] of shops.entries()) {
      const changes = data.shops[k];
      expect(changes.shop_id).toBe(shop.id);
      expect(changes.new_orders).toHaveLength(7);
      expect(changes.updated_orders).toHaveLength(5);
      expect(changes.new_products).toHaveLength(2);
      expect(changes.updated_products).toHaveLength(3);

      // Orders: update_time_ge = old clock finds exactly the new and updated ones.
      const inc = await pageAll(sb, ORDERS, shop.cipher, 'orders', {
        pageSize: 5, sortField: 'update_time', sortOrder: 'ASC', body: { update_time_ge: oldClock },
      });
      expect(inc.items.map((o) => o.id).sort()).toEqual([...changes.new_orders, ...changes.updated_orders].sort());
      for (const o of inc.items) {
        expect(o.update_time).toBeGreaterThan(oldClock);
        expect(o.update_time).toBeLessThanOrEqual(data.clock);
      }
      for (const id of changes.new_orders) expect(sb.store.order(shop.id, id)!.create_time).toBeGreaterThan(oldClock);
      expect(sb.store.orderCount(shop.id)).toBe(207);

      // Returns and products, the same way.
      const rets = await pageAll(sb, RETURNS, shop.cipher, 'return_orders', { pageSize: 50, body: { update_time_ge: oldClock } });
      expect(rets.items.map((r) => r.return_id).sort()).toEqual([...changes.new_returns, ...changes.updated_returns].sort());
      const prods = await pageAll(sb, PRODUCTS, shop.cipher, 'products', { pageSize: 50, body: { update_time_ge: oldClock + 1 } });
      expect(prods.items.map((p) => p.id).sort()).toEqual([...changes.new_products, ...changes.updated_products].sort());
      // New products are sellable: their SKUs show up in Get Product.
      const p = await call(sb, 'GET', `/product/202309/products/${changes.new_products[0]}`, { query: { shop_cipher: shop.cipher } });
      expect(p.body.code).toBe(0);
    }
  });

  test('handle.advance moves the clock too, and the store reflects the new versions', () => {
    const shop = sb.store.shops()[0]!;
    const before = sb.store.clock();
    const result = sb.advance({ seconds: 60, newOrders: 0, updatedOrders: 3, newReturns: 0, updatedReturns: 0, newProducts: 0, updatedProducts: 0 });
    expect(result.clock).toBe(before + 60);
    for (const id of result.shops[0]!.updated_orders) {
      const o = sb.store.order(shop.id, id)!;
      expect(o.update_time).toBeGreaterThan(before);
    }
    expect(sb.store.orders(shop.id, { ge: before + 1 }).map((o) => o.id).sort()).toEqual([...result.shops[0]!.updated_orders].sort());
  });

  test('bad advance body → 400', async () => {
    const res = await control('POST', '/__sandbox/advance', { seconds: -5 });
    expect(res.status).toBe(400);
    expect(res.body.code).not.toBe(0);
  });
});

describe('stats', () => {
  test('counts requests per endpoint template and shop; control calls do not count', async () => {
    sb.resetStats();
    const shop = sb.store.shops()[1]!;
    await call(sb, 'GET', SHOPS);
    await call(sb, 'POST', ORDERS, { query: { shop_cipher: shop.cipher, page_size: '10' } });
    const order = sb.store.orders(shop.id)[0]!;
    await call(sb, 'GET', `/order/202407/orders/${order.id}/price_detail`, { query: { shop_cipher: shop.cipher } });
    await call(sb, 'GET', `/order/202407/orders/${order.id}/price_detail`, { query: { shop_cipher: shop.cipher } });
    await call(sb, 'GET', SHOPS, { sign: 'bad' });
    await control('GET', '/__sandbox/stats');
    await control('POST', '/__sandbox/advance', { seconds: 1, new_orders: 0, updated_orders: 0, new_returns: 0, updated_returns: 0, new_products: 0, updated_products: 0 });
    const stats = (await control('GET', '/__sandbox/stats')).body.data;
    expect(stats).toEqual(sb.stats());
    expect(stats.requests).toBe(5);
    expect(stats.by_endpoint).toEqual({
      'GET /authorization/202309/shops': 2,
      'POST /order/202309/orders/search': 1,
      'GET /order/202407/orders/{order_id}/price_detail': 2,
    });
    expect(stats.by_shop).toEqual({ [shop.id]: 3 });
    expect(stats.errors).toEqual({ '106001': 1 });
    expect(stats.throttled).toBe(0);
    expect(stats.faults).toBe(0);
  });
});
