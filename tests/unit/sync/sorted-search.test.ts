import { sortedSearch } from '../../../src/sync/sorted-search.js';
import { FakeSearch, rows, type Row } from './fake-search.js';

const shop = { id: '1', cipher: 'C' };
const spec = { path: '/order/202309/orders/search', endpoint: 'search_orders', itemsKey: 'orders', pageSize: 10, idField: 'id' };

async function collect(api: FakeSearch, lo: number, hi: number, warnings: string[] = []): Promise<{ items: Row[]; bookmarks: number[] }> {
  const items: Row[] = [];
  const bookmarks: number[] = [];
  for await (const page of sortedSearch<Row>(api, shop, { ...spec, warn: (m) => warnings.push(m) }, lo, hi, {})) {
    items.push(...page.items);
    bookmarks.push(page.safeBookmark);
  }
  return { items, bookmarks };
}

/** Like collect, but keeps what was yielded before an error, and the error. */
async function collectUntilError(api: FakeSearch, lo: number, hi: number) {
  const items: Row[] = [];
  const bookmarks: number[] = [];
  try {
    for await (const page of sortedSearch<Row>(api, shop, spec, lo, hi, {})) {
      items.push(...page.items);
      bookmarks.push(page.safeBookmark);
    }
  } catch (error) {
    return { items, bookmarks, error: error as Error };
  }
  return { items, bookmarks, error: undefined };
}

describe('sortedSearch (keyset paging on update_time)', () => {
  test('reads every row of [lo, hi) once, with non-decreasing bookmarks that never pass unread rows', async () => {
    const data = rows(95, 1000, (i) => (i % 3 === 0 ? 0 : 7)); // ties of 2 on every third step
    const api = new FakeSearch(data);
    const { items, bookmarks } = await collect(api, 1000, 2000);
    const expected = data.filter((r) => r.update_time < 2000).map((r) => r.id).sort();
    expect(items.map((r) => r.id).sort()).toEqual(expected);
    expect(new Set(items.map((r) => r.id)).size).toBe(items.length);
    expect([...bookmarks].sort((a, b) => a - b)).toEqual(bookmarks);
    for (const b of bookmarks) expect(b).toBeLessThan(2000);
    expect(api.calls.every((c) => (c.body as { update_time_lt: number }).update_time_lt === 2000)).toBe(true);
  });

  test('a full page of one update_time follows the page token instead of looping', async () => {
    const data = [...rows(25, 500, () => 0), ...rows(5, 600)].map((r, i) => ({ ...r, id: `9${String(i).padStart(18, '0')}` }));
    const api = new FakeSearch(data);
    const { items } = await collect(api, 0, 10_000);
    expect(items).toHaveLength(30);
    expect(api.calls.some((c) => c.query?.page_token)).toBe(true);
  });

  test('rows re-sorted while paging (§6 G1) are not skipped, unlike offset page tokens', async () => {
    // Between requests, a row already read is updated: it moves to the end of the sorted set, shifting the
    // unread rows one place towards the start, under the offset a page token points at.
    const data = rows(60, 1000);
    const moveAt = new Map([[2, 3], [3, 12], [4, 21]]);
    const onRequest = (n: number, live: Row[]): void => {
      const index = moveAt.get(n);
      if (index !== undefined) live[index]!.update_time = 5000 + n;
    };
    const { items } = await collect(new FakeSearch(structuredClone(data), { onRequest }), 0, 10_000);
    const seen = new Set(items.map((r) => r.id));
    for (const row of data) expect(seen.has(row.id)).toBe(true);

    // The same scenario read naively with offset tokens loses rows: the test above would catch that.
    const naive = new FakeSearch(structuredClone(data), { onRequest });
    const naiveSeen = new Set<string>();
    let token: string | undefined;
    do {
      const { data: page } = await naive.request<{ orders: Row[]; next_page_token: string }>({
        method: 'POST', path: spec.path, query: { page_size: 10, page_token: token }, body: { update_time_ge: 0, update_time_lt: 10_000 },
      });
      page.orders.forEach((r) => naiveSeen.add(r.id));
      token = page.next_page_token || undefined;
    } while (token);
    expect(data.some((r) => !naiveSeen.has(r.id))).toBe(true);
  });

  test('a row whose update_time was refreshed past hi is yielded but never moves the bookmark past unread rows', async () => {
    const data = rows(30, 1000);
    data[9]!.update_time = 1009; // last row of page 1 will report a refreshed time
    const api = new FakeSearch(data, {
      onRequest: (n, live) => {
        if (n === 1) live[9]!.update_time = 1009; // stays in place for the sort...
      },
    });
    const original = api.request.bind(api);
    api.request = async (call) => {
      const reply = await original(call);
      const page = (reply.data as { orders: Row[] }).orders;
      // ...but the API shows its new value, beyond the window (the doc's "update times may exceed the range").
      for (const row of page) if (row.id === data[9]!.id) row.update_time = 99_999;
      return reply as never;
    };
    const { items, bookmarks } = await collect(api, 0, 2000);
    expect(new Set(items.map((r) => r.id))).toEqual(new Set(data.map((r) => r.id)));
    expect(items).toHaveLength(data.length); // the refreshed row comes back after a keyset restart, but is emitted once
    expect(Math.max(...bookmarks)).toBeLessThan(2000);
  });

  test.each(['desc', 'id'] as const)('an API that ignores the sort (%s order) is refused before the bookmark passes a row not read', async (order) => {
    const data = rows(40, 1000, () => 5);
    const { items, bookmarks, error } = await collectUntilError(new FakeSearch(data, { order }), 0, 10_000);
    expect(error?.message).toMatch(/^search_orders: the page is not sorted by update_time ascending \(.*request_id req-\d+\).*the bookmark stays at \d+$/);
    // Whatever was yielded before the refusal: every row below each bookmark was yielded.
    const seen = new Set(items.map((r) => r.id));
    for (const bookmark of bookmarks) for (const row of data.filter((r) => r.update_time < bookmark)) expect(seen.has(row.id)).toBe(true);
  });

  test.each([
    [1, 'id'],
    [1, 'desc'],
    [2, 'id'],
    [2, 'desc'],
  ] as const)('at page_size %i an API that ignores the sort (%s order) is caught by count, before the bookmark passes a row not read', async (pageSize, order) => {
    const data = rows(40, 1000, () => 5);
    const api = new FakeSearch(data, { order });
    const items: Row[] = [];
    const bookmarks: number[] = [];
    let error: Error | undefined;
    try {
      for await (const page of sortedSearch<Row>(api, shop, { ...spec, pageSize }, 0, 10_000, {})) {
        items.push(...page.items);
        bookmarks.push(page.safeBookmark);
      }
    } catch (caught) {
      error = caught as Error;
    }
    expect(error).toMatchObject({ code: 'API_SORT_IGNORED' });
    const seen = new Set(items.map((r) => r.id));
    for (const bookmark of bookmarks) for (const row of data.filter((r) => r.update_time < bookmark)) expect(seen.has(row.id)).toBe(true);
  });

  test('at page_size 1, rows refreshed past the window while the search runs are no false alarm (a fresh count tells)', async () => {
    const data = rows(20, 1000, () => 5);
    // From the third request on, one unread row a request is updated past hi: total_count drops by more than was read.
    const api = new FakeSearch(structuredClone(data), { onRequest: (n, live) => { if (n >= 3 && n < 8) live[19 - n]!.update_time = 20_000 + n; } });
    const items: Row[] = [];
    const bookmarks: number[] = [];
    for await (const page of sortedSearch<Row>(api, shop, { ...spec, pageSize: 1 }, 0, 10_000, {})) {
      items.push(...page.items);
      bookmarks.push(page.safeBookmark);
    }
    expect(items).toHaveLength(15);
    expect(Math.max(...bookmarks)).toBe(1095);
    // The drop is checked with one more count request each time, and found to be rows leaving, not rows skipped.
    expect(api.calls.length).toBeGreaterThan(15);
  });

  test('a page with rows below the update_time_ge it asked for (the filter ignored) is refused', async () => {
    const api = new FakeSearch(rows(30, 1000));
    const original = api.request.bind(api);
    api.request = async (call) => {
      const reply = await original(call);
      if (api.calls.length === 2) (reply.data as { orders: Row[] }).orders.unshift({ id: '1', update_time: 999 });
      return reply as never;
    };
    const { bookmarks, error } = await collectUntilError(api, 1000, 10_000);
    expect(error?.message).toMatch(/update_time 999 below the requested update_time_ge 1009/);
    // The first page's bookmark waits for the next reply's total_count to confirm the page skipped nothing (the
    // order check by count), and that reply is the one refused: the bookmark stays at lo.
    expect(bookmarks).toEqual([1000]);
  });

  test('a tie larger than a page is reported once, and the bookmark stays at its time until it is read', async () => {
    const data = [...rows(5, 400), ...rows(25, 500, () => 0), ...rows(5, 600)].map((r, i) => ({ ...r, id: `9${String(i).padStart(18, '0')}` }));
    const warnings: string[] = [];
    const { items, bookmarks } = await collect(new FakeSearch(data), 0, 10_000, warnings);
    expect(items).toHaveLength(35);
    expect(warnings).toEqual([expect.stringMatching(/^search_orders: more than 10 rows share update_time 500 .*keeps the bookmark at that time/)]);
    // Pages inside the tie (after the one that reached it) never move the bookmark past 500.
    // (A page's bookmark lags one query: it moves once the next reply's total_count confirms nothing was skipped.)
    expect(bookmarks).toEqual([0, 500, 500, 604]);
  });

  test('a repeated page token fails clearly', async () => {
    const api = new FakeSearch(rows(30, 7, () => 0));
    api.request = async <T>() => ({
      data: { orders: rows(10, 7, () => 0), next_page_token: 'same' } as T,
      requestId: 'r',
    });
    await expect(collect(api, 0, 100)).rejects.toThrow(/same page token twice/);
  });
});
