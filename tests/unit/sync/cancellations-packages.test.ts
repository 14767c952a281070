import { cancellationRecords } from '../../../src/streams/cancellations.js';
import { packageRecord } from '../../../src/streams/packages.js';
import { returnRecords } from '../../../src/streams/returns.js';
import { ENDPOINTS } from '../../../src/tiktok/endpoints.js';
import { errorsOf } from '../schemas/schema-helpers.js';
import { MissingScopeError } from '../../../src/tiktok/errors.js';
import { FakeShopApi, refusal } from './fake-shop-api.js';
import { seconds, sync } from './fake-sync.js';

const search = (api: FakeShopApi, path: string) => api.calls.filter((c) => c.path.endsWith(path));

describe('cancellations and packages (declared streams run by the engine)', () => {
  test('a full sync emits cancellations, their line items and packages; every child joins to its parent and to orders', async () => {
    const api = new FakeShopApi(2, 45);
    const { code, records } = await sync(api);
    expect(code).toBe(0);
    const cancellations = records('cancellations');
    const lines = records('cancellation_line_items');
    const packages = records('packages');
    expect(cancellations).toHaveLength([...api.cancellations.values()].flat().length);
    expect(lines).toHaveLength(cancellations.length);
    expect(packages).toHaveLength([...api.packages.values()].flat().length);
    expect(cancellations.length).toBeGreaterThan(0);
    expect(packages.length).toBeGreaterThan(0);
    const orderIds = new Set(records('orders').map((o) => o.id));
    const lineItemIds = new Set(records('order_line_items').map((l) => l.id));
    const cancelIds = new Set(cancellations.map((c) => c.cancel_id));
    for (const c of cancellations) {
      expect(orderIds.has(c.order_id)).toBe(true);
      expect(c).not.toHaveProperty('cancel_line_items');
    }
    for (const line of lines) {
      expect(cancelIds.has(line.cancel_id)).toBe(true);
      expect(orderIds.has(line.order_id)).toBe(true);
      expect(lineItemIds.has(line.order_line_item_id)).toBe(true);
    }
    for (const p of packages) {
      expect((p.order_ids as string[]).length).toBeGreaterThan(0);
      for (const id of p.order_ids as string[]) expect(orderIds.has(id)).toBe(true);
      for (const id of p.order_line_item_ids as string[]) expect(lineItemIds.has(id)).toBe(true);
    }
    expect(packages.some((p) => (p.order_ids as string[]).length > 1)).toBe(true); // a combined package
    // Both searches are sent sorted by update_time ascending (§9.1 defaults to create_time, §9.2 to DESC), in pages of at most 50.
    for (const call of [...search(api, '/cancellations/search'), ...search(api, '/packages/search')]) {
      expect(call.query).toMatchObject({ sort_field: 'update_time', sort_order: 'ASC' });
      expect(Number(call.query!.page_size)).toBeLessThanOrEqual(50);
      expect(Number(call.query!.page_size)).toBeGreaterThanOrEqual(1);
    }
  });

  test('package_detail is off by default: no Get Package Detail; on, one per package, merged under the search names', async () => {
    const off = new FakeShopApi(1, 20);
    const plain = await sync(off);
    expect(off.calls.filter((c) => /\/fulfillment\/202309\/packages\/\d+$/.test(c.path))).toHaveLength(0);
    expect(plain.records('packages')[0]!.shipping_type).toBeNull();

    const on = new FakeShopApi(1, 20);
    const detailed = await sync(on, { config: { package_detail: true } });
    const packages = detailed.records('packages');
    expect(on.calls.filter((c) => /\/fulfillment\/202309\/packages\/\d+$/.test(c.path))).toHaveLength(packages.length);
    for (const p of packages) {
      expect(p).toMatchObject({ shipping_type: 'TIKTOK', weight: { value: '120', unit: 'GRAM' }, status: 'COMPLETED' });
      expect(p.id).toEqual(expect.any(String));
      expect(p).not.toHaveProperty('package_id');
      expect(p).not.toHaveProperty('package_status');
    }
    // With a request per package, pages are capped at 20 (checkpoints stay a few seconds apart).
    for (const call of search(on, '/packages/search')) expect(Number(call.query!.page_size)).toBeLessThanOrEqual(20);
  });

  test('a package whose detail is refused (10006402, permission denied) goes out from its search record with one warning; the others get their detail', async () => {
    const api = new FakeShopApi(1, 20);
    const shopId = api.shops[0]!.id;
    const refused = new Set(api.packages.get(shopId)!.slice(0, 2).map((p) => p.id as string));
    api.failWith = (call) => {
      const id = /\/fulfillment\/202309\/packages\/(\d+)$/.exec(call.path)?.[1];
      return id && refused.has(id) ? refusal(10006402, 'refused', 'GET /fulfillment/202309/packages/{package_id}') : undefined;
    };
    const { code, records, logs } = await sync(api, { config: { package_detail: true } });
    expect(code).toBe(0);
    const packages = records('packages');
    expect(packages).toHaveLength(api.packages.get(shopId)!.length);
    for (const p of packages) expect(p.shipping_type).toBe(refused.has(p.id as string) ? null : 'TIKTOK');
    // Refused once, not retried: one request per package.
    expect(api.calls.filter((c) => /\/fulfillment\/202309\/packages\/\d+$/.test(c.path))).toHaveLength(packages.length);
    expect(logs.match(/Get Package Detail of package \d+ was refused .*code 10006402/g)).toHaveLength(1);
  });

  test('each family keeps its own per-shop bookmark; a second run from the final state reads only what changed', async () => {
    const api = new FakeShopApi(1, 30);
    const first = await sync(api, { config: { lookback_window: 0 } });
    const shopId = api.shops[0]!.id;
    const cancelBookmark = seconds(first.finalBookmark('cancellations', shopId)!.replication_key_value);
    const packageBookmark = seconds(first.finalBookmark('packages', shopId)!.replication_key_value);
    expect(cancelBookmark).toBe(Math.max(...api.cancellations.get(shopId)!.map((c) => c.update_time as number)));
    expect(packageBookmark).toBe(Math.max(...api.packages.get(shopId)!.map((p) => p.update_time as number)));
    // One cancellation and one package change after the first run; nothing else does.
    const cancellation = api.cancellations.get(shopId)![1]!;
    cancellation.update_time = cancelBookmark + 100;
    cancellation.cancel_status = 'CANCELLATION_REQUEST_SUCCESS';
    const pkg = api.packages.get(shopId)![2]!;
    pkg.update_time = packageBookmark + 100;
    pkg.status = 'CANCELLED';
    const state = first.messages.filter((m) => m.type === 'STATE').at(-1)!.value;
    const second = await sync(api, { state, config: { lookback_window: 0 } });
    // Re-read: the changed record and the last version read at the bookmark (at-least-once at the cursor's tie).
    const changedCancellations = second.records('cancellations').filter((c) => (c.update_time as string) !== first.finalBookmark('cancellations', shopId)!.replication_key_value);
    expect(changedCancellations.map((c) => c.cancel_id)).toEqual([cancellation.cancel_id]);
    const changedPackages = second.records('packages').filter((p) => (p.update_time as string) !== first.finalBookmark('packages', shopId)!.replication_key_value);
    expect(changedPackages.map((p) => p.id)).toEqual([pkg.id]);
    expect(changedPackages[0]!.status).toBe('CANCELLED');
    expect(second.records('cancellation_line_items').map((l) => l.cancel_id)).toContain(cancellation.cancel_id);
  });

  test('a missing scope for cancellations fails only that family: packages and the rest sync, exit 3', async () => {
    const api = new FakeShopApi(1, 20);
    api.failWith = (call) =>
      call.path.endsWith('/cancellations/search')
        ? new MissingScopeError({ action: 'fatal', reason: 'missing_scope', hint: 'grant the scope', endpoint: 'POST /return_refund/202602/cancellations/search', code: 105005, message: 'missing scope', requestId: 'r' })
        : undefined;
    const { code, records, logs } = await sync(api);
    expect(code).toBe(3);
    expect(records('cancellations')).toHaveLength(0);
    expect(records('packages').length).toBeGreaterThan(0);
    expect(records('products').length).toBeGreaterThan(0);
    // Returns ran before it, so only cancellations is named; the line names the scope key and the fix.
    expect(logs).toMatch(/the app's grant lacks seller\.return_refund\.basic .*, so cancellations is skipped for this shop/);
    expect(logs).toMatch(/deselect returns, return_line_items, cancellations and cancellation_line_items/);
  });

  // §3.3: both are searches of the whole shop; there is no one order to skip.
  test('25020005 ("no permission to process this order") on Search Returns: one line for returns and cancellations, no cancellation request, the rest syncs (exit 3)', async () => {
    const api = new FakeShopApi(1, 20);
    api.failWith = (call) => (call.path.endsWith('/returns/search') ? refusal(25020005, 'permission_denied', 'POST /return_refund/202602/returns/search') : undefined);
    const { code, records, logs } = await sync(api);
    expect(code).toBe(3);
    expect(search(api, '/returns/search')).toHaveLength(1);
    expect(search(api, '/cancellations/search')).toHaveLength(0);
    expect(records('orders')).toHaveLength(20);
    expect(records('packages').length).toBeGreaterThan(0);
    expect(logs.match(/lacks seller\.return_refund\.basic/g)).toHaveLength(1);
    expect(logs).toMatch(/code 25020005.*so returns and cancellations are skipped for this shop/);
  });

  test('25001001 (invalid request parameter) on Search Returns fails returns with a hint that names the cause; cancellations still sync', async () => {
    const api = new FakeShopApi(1, 20);
    api.failWith = (call) => (call.path.endsWith('/returns/search') ? refusal(25001001, 'bad_request', 'POST /return_refund/202602/returns/search') : undefined);
    const { code, records, logs } = await sync(api);
    expect(code).toBe(3);
    expect(records('cancellations').length).toBeGreaterThan(0);
    expect(logs).toMatch(/returns failed and was skipped.*code 25001001/);
  });
});

describe('record builders', () => {
  test("bundle sub line items (202602 replies) stay on their cancellation and return line, with the order line's sub item id", async () => {
    const { lineItems: cancelLines } = cancellationRecords(
      { cancel_id: 'C1', order_id: 'O1', cancel_line_items: [{ cancel_line_item_id: 'L1', order_line_item_id: 'OL1', cancel_sub_line_items: [{ cancel_sub_line_item_id: 'S1', sub_order_line_item_id: 'SUB1' }] }] },
      'S1',
    );
    expect(cancelLines[0]!.cancel_sub_line_items).toEqual([{ cancel_sub_line_item_id: 'S1', sub_order_line_item_id: 'SUB1' }]);
    expect(errorsOf('cancellation_line_items', cancelLines[0]!)).toEqual([]);
    const { lineItems: returnLines } = returnRecords(
      { return_id: 'R1', order_id: 'O1', return_line_items: [{ return_line_item_id: 'L1', return_sub_line_items: [{ return_sub_line_item_id: 'S1', sub_order_line_item_id: 'SUB1', refund_amount: { currency: 'USD', refund_total: '1.50' } }] }] },
      'S1',
    );
    expect(returnLines[0]!.return_sub_line_items).toEqual([{ return_sub_line_item_id: 'S1', sub_order_line_item_id: 'SUB1', refund_amount: { currency: 'USD', refund_total: '1.50' } }]);
    expect(errorsOf('return_line_items', returnLines[0]!)).toEqual([]);
    // The searches that carry them are the 202602 ones.
    expect(ENDPOINTS.searchCancellations.path).toBe('/return_refund/202602/cancellations/search');
    expect(ENDPOINTS.searchReturns.path).toBe('/return_refund/202602/returns/search');
  });

  test('a cancellation splits into its record and line items that carry cancel_id, order_id and order_line_item_id', () => {
    const { cancellation, lineItems } = cancellationRecords(
      { cancel_id: 'C1', order_id: 'O1', update_time: 1, cancel_line_items: [{ cancel_line_item_id: 'L1', order_line_item_id: 'OL1' }] },
      'S1',
    );
    expect(cancellation).toEqual({ cancel_id: 'C1', order_id: 'O1', update_time: 1, shop_id: 'S1' });
    expect(lineItems).toEqual([{ cancel_line_item_id: 'L1', order_line_item_id: 'OL1', cancel_id: 'C1', order_id: 'O1', shop_id: 'S1' }]);
  });

  test('a package takes the order ids of its orders (once each) and folds the detail names package_id/package_status in', () => {
    const record = packageRecord(
      { id: 'P1', status: 'PROCESSING', update_time: 5, orders: [{ id: 'O1' }, { id: 'O2' }, { id: 'O1' }], order_line_item_ids: ['L1'] },
      { package_id: 'P1', package_status: 'TO_FULFILL', shipping_type: 'SELLER' },
      'S1',
    ) as unknown as Record<string, unknown>;
    expect(record).toMatchObject({ id: 'P1', status: 'TO_FULFILL', shipping_type: 'SELLER', order_ids: ['O1', 'O2'], order_line_item_ids: ['L1'], shop_id: 'S1' });
    expect(record).not.toHaveProperty('package_id');
    expect(record).not.toHaveProperty('package_status');
    expect(packageRecord({ id: 'P2', update_time: 5 }, undefined, 'S1')).toMatchObject({ id: 'P2', order_ids: [] });
  });
});
