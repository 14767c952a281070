import { rmSync } from 'node:fs';
import { parseMessages, runTap, tempDir, writeJson, type SingerMessage, type TapResult } from './run-tap.js';
import { bookmarkSeconds } from './bookmarks.js';
import { E2E_ANALYTICS_HISTORY_DAYS } from './sandbox-config.js';
import { startStub, STUB_SHOP, type StubReply, type StubRoutes } from './stub-api.js';

/**
 * A hostile API against the sync engine: the built tap against a stub that ignores
 * the sort it is asked for, sends records that do not fit, and refuses per-order calls. Each case checks the exit
 * code, the one line that says what happened, and what the last STATE claims.
 */
type Json = Record<string, unknown>;
type Partition = { context: { shop_id: string }; replication_key_value: string | number; synced_streams?: string[] };

const SEARCH_ORDERS = 'POST /order/202309/orders/search';
const SEARCH_PRODUCTS = 'POST /product/202502/products/search';
const priceDetailRoute = (orderId: string) => `GET /order/202407/orders/${orderId}/price_detail`;
const T0 = 1_700_000_000;

let seq = 0;
function ok(data: unknown, extra: Partial<StubReply> = {}): StubReply {
  seq += 1;
  return { status: 200, json: { code: 0, message: 'Success', request_id: `HOSTILE${String(seq).padStart(10, '0')}`, data }, ...extra };
}

function refused(code: number, message: string): StubReply {
  return { status: 200, json: { code, message, request_id: `HOSTILEREFUSED${code}`, data: null } };
}

function order(n: number, updateTime: number, status: unknown = 'COMPLETED'): Json {
  const id = `57912883004111${String(n).padStart(4, '0')}`;
  return {
    id,
    status,
    create_time: updateTime - 100,
    update_time: updateTime,
    line_items: [{ id: `${id}01`, sku_id: '1729880011223344', sale_price: '9.99', currency: 'USD' }],
  };
}

const ordersPage = (orders: Json[], next = '') => ok({ orders, total_count: orders.length, next_page_token: next });

async function run(routes: StubRoutes, config: Json = {}, state?: unknown): Promise<{ result: TapResult; messages: SingerMessage[]; stub: { count(route: string): number } }> {
  const stub = await startStub(routes);
  const dir = tempDir('tap-hostile-');
  try {
    const args = [
      '--config',
      writeJson(dir, 'config.json', {
        app_key: 'stub-app-key',
        app_secret: 'SECRET-app-secret-1234',
        access_token: 'SECRET-access-9012',
        refresh_token: 'SECRET-refresh-5678',
        api_base_url: stub.url,
        auth_base_url: stub.url,
        start_date: '2023-11-01',
        max_retries: 1,
        progress_interval: 0,
        // The stub's reports are empty: a day of analytics more or less changes nothing these cases check.
        analytics_history_days: E2E_ANALYTICS_HISTORY_DAYS,
        ...config,
      }),
    ];
    if (state !== undefined) args.push('--state', writeJson(dir, 'state.json', state));
    const result = await runTap(args, { cwd: dir, timeoutMs: 60_000 });
    const counts = new Map<string, number>();
    for (const r of stub.requests) counts.set(`${r.method} ${r.path}`, (counts.get(`${r.method} ${r.path}`) ?? 0) + 1);
    return { result, messages: parseMessages(result.stdout), stub: { count: (route) => counts.get(route) ?? 0 } };
  } finally {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const records = (messages: SingerMessage[], stream: string) => messages.filter((m) => m.type === 'RECORD' && m.stream === stream).map((m) => m.record!);
const lastState = (messages: SingerMessage[]) => messages.filter((m) => m.type === 'STATE').at(-1)?.value as { bookmarks: Record<string, { partitions: Partition[] }> } | undefined;
const bookmarkOf = (messages: SingerMessage[], stream: string) =>
  lastState(messages)?.bookmarks[stream]?.partitions.find((p) => p.context.shop_id === STUB_SHOP.id);
const noStack = (result: TapResult) => expect(result.stderr).not.toMatch(/\n\s+at /);

describe('hostile API against the sync engine (built binary against a stub)', () => {
  test('a search that ignores sort_order (rows descending) is refused before any row moves the bookmark; the other families sync', async () => {
    const rows = [order(5, T0 + 500), order(4, T0 + 400), order(3, T0 + 300), order(2, T0 + 200), order(1, T0 + 100)];
    const state = {
      bookmarks: { orders: { partitions: [{ context: { shop_id: STUB_SHOP.id }, replication_key: 'update_time', replication_key_value: T0 }] } },
    };
    const { result, messages } = await run(
      {
        [SEARCH_ORDERS]: [{ ...ordersPage(rows.slice(2), ''), when_query: { page_token: 'p2' } }, ordersPage(rows.slice(0, 2), 'p2')],
        [SEARCH_PRODUCTS]: ok({ products: [{ id: '1729880011220001', status: 'ACTIVATE', update_time: T0 + 50 }], total_count: 1, next_page_token: '' }),
      },
      { lookback_window: 0 },
      state,
    );
    expect({ code: result.code, tail: result.stderr.slice(-1500) }).toMatchObject({ code: 3 });
    expect(result.stderr).toMatch(/ERROR .*orders failed and was skipped.*search_orders: the page is not sorted by update_time ascending \(update_time \d+ after \d+; request_id HOSTILE\d+\)/);
    expect(result.stderr).toMatch(/summary: failed: stream families orders of shop \d+/);
    noStack(result);
    expect(records(messages, 'orders')).toEqual([]);
    expect(bookmarkSeconds(bookmarkOf(messages, 'orders')!.replication_key_value)).toBe(T0); // where it was
    expect(records(messages, 'products')).toHaveLength(1); // the shop's other families went on
    expect(messages.at(-1)!.type).toBe('STATE');
  }, 90_000);

  test('at page_size 1 a search that ignores the sort is caught by count before the bookmark skips rows', async () => {
    // Three rows in all (T0+100, +200, +300); the API shows the newest first.
    const [o1, o3] = [order(1, T0 + 100), order(3, T0 + 300)];
    const state = {
      bookmarks: { orders: { partitions: [{ context: { shop_id: STUB_SHOP.id }, replication_key: 'update_time', replication_key_value: T0 }] } },
    };
    const { result, messages } = await run(
      {
        [SEARCH_ORDERS]: [
          // From the newest row read: only it is left, so total_count drops by 2 while no row below it was read.
          { ...ok({ orders: [o3], total_count: 1, next_page_token: '' }), when_body: { update_time_ge: T0 + 300 } },
          // The tap counts [T0, T0+300) again: 2 rows there were never read.
          { ...ok({ orders: [o1], total_count: 2, next_page_token: '' }), when_body: { update_time_lt: T0 + 300 } },
          // The first page: the newest row first (the sort ignored), one row a page.
          ok({ orders: [o3], total_count: 3, next_page_token: 'p2' }),
        ],
        [SEARCH_PRODUCTS]: ok({ products: [{ id: '1729880011220001', status: 'ACTIVATE', update_time: T0 + 50 }], total_count: 1, next_page_token: '' }),
      },
      { lookback_window: 0, page_size: 1 },
      state,
    );
    expect({ code: result.code, tail: result.stderr.slice(-1500) }).toMatchObject({ code: 3 });
    expect(result.stderr).toMatch(/search_orders: the pages are not sorted by update_time ascending \(2 rows have update_time in \[\d+, \d+\) but only 0 came before/);
    noStack(result);
    expect(bookmarkSeconds(bookmarkOf(messages, 'orders')!.replication_key_value)).toBe(T0); // where it was
    expect(messages.at(-1)!.type).toBe('STATE');
  }, 90_000);

  test('with invalid_record_action "skip", a skipped record is never a bookmark and its children are not written; the state it leaves is readable', async () => {
    const good = order(1, T0 + 100);
    const bad = order(2, T0 + 200, 7); // status must be a string: skipped
    const routes: StubRoutes = {
      [SEARCH_ORDERS]: ordersPage([good, bad]),
      [SEARCH_PRODUCTS]: ok({
        products: [
          { id: '1729880011220001', status: 'ACTIVATE', update_time: T0 + 100 },
          { id: '1729880011220002', status: 'ACTIVATE', update_time: T0 + 100.5, skus: [{ id: '1729880011223302', seller_sku: 'X' }] },
        ],
        total_count: 2,
        next_page_token: '',
      }),
    };
    const config = { invalid_record_action: 'skip', lookback_window: 0 };
    const first = await run(routes, config);
    expect({ code: first.result.code, tail: first.result.stderr.slice(-1500) }).toMatchObject({ code: 0 });
    expect(first.result.stderr).toMatch(/WARNING .*orders record \(id=579128830041110002\) does not fit its schema.*skipped/);
    expect(first.result.stderr).toMatch(/WARNING .*products record \(id=1729880011220002\) does not fit its schema: update_time must be integer.*skipped/);
    expect(records(first.messages, 'order_line_items').map((l) => l.order_id)).toEqual([good.id]);
    expect(first.stub.count(priceDetailRoute(bad.id as string))).toBe(0);
    expect(records(first.messages, 'product_skus').map((s) => s.product_id)).not.toContain('1729880011220002');
    expect(bookmarkSeconds(bookmarkOf(first.messages, 'orders')!.replication_key_value)).toBe(T0 + 100);
    expect(bookmarkSeconds(bookmarkOf(first.messages, 'products')!.replication_key_value)).toBe(T0 + 100);

    const second = await run(routes, config, lastState(first.messages));
    expect({ code: second.result.code, tail: second.result.stderr.slice(-1500) }).toMatchObject({ code: 0 });
  }, 90_000);

  test('one order\'s refused price detail (21008111) skips its records with a warning, a count and a METRIC; the sync goes on (exit 0)', async () => {
    const orders = [order(1, T0 + 100), order(2, T0 + 200), order(3, T0 + 300)];
    const detail = (orderId: string) => ok({ currency: 'USD', line_items: [{ id: `${orderId}01`, currency: 'USD', sku_sale_price: '9.99' }] });
    const { result, messages } = await run(
      {
        [SEARCH_ORDERS]: ordersPage(orders),
        [priceDetailRoute(orders[0]!.id as string)]: detail(orders[0]!.id as string),
        [priceDetailRoute(orders[1]!.id as string)]: refused(21008111, 'The order does not belong to this seller'),
        [priceDetailRoute(orders[2]!.id as string)]: detail(orders[2]!.id as string),
      },
      { emit_metrics: true },
    );
    expect({ code: result.code, tail: result.stderr.slice(-1500) }).toMatchObject({ code: 0 });
    expect(result.stderr).toMatch(
      /WARNING .*orders: price detail of order 579128830041110002 was refused \(GET \/order\/202407\/orders\/\S+\/price_detail failed: code 21008111 .*records are skipped/,
    );
    expect(result.stderr).toMatch(/summary: order_line_item_price_detail: 2 records.*, 1 order\(s\) left out because the API refused their call/);
    expect(result.stderr).toContain(`METRIC: {"type":"counter","metric":"refused_count","value":1,"tags":{"stream":"order_line_item_price_detail","shop_id":"${STUB_SHOP.id}"}}`);
    expect(records(messages, 'order_line_item_price_detail').map((r) => r.order_id)).toEqual([orders[0]!.id, orders[2]!.id]);
    expect(records(messages, 'orders')).toHaveLength(3);
    expect(bookmarkSeconds(bookmarkOf(messages, 'orders')!.replication_key_value)).toBe(T0 + 300);
  }, 90_000);

  test('price detail refused for every order of a page (an unknown code) is disabled for the run with one line; orders go on', async () => {
    const page1 = [order(1, T0 + 100), order(2, T0 + 200), order(3, T0 + 300)];
    const page2 = [order(4, T0 + 400), order(5, T0 + 500)];
    const routes: StubRoutes = {
      // Keyset paging: the second request starts from the first page's newest update_time.
      [SEARCH_ORDERS]: [{ ...ordersPage(page2), when_body: { update_time_ge: T0 + 300 } }, ordersPage(page1, 'next')],
    };
    for (const o of [...page1, ...page2]) routes[priceDetailRoute(o.id as string)] = refused(77001234, 'Something new went wrong');
    const { result, messages, stub } = await run(routes);
    // Exit 3: the next runs re-read orders from start_date for price detail; that must not look like success.
    expect({ code: result.code, tail: result.stderr.slice(-1500) }).toMatchObject({ code: 3 });
    expect(result.stderr).toMatch(/summary: failed: stream families order_line_item_price_detail of shop \d+/);
    const disabled = result.stderr.split('\n').filter((line) => /price detail is refused for every order of a page/.test(line));
    expect(disabled).toHaveLength(1);
    expect(disabled[0]).toMatch(/WARNING .*code 77001234 .*order_line_item_price_detail is disabled for shop \d+ for the rest of this run/);
    expect(records(messages, 'orders')).toHaveLength(5);
    expect(records(messages, 'order_line_item_price_detail')).toEqual([]);
    expect(page2.map((o) => stub.count(priceDetailRoute(o.id as string)))).toEqual([0, 0]); // not asked again
    const bookmark = bookmarkOf(messages, 'orders')!;
    expect(bookmarkSeconds(bookmark.replication_key_value)).toBe(T0 + 500);
    expect(bookmark.synced_streams).not.toContain('order_line_item_price_detail'); // the state does not claim it
  }, 90_000);
});
