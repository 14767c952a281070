import { only, sync } from './fake-sync.js';
import { FakeShopApi } from './fake-shop-api.js';
import { productRecords } from '../../../src/streams/products.js';
import { priceDetailRecords } from '../../../src/streams/orders.js';

/** Issue 30, hardening round 3: engine items at the fake shop API. */
describe('a nested list that is not a list (item 3)', () => {
  test('cancel_line_items as an object fails the family naming endpoint and request_id; no line item lost silently, no bookmark moved', async () => {
    // Two shops: the other one syncs, so the run ends partial (exit 3) with its output rather than throwing.
    const api = new FakeShopApi(2, 30);
    const shop = api.shops[0]!.id;
    api.cancellations.get(shop)![2]!.cancel_line_items = { cancel_line_item_id: '1' };
    const { code, logs, finalBookmark } = await sync(api, { selection: only('cancellations', 'cancellation_line_items') });
    expect(code).toBe(3);
    expect(finalBookmark('cancellations', api.shops[1]!.id)).toBeDefined();
    expect(logs).toMatch(/search_cancellations: "cancel_line_items" in the reply is not a list \(got an object\) \(request_id r\d+\)/);
    expect(finalBookmark('cancellations', shop)).toBeUndefined();
  });

  test('an order whose line_items is a string fails orders; absent or null is an empty list', async () => {
    const api = new FakeShopApi(1, 5);
    const orders = api.orders.get(api.shops[0]!.id)!;
    orders[1]!.line_items = null;
    const ok = await sync(api, { selection: only('orders', 'order_line_items') });
    expect(ok.code).toBe(0);
    orders[3]!.line_items = 'none';
    await expect(sync(api, { selection: only('orders', 'order_line_items') })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^search_orders: "line_items" in the reply is not a list \(got a string\) \(request_id r\d+\)$/),
    });
  });

  test('the record builders of price detail and SKUs refuse a non-list too', () => {
    expect(() => priceDetailRecords({ line_items: { id: '1' } }, '1', '1')).toThrow(/"line_items" in the reply is not a list/);
    expect(() => productRecords({ id: '1', skus: { id: 'x' } }, undefined, '1')).toThrow(/"skus" in the reply is not a list/);
  });
});
