import type { ApiCall, ApiCaller } from '../../../src/sync/api-caller.js';
import { MAX_IDLE_PAGES, PageTrail, checkSeconds, pageItems } from '../../../src/sync/page-checks.js';
import { pagedCall } from '../../../src/sync/paged-call.js';
import { sortedSearch } from '../../../src/sync/sorted-search.js';
import { windowedSearch } from '../../../src/sync/windowed-search.js';
import { TapError } from '../../../src/errors.js';

/** The hostile-API suite at the readers: an API that pages without end, or whose replies lie. */
const shop = { id: '1', cipher: 'C' };
const orders = { path: '/order/202309/orders/search', endpoint: 'search_orders', itemsKey: 'orders', pageSize: 10, idField: 'id' };
const products = { path: '/product/202502/products/search', endpoint: 'search_products', itemsKey: 'products', pageSize: 10, idField: 'id' };

/** Answers every request with `reply(n)`; gives up after `limit` requests so a test of a loop cannot hang. */
class Scripted implements ApiCaller {
  calls: ApiCall[] = [];
  constructor(private readonly reply: (n: number, call: ApiCall) => Record<string, unknown>, private readonly limit = 500) {}
  async request<T>(call: ApiCall): Promise<{ data: T; requestId: string }> {
    this.calls.push(call);
    if (this.calls.length > this.limit) throw new Error(`more than ${this.limit} requests: the reader loops`);
    return { data: this.reply(this.calls.length, call) as T, requestId: `req-${this.calls.length}` };
  }
}

async function drain(gen: AsyncGenerator<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const event of gen) out.push(event);
  return out;
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('endless pages', () => {
  test('sorted search: empty pages, each with a fresh next_page_token, stop after a bound with one clear error', async () => {
    const api = new Scripted((n) => ({ orders: [], total_count: 0, next_page_token: `token-${n}` }));
    const error = await failure(drain(sortedSearch(api, shop, orders, 0, 1000, {})));
    expect(error).toBeInstanceOf(TapError);
    expect((error as TapError).code).toBe('API_PAGES_EMPTY');
    expect((error as TapError).message).toMatch(/^search_orders: 10 pages in a row brought no new rows, each with another next_page_token \(request_id req-10\)$/);
    expect(api.calls.length).toBe(MAX_IDLE_PAGES);
  });

  test('sorted search: pages that repeat rows already read (inside a tie) count as bringing nothing', async () => {
    const api = new Scripted((n) => ({ orders: [{ id: 'a', update_time: 5 }], next_page_token: `token-${n}` }));
    const error = await failure(drain(sortedSearch(api, shop, orders, 5, 1000, {})));
    expect((error as TapError).code).toBe('API_PAGES_EMPTY');
    expect(api.calls.length).toBe(MAX_IDLE_PAGES + 1);
  });

  test('windowed search: the same bound', async () => {
    const api = new Scripted((n) => ({ products: [], total_count: 0, next_page_token: `token-${n}` }));
    const error = await failure(drain(windowedSearch(api, shop, products, 0, 1000, {})));
    expect((error as TapError).code).toBe('API_PAGES_EMPTY');
    expect(api.calls.length).toBe(MAX_IDLE_PAGES);
  });

  test('empty pages in between are fine as long as rows keep coming', async () => {
    // Every other page is empty; 30 pages of rows in all, then the end.
    const api = new Scripted((n) => ({
      products: n % 2 === 0 ? [{ id: `p${n}`, update_time: 10 }] : [],
      total_count: 30,
      next_page_token: n < 60 ? `token-${n}` : '',
    }));
    const events = await drain(windowedSearch(api, shop, products, 0, 1000, {}));
    expect(events.at(-1)).toMatchObject({ kind: 'windowDone', maxUpdateTime: 10, shortfall: 0 });
    expect(api.calls.length).toBe(60);
  });

  test('one check for a repeated token, one code', () => {
    const trail = new PageTrail('search_returns');
    trail.follow('A', true, 'r1');
    expect(() => trail.follow('A', true, 'r2')).toThrow(expect.objectContaining({ code: 'API_PAGE_TOKEN_REPEATED' }));
    trail.reset();
    expect(() => trail.follow('A', true, 'r3')).not.toThrow();
  });
});

describe('replies that lie', () => {
  test('items key missing while total_count says 40 is an error naming the endpoint, not an empty page', async () => {
    const api = new Scripted(() => ({ total_count: 40, next_page_token: '' }));
    const error = await failure(drain(sortedSearch(api, shop, orders, 0, 1000, {})));
    expect((error as TapError).message).toBe('search_orders: the reply has no "orders" list although its total_count is 40 (request_id req-1)');
    expect((error as TapError).exitCode).toBe(2);
    const products40 = new Scripted(() => ({ total_count: 40, next_page_token: '' }));
    await expect(drain(windowedSearch(products40, shop, products, 0, 1000, {}))).rejects.toThrow(/search_products: the reply has no "products" list although its total_count is 40/);
  });

  test('a missing items key with no rows counted is still an empty page', () => {
    expect(pageItems({ total_count: 0 }, 'orders', 'search_orders', 'r')).toEqual([]);
    expect(pageItems({}, 'orders', 'search_orders', 'r')).toEqual([]);
  });

  test('update_time in milliseconds is an error naming the endpoint, in both readers', async () => {
    const ms = 1_700_000_000_000;
    const sorted = new Scripted(() => ({ orders: [{ id: 'a', update_time: ms }], next_page_token: '' }));
    await expect(drain(sortedSearch(sorted, shop, orders, 0, 2_000_000_000, {}))).rejects.toThrow(
      /^search_orders: update_time 1700000000000 is not in Unix seconds \(after the year 3000; milliseconds\?\) \(request_id req-1\)$/,
    );
    const windowed = new Scripted(() => ({ products: [{ id: 'p', update_time: ms }], total_count: 1, next_page_token: '' }));
    await expect(drain(windowedSearch(windowed, shop, products, 0, 2_000_000_000, {}))).rejects.toThrow(/search_products: update_time 1700000000000 is not in Unix seconds/);
  });

  test('the plausibility bound: the year 3000', () => {
    expect(() => checkSeconds(32_503_680_000, 'update_time', 'e', 'r')).not.toThrow();
    expect(() => checkSeconds(32_503_680_001, 'update_time', 'e', 'r')).toThrow(/not in Unix seconds/);
    expect(() => checkSeconds(1_700_000_000, 'update_time', 'e', 'r')).not.toThrow();
  });
});

describe('finance lists and paged per-parent calls get the same checks', () => {
  const statements = { ...orders, path: '/finance/202309/statements', method: 'GET' as const, endpoint: 'get_statements', itemsKey: 'statements', timeField: 'statement_time' };
  const transactions = { path: '/finance/202501/statements/7/statement_transactions', endpoint: 'get_statement_transactions', itemsKey: 'transactions', pageSize: 10 };

  test('a paged per-parent call stops on a repeated page token, and on endless empty pages', async () => {
    const repeating = new Scripted(() => ({ transactions: [{ id: 't' }], next_page_token: 'same' }));
    const repeated = await failure(drain(pagedCall(repeating, shop, {}, transactions)));
    expect((repeated as TapError).code).toBe('API_PAGE_TOKEN_REPEATED');
    expect(repeating.calls).toHaveLength(2);
    const endless = new Scripted((n) => ({ transactions: [], next_page_token: `token-${n}` }));
    expect(((await failure(drain(pagedCall(endless, shop, {}, transactions)))) as TapError).code).toBe('API_PAGES_EMPTY');
    const notAList = new Scripted(() => ({ transactions: { id: 't' }, next_page_token: '' }));
    expect(((await failure(drain(pagedCall(notAList, shop, {}, transactions)))) as TapError).message).toMatch(/get_statement_transactions: "transactions" in the reply is not a list/);
  });

  test('a GET list sorted by statement_time: a page out of order is refused, and times must be Unix seconds', async () => {
    const unsorted = new Scripted(() => ({ statements: [{ id: 'a', statement_time: 20 }, { id: 'b', statement_time: 10 }], next_page_token: '' }));
    const error = await failure(drain(sortedSearch(unsorted, shop, statements, 0, 1000, {})));
    expect((error as TapError).code).toBe('API_SORT_IGNORED');
    expect((error as TapError).message).toMatch(/get_statements: the page is not sorted by statement_time ascending \(statement_time 10 after 20/);
    expect(unsorted.calls[0]).toMatchObject({ method: 'GET', query: { sort_field: 'statement_time', sort_order: 'ASC', statement_time_ge: 0, statement_time_lt: 1000 } });
    expect(unsorted.calls[0]!.body).toBeUndefined();
    const millis = new Scripted(() => ({ statements: [{ id: 'a', statement_time: 1_717_200_000_000 }], next_page_token: '' }));
    await expect(drain(sortedSearch(millis, shop, statements, 0, 2_000_000_000_000, {}))).rejects.toThrow(/get_statements: statement_time 1717200000000 is not in Unix seconds/);
  });
});

describe('lying pages end', () => {
  const transactions = { path: '/finance/202501/statements/1/statement_transactions', endpoint: 'get_statement_transactions', itemsKey: 'transactions', pageSize: 10 };
  const withdrawals = { path: '/finance/202309/withdrawals', method: 'GET' as const, endpoint: 'get_withdrawals', itemsKey: 'withdrawals', pageSize: 10, idField: 'id', timeField: 'create_time', upperBound: 'lt' as const };

  test('paged child: the same rows again with a fresh token each time stop after the idle bound, and are yielded once', async () => {
    const api = new Scripted((n) => ({ transactions: [{ id: 't1' }, { id: 't2' }], total_count: 2, next_page_token: `token-${n}` }));
    const pages: Array<{ items: unknown[] }> = [];
    const error = await failure((async () => {
      for await (const page of pagedCall(api, shop, {}, transactions)) pages.push(page);
    })());
    expect((error as TapError).code).toBe('API_PAGES_EMPTY');
    expect(api.calls.length).toBe(MAX_IDLE_PAGES + 1);
    expect(pages.flatMap((page) => page.items)).toHaveLength(2);
  });

  test('paged child: one new row per page while total_count says 3 stops at the fourth, with one line', async () => {
    const api = new Scripted((n) => ({ transactions: [{ id: `t${n}` }], total_count: 3, next_page_token: `token-${n}` }));
    const error = await failure(drain(pagedCall(api, shop, {}, transactions)));
    expect(error).toMatchObject({ code: 'API_ROWS_EXCEED_TOTAL', scope: 'family', exitCode: 2 });
    expect((error as TapError).message).toBe('get_statement_transactions: the pages brought 4 distinct rows although total_count promised 3 (request_id req-4)');
    expect(api.calls.length).toBe(4);
  });

  test('windowed read (withdrawals): one new row per page while total_count says 3 stops past a bounded slack, with one line', async () => {
    const api = new Scripted((n) => ({ withdrawals: [{ id: `w${n}`, create_time: 10 }], total_count: 3, next_page_token: `token-${n}` }));
    const error = await failure(drain(windowedSearch(api, shop, withdrawals, 0, 1000, {})));
    expect(error).toMatchObject({ code: 'API_ROWS_EXCEED_TOTAL', scope: 'family' });
    // Rows refreshed while a window is read may join it: the slack is total_count + page_size (3 + 10).
    expect((error as TapError).message).toBe('get_withdrawals: the pages brought 17 distinct rows although total_count promised 3 (request_id req-17)');
    expect(api.calls.length).toBe(17);
  });

  test('windowed read (products): the same rows with a fresh token stop after the idle bound', async () => {
    const api = new Scripted((n) => ({ products: [{ id: 'p1', update_time: 10 }], total_count: 1, next_page_token: `token-${n}` }));
    const error = await failure(drain(windowedSearch(api, shop, products, 0, 1000, {})));
    expect((error as TapError).code).toBe('API_PAGES_EMPTY');
  });
});
