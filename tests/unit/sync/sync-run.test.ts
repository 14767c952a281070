import { TAP_STREAMS } from '../../../src/streams/table.js';
import { selectEverything } from '../../../src/singer/selection.js';
import type { SyncRun } from '../../../src/sync/run.js';
import { seconds, sync } from './fake-sync.js';
import { FakeShopApi, refusal } from './fake-shop-api.js';
import { TapError, EXIT } from '../../../src/errors.js';

const PRICE_DETAIL = 'GET /order/202407/orders/{order_id}/price_detail';

describe('SyncRun (orchestration against an in-memory API)', () => {
  test('every stream gets SCHEMA before RECORD; children point at emitted parents; keys unique', async () => {
    const api = new FakeShopApi(2, 45);
    const { code, messages } = await sync(api);
    expect(code).toBe(0);
    const seenSchema = new Set<string>();
    const keys = new Map<string, Set<string>>();
    for (const m of messages) {
      if (m.type === 'SCHEMA') seenSchema.add(m.stream!);
      if (m.type === 'RECORD') {
        expect(seenSchema.has(m.stream!)).toBe(true);
        expect(m.record!.shop_id).toEqual(expect.any(String));
      }
    }
    const records = (stream: string) => messages.filter((m) => m.type === 'RECORD' && m.stream === stream).map((m) => m.record!);
    expect(records('orders')).toHaveLength(90);
    expect(records('order_line_items')).toHaveLength(180);
    expect(records('order_line_item_price_detail')).toHaveLength(180);
    expect(records('external_order_line_items')).toHaveLength(180);
    expect(records('returns')).toHaveLength(10);
    expect(records('products')).toHaveLength(14);
    expect(records('product_skus')).toHaveLength(14);
    const orderIds = new Set(records('orders').map((o) => o.id));
    for (const li of records('order_line_items')) expect(orderIds.has(li.order_id)).toBe(true);
    for (const pd of records('order_line_item_price_detail')) expect(pd.order_price_detail).toMatchObject({ voucher_deduction_seller: '1020000' });
    const frozen = records('products').find((p) => p.status === 'FREEZE')!;
    expect(frozen.description).toBeNull(); // Get Product is never asked for FREEZE products
    expect(api.calls.filter((c) => c.path.includes('/products/') && !c.path.endsWith('search'))).toHaveLength(12);
    for (const stream of ['orders', 'order_line_items', 'returns', 'products']) {
      const ids = records(stream).map((r) => String(r.id ?? r.return_id));
      keys.set(stream, new Set(ids));
      expect(keys.get(stream)!.size).toBe(ids.length);
    }
  });

  test('no STATE ever covers an order (or its children) not written before it', async () => {
    const api = new FakeShopApi(2, 60);
    const { messages } = await sync(api);
    const written = new Set<string>();
    const pricedLines = new Set<string>();
    for (const m of messages) {
      if (m.type === 'RECORD' && m.stream === 'orders') written.add(m.record!.id as string);
      if (m.type === 'RECORD' && m.stream === 'order_line_item_price_detail') pricedLines.add(m.record!.line_item_id as string);
      if (m.type !== 'STATE') continue;
      for (const partition of m.value!.bookmarks.orders?.partitions ?? []) {
        for (const order of api.orders.get(partition.context.shop_id)!) {
          if ((order.update_time as number) < seconds(partition.replication_key_value)) {
            expect(written.has(order.id as string)).toBe(true);
            for (const li of order.line_items as Array<{ id: string }>) expect(pricedLines.has(li.id)).toBe(true);
          }
        }
      }
    }
  });

  test('a second run from the final state, with no lookback, re-reads only the ties at the bookmark', async () => {
    const api = new FakeShopApi(1, 30);
    const first = await sync(api, { config: { lookback_window: 0 } });
    const finalState = first.messages.filter((m) => m.type === 'STATE').at(-1)!.value;
    const second = await sync(api, { state: finalState, config: { lookback_window: 0 } });
    const orders = second.messages.filter((m) => m.type === 'RECORD' && m.stream === 'orders');
    // The newest update_time holds a tie of three orders; they are re-read (at-least-once), nothing older.
    const bookmark = finalState!.bookmarks.orders!.partitions[0]!.replication_key_value;
    expect(orders.length).toBeGreaterThan(0);
    for (const m of orders) expect(m.record!.update_time).toBe(bookmark);
  });

  test('adding a child stream later re-reads its family from start_date, so nothing before the bookmark is missed', async () => {
    const api = new FakeShopApi(1, 30);
    const onlyLines = selectEverything(TAP_STREAMS);
    for (const [name, choice] of onlyLines) choice.emit = name === 'order_line_items';
    const first = await sync(api, { selection: onlyLines, config: { lookback_window: 0 } });
    const state = first.messages.filter((m) => m.type === 'STATE').at(-1)!.value;
    const second = await sync(api, { state, config: { lookback_window: 0 } });
    expect(second.messages.filter((m) => m.type === 'RECORD' && m.stream === 'order_line_item_price_detail')).toHaveLength(60);
    expect(second.messages.filter((m) => m.type === 'RECORD' && m.stream === 'orders')).toHaveLength(30);
    expect(second.logs).toMatch(/orders: .*order_line_item_price_detail.* not synced up to the stored bookmark/);
  });

  test('deselecting price detail and external orders removes their requests', async () => {
    const api = new FakeShopApi(1, 20);
    const selection = selectEverything(TAP_STREAMS);
    for (const name of ['order_line_item_price_detail', 'external_orders', 'external_order_line_items'] as const) selection.get(name)!.emit = false;
    await sync(api, { selection });
    expect(api.calls.filter((c) => c.path.includes('price_detail') || c.path.includes('external_orders'))).toHaveLength(0);
  });

  test('one failing shop is reported and skipped; the others sync; exit code 3', async () => {
    const api = new FakeShopApi(3, 10);
    api.failingShops.add(api.shops[1]!.id);
    const { code, messages, logs } = await sync(api);
    expect(code).toBe(3);
    const shopsWithOrders = new Set(messages.filter((m) => m.stream === 'orders' && m.type === 'RECORD').map((m) => m.record!.shop_id));
    expect(shopsWithOrders).toEqual(new Set([api.shops[0]!.id, api.shops[2]!.id]));
    expect(logs).toContain(`shop ${api.shops[1]!.id} (Shop 1) failed and was skipped`);
  });

  // docs/tiktok-shop-api.md §3.3: not listed (a FREEZE/DELETED product), gone since the search, not served in its status.
  test.each([12052048, 12019150, 12052260, 12052032, 12052901])('a product that Get Product refuses with %i ("not available") is emitted from its summary, with one warning', async (refusedWith) => {
    const api = new FakeShopApi(1, 5);
    api.productRefusalCode = refusedWith;
    const products = api.products.get(api.shops[0]!.id)!;
    api.refusedProducts.add(products[0]!.id as string);
    api.refusedProducts.add(products[1]!.id as string);
    const { code, messages, logs } = await sync(api);
    expect(code).toBe(0);
    const emitted = messages.filter((m) => m.type === 'RECORD' && m.stream === 'products').map((m) => m.record!);
    expect(emitted).toHaveLength(products.length);
    expect(emitted.find((p) => p.id === products[0]!.id)!.description).toBeNull();
    expect(emitted.find((p) => p.id === products[2]!.id)!.description).toBe('<p>detail</p>');
    expect(logs.match(/Get Product of product \d+ was refused/g)).toHaveLength(1);
    expect(logs).toContain(`code ${refusedWith}`);
  });

  test('a record that does not fit fails its family only; the shop\'s other families and the other shops sync (exit 3)', async () => {
    const api = new FakeShopApi(2, 10);
    api.orders.get(api.shops[0]!.id)![3]!.status = 5;
    const { code, messages, logs, records } = await sync(api);
    expect(code).toBe(3);
    expect(records('products').filter((p) => p.shop_id === api.shops[0]!.id)).toHaveLength(7);
    expect(messages.filter((m) => m.type === 'RECORD' && m.stream === 'orders' && m.record!.shop_id === api.shops[1]!.id)).toHaveLength(10);
    expect(logs).toMatch(/orders record \(id=\d+\) does not fit its schema: status must be string,null/);
  });

  test('end_date bounds the output and the bookmark', async () => {
    const api = new FakeShopApi(1, 30);
    const endDate = 1_700_000_000 + 5 * 60; // orders 0..14 are before it
    const { messages } = await sync(api, { config: { end_date: new Date(endDate * 1000).toISOString() } });
    const orders = messages.filter((m) => m.type === 'RECORD' && m.stream === 'orders');
    expect(orders).toHaveLength(15);
    const last = messages.filter((m) => m.type === 'STATE').at(-1)!.value!;
    expect(seconds(last.bookmarks.orders!.partitions[0]!.replication_key_value)).toBeLessThan(endDate);
  });

  test('skip: a skipped product never becomes the bookmark (a fractional update_time would make the state unreadable)', async () => {
    const api = new FakeShopApi(1, 5);
    const shopId = api.shops[0]!.id;
    const products = api.products.get(shopId)!;
    products[6]!.update_time = 1_700_006_000.5; // the newest product, and not an integer: skipped
    const first = await sync(api, { config: { invalid_record_action: 'skip' } });
    expect(first.code).toBe(0);
    expect(first.logs).toMatch(/products record \(id=\d+\) does not fit its schema: update_time must be integer.*skipped/);
    expect(first.records('products').map((p) => p.id)).not.toContain(products[6]!.id);
    expect(first.records('product_skus').map((s) => s.product_id)).not.toContain(products[6]!.id); // nor its SKUs
    expect(seconds(first.finalBookmark('products', shopId)!.replication_key_value)).toBe(products[5]!.update_time);
    const state = first.messages.filter((m) => m.type === 'STATE').at(-1)!.value;
    const second = await sync(api, { state, config: { invalid_record_action: 'skip' } });
    expect(second.code).toBe(0);
  });

  test('skip: a skipped order takes its line items and per-order calls with it, and the bookmark never takes its value', async () => {
    const api = new FakeShopApi(1, 46); // order 45 is alone at the newest update_time
    const shopId = api.shops[0]!.id;
    const orders = api.orders.get(shopId)!;
    const bad = orders[45]!;
    bad.status = 5;
    const { code, records, finalBookmark } = await sync(api, { config: { invalid_record_action: 'skip' } });
    expect(code).toBe(0);
    expect(records('orders')).toHaveLength(45);
    expect(records('order_line_items').filter((l) => l.order_id === bad.id)).toEqual([]);
    expect(records('order_line_items')).toHaveLength(90);
    // (The finance reads still ask for its SKU rows: a statement settles it whatever its order record looked like.)
    expect(api.calls.filter((c) => c.path.includes(String(bad.id)) && !c.path.startsWith('/finance/'))).toEqual([]);
    expect(seconds(finalBookmark('orders', shopId)!.replication_key_value)).toBe(orders[44]!.update_time);
  });

  test('an order that does not fit mid-page: the per-order requests already started are awaited (no unhandled rejection), the family ends with a final STATE', async () => {
    const api = new FakeShopApi(2, 10);
    const shopId = api.shops[0]!.id;
    const orders = api.orders.get(shopId)!;
    orders[5]!.status = 5; // the sixth order of the first page does not fit
    // The price detail of the orders before it fails, after the page has already failed.
    api.failWith = (call) =>
      call.shop!.id === shopId && call.path.endsWith('/price_detail') ? new TapError('API_DOWN', 'price detail is down', { exitCode: EXIT.API }) : undefined;
    api.failDelayMs = 20;
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let runningWhenFailed = -1;
    const onLog = (line: string) => {
      if (line.includes('orders failed and was skipped')) runningWhenFailed = api.inFlight;
    };
    try {
      const { code, messages, logs, records } = await sync(api, { onLog });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      expect(runningWhenFailed).toBe(0); // nothing of the failed page was left running
      expect(code).toBe(3);
      expect(logs).toMatch(/shop \d+ \(Shop 0\): orders failed and was skipped, the shop's other stream families go on: orders record/);
      expect(messages.at(-1)!.type).toBe('STATE');
      expect(records('products').filter((p) => p.shop_id === shopId)).toHaveLength(7); // its other families synced
      expect(records('orders').filter((o) => o.shop_id === api.shops[1]!.id)).toHaveLength(10); // and the other shop
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('a family that fails (a missing scope for returns) does not skip the shop\'s other families; the summary names it, exit 3', async () => {
    const api = new FakeShopApi(1, 10);
    const shopId = api.shops[0]!.id;
    api.failWith = (call) => (call.path.endsWith('/returns/search') ? refusal(105005, 'missing_scope', 'POST /return_refund/202602/returns/search') : undefined);
    const { code, logs, records, finalBookmark } = await sync(api);
    expect(code).toBe(3);
    expect(records('orders')).toHaveLength(10);
    expect(records('products')).toHaveLength(7);
    expect(finalBookmark('products', shopId)).toBeDefined();
    // Returns and cancellations share the scope (src/streams/returns.ts): one line for both, no cancellation request.
    expect(logs).toMatch(/lacks seller\.return_refund\.basic .*refused with 105005.*so returns and cancellations are skipped for this shop/);
    expect(api.calls.filter((c) => c.path.endsWith('/cancellations/search'))).toHaveLength(0);
    expect(logs).toMatch(/summary: failed: stream families returns of shop \d+, cancellations of shop \d+; the rest synced \(exit code 3\)/);
  });

  test('every family of the only shop failing for different reasons fails the run with the first failure\'s exit code', async () => {
    const api = new FakeShopApi(1, 10);
    api.failWith = (call) =>
      call.path.endsWith('/returns/search')
        ? refusal(105005, 'missing_scope', 'POST /return_refund/202602/returns/search')
        : call.path.endsWith('/search') || call.path.startsWith('/finance/') || call.path.startsWith('/analytics/')
          ? new TapError('OTHER', 'other failure', { exitCode: EXIT.API })
          : undefined;
    await expect(sync(api)).rejects.toMatchObject({ code: 'SYNC_FAILED', exitCode: EXIT.API, message: expect.stringMatching(/every stream family failed; first: other failure/) });
  });

  test('one order\'s refused price detail (21008111) skips only its records, with a warning, a count and a METRIC; the family goes on', async () => {
    const api = new FakeShopApi(1, 10);
    const shopId = api.shops[0]!.id;
    const refusedOrder = api.orders.get(shopId)![4]!;
    api.failWith = (call) => (call.path === `/order/202407/orders/${String(refusedOrder.id)}/price_detail` ? refusal(21008111, 'not_this_seller', PRICE_DETAIL) : undefined);
    const { code, logs, records, finalBookmark } = await sync(api);
    expect(code).toBe(0);
    expect(records('orders')).toHaveLength(10);
    expect(records('order_line_item_price_detail')).toHaveLength(18);
    expect(records('order_line_item_price_detail').filter((r) => r.order_id === refusedOrder.id)).toEqual([]);
    expect(records('external_orders')).toHaveLength(10);
    expect(logs).toMatch(new RegExp(`orders: price detail of order ${String(refusedOrder.id)} was refused \\(.*code 21008111.*order_line_item_price_detail records are skipped`));
    expect(logs).toMatch(/summary: order_line_item_price_detail: 18 records.*, 1 order\(s\) left out because the API refused their call/);
    expect(logs).toContain(`METRIC: {"type":"counter","metric":"refused_count","value":1,"tags":{"stream":"order_line_item_price_detail","shop_id":"${shopId}"}}`);
    expect(finalBookmark('orders', shopId)!.synced_streams).toContain('order_line_item_price_detail');
  });

  test('every external-orders call of a page refused: the child streams are disabled for the run with one line, the bookmark stops vouching for them', async () => {
    const api = new FakeShopApi(1, 45);
    const shopId = api.shops[0]!.id;
    api.failWith = (call) => (call.path.endsWith('/external_orders') ? refusal(36009009, 'bad_request', 'GET /order/202406/orders/{order_id}/external_orders') : undefined);
    const { code, logs, records, finalBookmark } = await sync(api);
    // Exit 3, not 0: every later run re-reads orders from start_date for these streams, which an orchestrator must see.
    expect(code).toBe(3);
    expect(logs).toMatch(/summary: failed: stream families external_orders and external_order_line_items of shop \d+; the rest synced \(exit code 3\)/);
    expect(records('orders')).toHaveLength(45);
    expect(records('order_line_item_price_detail')).toHaveLength(90);
    expect(records('external_orders')).toEqual([]);
    // Only the first page (10 orders) asked; then the endpoint was left alone.
    expect(api.calls.filter((c) => c.path.endsWith('/external_orders'))).toHaveLength(10);
    expect(logs.match(/external order references is refused for every order of a page/g)).toHaveLength(1);
    expect(logs).toMatch(/external_orders and external_order_line_items are disabled for shop \d+ for the rest of this run/);
    const bookmark = finalBookmark('orders', shopId)!;
    expect(bookmark.synced_streams).toEqual(expect.arrayContaining(['orders', 'order_line_items', 'order_line_item_price_detail']));
    expect(bookmark.synced_streams).not.toContain('external_orders');
  });

  test('a per-order call failing for a reason that is not a refusal (a failed connection) fails the orders family, not only that order', async () => {
    const api = new FakeShopApi(1, 10);
    api.failWith = (call) => (call.path.endsWith('/price_detail') ? new TapError('API_NETWORK', 'connection reset', { exitCode: EXIT.API }) : undefined);
    const { code, logs, records } = await sync(api);
    expect(code).toBe(3);
    expect(logs).toMatch(/orders failed and was skipped.*connection reset/);
    expect(records('products')).toHaveLength(7);
  });

  test('Get Product refusing with a code other than the known "not available" one fails the products family, code named', async () => {
    const api = new FakeShopApi(1, 5);
    const shopId = api.shops[0]!.id;
    api.refusedProducts.add(api.products.get(shopId)![0]!.id as string);
    api.productRefusalCode = 77001234;
    const { code, logs, records, finalBookmark } = await sync(api);
    expect(code).toBe(3);
    expect(logs).toMatch(/products failed and was skipped.*Get Product refused product \d+ with a code the tap does not take for "not available".*code 77001234/);
    expect(records('orders')).toHaveLength(5);
    expect(finalBookmark('products', shopId)).toBeUndefined();
  });

  test('a product window that ends short of its total_count after the re-reads does not move the bookmark', async () => {
    const api = new FakeShopApi(1, 5);
    api.productsTotalOffBy = 1;
    const { code, logs, records, finalBookmark } = await sync(api);
    expect(code).toBe(0);
    expect(records('products')).toHaveLength(7);
    expect(logs).toMatch(/products: 1 product\(s\) of the window .* the bookmark stays where it is/);
    expect(finalBookmark('products', api.shops[0]!.id)).toBeUndefined();
  });

  test('a stop is honoured after the product page in progress, not at the end of the window', async () => {
    const api = new FakeShopApi(1, 2);
    let run: SyncRun | undefined;
    let productPages = 0;
    api.onRequest = (call) => {
      if (call.path.endsWith('/products/search') && ++productPages === 1) run!.stop();
    };
    const { records, finalBookmark } = await sync(api, { config: { page_size: 2 }, onRun: (r) => (run = r) });
    expect(records('products')).toHaveLength(2); // the page in progress was written
    expect(productPages).toBeLessThanOrEqual(2); // the next page may have been asked for already, never read
    expect(finalBookmark('products', api.shops[0]!.id)).toBeUndefined(); // the window was not finished
  });
});
