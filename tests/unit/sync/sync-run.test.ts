import { Writable } from 'node:stream';
import { Logger } from '../../../src/log.js';
import { validateConfig } from '../../../src/config.js';
import { selectEverything } from '../../../src/singer/selection.js';
import { StateManager } from '../../../src/singer/state.js';
import { SingerWriter } from '../../../src/singer/writer.js';
import { SyncRun } from '../../../src/sync.js';
import { FakeShopApi } from './fake-shop-api.js';

const SYNC_START = 1_800_000_000;

interface Message {
  type: string;
  stream?: string;
  record?: Record<string, unknown>;
  value?: { bookmarks: Record<string, { partitions: Array<{ context: { shop_id: string }; replication_key_value: number }> }> };
}

async function sync(api: FakeShopApi, options: { state?: unknown; config?: Record<string, unknown>; selection?: ReturnType<typeof selectEverything> } = {}) {
  let out = '';
  const sink = new Writable({
    write(chunk, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const logs: string[] = [];
  const logger = new Logger({ write: (line) => logs.push(line) });
  const config = validateConfig(
    { app_key: 'k', app_secret: 'secret-1', refresh_token: 'refresh-1', page_size: 10, progress_interval: 0, start_date: '2023-01-01', ...options.config },
    { requireCredentials: true },
  );
  const run = new SyncRun({
    config,
    selection: options.selection ?? selectEverything(),
    state: new StateManager(options.state, 'test', SYNC_START, logger),
    writer: new SingerWriter(sink),
    logger,
    client: api,
    syncStart: SYNC_START,
  });
  const code = await run.run();
  const messages = out.trim().split('\n').map((line) => JSON.parse(line) as Message);
  return { code, messages, logs: logs.join('') };
}

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
    expect(frozen.description).toBeUndefined(); // Get Product is never asked for FREEZE products
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
          if ((order.update_time as number) < partition.replication_key_value) {
            expect(written.has(order.id as string)).toBe(true);
            for (const li of order.line_items as Array<{ id: string }>) expect(pricedLines.has(li.id)).toBe(true);
          }
        }
      }
    }
  });

  test('a second run from the final state re-reads only the lookback and the ties', async () => {
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
    const onlyLines = selectEverything();
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
    const selection = selectEverything();
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

  test('a product that Get Product refuses with an unknown code is emitted from its summary, with one warning', async () => {
    const api = new FakeShopApi(1, 5);
    const products = api.products.get(api.shops[0]!.id)!;
    api.refusedProducts.add(products[0]!.id as string);
    api.refusedProducts.add(products[1]!.id as string);
    const { code, messages, logs } = await sync(api);
    expect(code).toBe(0);
    const emitted = messages.filter((m) => m.type === 'RECORD' && m.stream === 'products').map((m) => m.record!);
    expect(emitted).toHaveLength(products.length);
    expect(emitted.find((p) => p.id === products[0]!.id)!.description).toBeUndefined();
    expect(logs.match(/Get Product refused/g)).toHaveLength(1);
  });

  test('a record that does not fit fails its shop only; the other shops sync (exit 3)', async () => {
    const api = new FakeShopApi(2, 10);
    api.orders.get(api.shops[0]!.id)![3]!.status = 5;
    const { code, messages, logs } = await sync(api);
    expect(code).toBe(3);
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
    expect(last.bookmarks.orders!.partitions[0]!.replication_key_value).toBeLessThan(endDate);
  });
});
