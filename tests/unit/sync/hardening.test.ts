import { only, sync } from './fake-sync.js';
import type { ApiCall } from '../../../src/sync/api-caller.js';
import { UnreachableError } from '../../../src/tiktok/errors.js';
import { addDecimals, formatDecimal, parseDecimal, sameDecimal } from '../../../src/decimal.js';
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

describe('a reply nested 20,000 levels deep (item 6)', () => {
  const deep = (): unknown => JSON.parse('{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000));
  /** The fake clones its data per reply (which a deep value would overflow): the deep field goes into the reply after. */
  const withDeepOrder = (api: FakeShopApi, orderId: string): void => {
    const original = api.request.bind(api);
    api.request = async <T>(call: Parameters<FakeShopApi['request']>[0]) => {
      const reply = await original<{ orders?: Array<Record<string, unknown>> }>(call);
      for (const order of reply.data.orders ?? []) if (order.id === orderId) order.extra = deep();
      return reply as unknown as { data: T; requestId: string };
    };
  };

  test('fails only its family, exit 2, naming the endpoint and request_id; the other shop syncs', async () => {
    const api = new FakeShopApi(2, 10);
    withDeepOrder(api, api.orders.get(api.shops[0]!.id)![4]!.id as string);
    const { code, logs, records } = await sync(api, { selection: only('orders', 'order_line_items', 'products') });
    expect(code).toBe(3);
    expect(logs).toMatch(/search_orders: an item of the reply is nested too deeply to be written \(request_id r\d+\)/);
    expect(records('orders').filter((o) => o.shop_id === api.shops[1]!.id)).toHaveLength(10);
    expect(records('products').filter((p) => p.shop_id === api.shops[0]!.id)).toHaveLength(7);
  });

  test('under invalid_record_action "skip" the item is skipped with a warning and the run succeeds', async () => {
    const api = new FakeShopApi(1, 10);
    withDeepOrder(api, api.orders.get(api.shops[0]!.id)![4]!.id as string);
    const { code, logs, records } = await sync(api, { selection: only('orders', 'order_line_items'), config: { invalid_record_action: 'skip' } });
    expect(code).toBe(0);
    expect(records('orders')).toHaveLength(9);
    expect(logs).toMatch(/nested too deeply.*skipped/);
  });
});

describe('a dead API host (item 11)', () => {
  const unreachable = (call: ApiCall) =>
    new UnreachableError({ action: 'fatal', reason: 'network', hint: 'check network access', endpoint: `${call.method} ${call.path}`, kind: 'network', detail: 'ECONNREFUSED', attempts: 6 });

  test("after the shop's first family fails on connection errors, its other families fail without a request, in one line", async () => {
    const api = new FakeShopApi(2, 10);
    const dead = api.shops[0]!.id;
    api.failWith = (call) => (call.shop?.id === dead ? unreachable(call) : undefined);
    const { code, logs, records } = await sync(api);
    expect(code).toBe(3);
    expect(api.calls.filter((call) => call.shop?.id === dead)).toHaveLength(1);
    expect(logs.match(/could not be reached/g)).toHaveLength(1);
    expect(logs).toMatch(/the API could not be reached for orders after retries, so .* are skipped for this shop without a request: .*ECONNREFUSED/);
    expect(records('orders').filter((o) => o.shop_id === api.shops[1]!.id)).toHaveLength(10);
  });

  test('every shop unreachable: one request per shop, then the run fails (exit 2)', async () => {
    const api = new FakeShopApi(3, 10);
    api.failWith = unreachable;
    await expect(sync(api)).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/ECONNREFUSED/) });
    expect(api.calls).toHaveLength(3);
  });
});

describe('checkpoints are throttled (item 10)', () => {
  const stateLines = (messages: Array<{ type: string }>) => messages.filter((m) => m.type === 'STATE').length;

  test('with a clock that stands still, pages write no STATE between the first and the last', async () => {
    const api = new FakeShopApi(3, 60);
    const { messages } = await sync(api, { selection: only('orders'), clock: () => 5_000 });
    // The STATE before any record, one checkpoint when the clock first reads, then the final STATE.
    expect(stateLines(messages)).toBe(3);
    expect(messages.filter((m) => m.type === 'STATE').at(-1)!.value!.bookmarks.orders!.partitions).toHaveLength(3);
  });

  test('with a clock moving 400 ms per checkpoint, STATE goes out about every third page', async () => {
    let now = 0;
    const perPage = await sync(new FakeShopApi(1, 60), { selection: only('orders'), stateIntervalMs: 0 });
    const throttled = await sync(new FakeShopApi(1, 60), { selection: only('orders'), clock: () => (now += 400) });
    const pages = stateLines(perPage.messages);
    expect(pages).toBeGreaterThan(5);
    expect(stateLines(throttled.messages)).toBeLessThan(pages / 2 + 2);
    expect(stateLines(throttled.messages)).toBeGreaterThan(1);
    expect(throttled.finalBookmark('orders', '7495310022158813000')).toEqual(perPage.finalBookmark('orders', '7495310022158813000'));
  });
});

describe('statement transactions checked against their statement (item 9: a warning, the rows are written)', () => {
  const NOW = 1_700_700_000;

  test('transactions that add up (exact decimals) raise nothing', async () => {
    const { logs } = await sync(new FakeShopApi(1, 30), { syncStart: NOW, selection: only('statements', 'statement_transactions') });
    expect(logs).not.toMatch(/add up to|total_count promised/);
  });

  test('a transaction off by 0.01 is named with both exact sums; the run still succeeds and writes every row', async () => {
    const api = new FakeShopApi(1, 30);
    const [statementId, transactions] = [...api.transactions.entries()][1]!;
    transactions[0]!.settlement_amount = addCent(transactions[0]!.settlement_amount as string);
    const { code, logs, records } = await sync(api, { syncStart: NOW, selection: only('statements', 'statement_transactions') });
    expect(code).toBe(0);
    expect(logs).toMatch(new RegExp(`get_statement_transactions \\(statement ${statementId}\\): the rows' settlement_amount add up to -?\\d+\\.\\d\\d, not to the total_settlement_amount -?\\d+\\.\\d\\d the reply states`));
    expect(records('statement_transactions')).toHaveLength([...api.transactions.values()].flat().length);
  });

  test('rows short of total_count are warned about', async () => {
    const api = new FakeShopApi(1, 30);
    const original = api.request.bind(api);
    api.request = async <T>(call: ApiCall) => {
      const reply = await original<Record<string, unknown>>(call);
      if (call.path.includes('/statement_transactions')) reply.data.total_count = (reply.data.total_count as number) + 2;
      return reply as unknown as { data: T; requestId: string };
    };
    const { code, logs } = await sync(api, { syncStart: NOW, selection: only('statements', 'statement_transactions') });
    expect(code).toBe(0);
    expect(logs).toMatch(/get_statement_transactions \(statement \d+\): the pages brought \d+ rows although total_count promised \d+/);
  });

  test('the sum is exact: 0.1 + 0.2 is 0.3, and scales mix', () => {
    const sum = [parseDecimal('0.1')!, parseDecimal('0.2')!].reduce(addDecimals);
    expect(sameDecimal(sum, parseDecimal('0.30')!)).toBe(true);
    expect(formatDecimal([parseDecimal('-30')!, parseDecimal('10.555')!].reduce(addDecimals))).toBe('-19.445');
    expect(parseDecimal('1e3')).toBeUndefined();
  });
});

/** "10.50" -> "10.51" (exact, on the string). */
function addCent(amount: string): string {
  return formatDecimal(addDecimals(parseDecimal(amount)!, parseDecimal('0.01')!));
}
