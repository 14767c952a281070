import { windowedSearch } from '../../../src/sync/windowed-search.js';
import { syncBounds, splitWindow, SAFETY_LAG_SECONDS } from '../../../src/sync/bounds.js';
import type { ApiCall, ApiCaller } from '../../../src/sync/api-caller.js';
import { FakeSearch, rows, type Row } from './fake-search.js';

const shop = { id: '1', cipher: 'C' };

describe('windowedSearch (inclusive windows split under the result cap)', () => {
  test('splits windows whose total reaches the cap, reads every row, and the windows tile the range', async () => {
    const data = rows(250, 100, (i) => (i % 4 === 0 ? 3 : 1));
    const api = new FakeSearch(data, { itemsKey: 'products' });
    const spec = { path: '/product/202502/products/search', endpoint: 'search_products', itemsKey: 'products', pageSize: 20, idField: 'id', resultCap: 60 };
    const seen: Row[] = [];
    const windows: Array<[number, number, number | undefined]> = [];
    for await (const event of windowedSearch<Row>(api, shop, spec, 0, 10_000, {})) {
      if (event.kind === 'page') seen.push(...event.items);
      else windows.push([event.from, event.to, event.maxUpdateTime]);
    }
    expect(seen.map((r) => r.id).sort()).toEqual(data.map((r) => r.id).sort());
    // Windows tile [0, 9999] in order without gaps or overlaps.
    expect(windows[0]![0]).toBe(0);
    expect(windows.at(-1)![1]).toBe(9999);
    for (let i = 1; i < windows.length; i++) expect(windows[i]![0]).toBe(windows[i - 1]![1] + 1);
    // Bodies use the inclusive _le bound.
    for (const call of api.calls) expect(call.body).toHaveProperty('update_time_le');
  });

  test('against an API that cannot page past 10,000 rows, with the default cap: no row is lost and no query is paged at the cap', async () => {
    // 12,000 rows in one window: an unsplit query would stop at row 10,000 and lose the rest.
    const data = rows(12_000, 100);
    const api = new FakeSearch(data, { itemsKey: 'products', resultCap: 10_000 });
    const totals: number[] = []; // total_count of each reply, in call order
    const recording: ApiCaller = {
      request: async <T>(call: ApiCall) => {
        const reply = await api.request<T>(call);
        totals.push((reply.data as { total_count: number }).total_count);
        return reply;
      },
    };
    const spec = { path: '/product/202502/products/search', endpoint: 'search_products', itemsKey: 'products', pageSize: 100, idField: 'id' };
    const seen = new Set<string>();
    const shortfalls: number[] = [];
    for await (const event of windowedSearch<Row>(recording, shop, spec, 0, 100_000, {})) {
      if (event.kind === 'page') event.items.forEach((r) => seen.add(r.id));
      else shortfalls.push(event.shortfall);
    }
    expect(seen.size).toBe(data.length);
    expect(shortfalls.every((s) => s === 0)).toBe(true);
    expect(shortfalls.length).toBeGreaterThan(1); // the range was split
    // A query reported at the cap may be asked for its first page only: it is split, never paged.
    const paged = api.calls.map((call, i) => ({ token: call.query?.page_token, total: totals[i]! })).filter((c) => c.token);
    expect(paged.length).toBeGreaterThan(0);
    expect(paged.filter((c) => c.total >= 10_000)).toEqual([]);
  });
});

describe('windowedSearch under rows leaving the window while it is paged (§6 G1)', () => {
  test('a pass that falls short of total_count reads the window again, so no unchanged row is skipped', async () => {
    const data = rows(50, 1000);
    const spec = { path: '/product/202502/products/search', endpoint: 'search_products', itemsKey: 'products', pageSize: 10, idField: 'id' };
    // After the first page, two rows already read are updated past the window: the offsets of the rest shift.
    const api = new FakeSearch(structuredClone(data), {
      itemsKey: 'products',
      onRequest: (n, live) => {
        if (n === 2) {
          live[0]!.update_time = 90_000;
          live[1]!.update_time = 90_000;
        }
      },
    });
    const seen = new Set<string>();
    let shortfall = -1;
    for await (const event of windowedSearch<Row>(api, shop, spec, 0, 10_000, {})) {
      if (event.kind === 'page') event.items.forEach((r) => seen.add(r.id));
      else shortfall = event.shortfall;
    }
    for (const row of data.slice(2)) expect(seen.has(row.id)).toBe(true);
    expect(shortfall).toBe(0);
  });
});

describe('bounds', () => {
  const base = { lookbackSeconds: 3600, startDate: 1_000_000, endDate: undefined, syncStart: 2_000_000 };
  test('no bookmark starts at start_date and stops short of the sync start by the safety lag', () => {
    expect(syncBounds({ ...base, bookmark: undefined })).toEqual({ lo: 1_000_000, hi: 2_000_000 - SAFETY_LAG_SECONDS });
  });
  test('a bookmark minus the lookback, but never before start_date', () => {
    expect(syncBounds({ ...base, bookmark: 1_500_000 })!.lo).toBe(1_500_000 - 3600);
    expect(syncBounds({ ...base, bookmark: 1_000_100 })!.lo).toBe(1_000_000);
  });
  test('end_date caps the window; an empty window is undefined', () => {
    expect(syncBounds({ ...base, bookmark: undefined, endDate: 1_200_000 })!.hi).toBe(1_200_000);
    expect(syncBounds({ ...base, bookmark: 1_300_000, endDate: 1_200_000, lookbackSeconds: 0 })).toBeUndefined();
  });
  test('splitWindow halves inclusive windows and stops at one second', () => {
    expect(splitWindow(0, 9)).toEqual([[0, 4], [5, 9]]);
    expect(splitWindow(5, 5)).toBeUndefined();
  });
});

describe('windowedSearch when total_count is missing or wrong (it is checked, not trusted)', () => {
  const spec = { path: '/product/202502/products/search', endpoint: 'search_products', itemsKey: 'products', pageSize: 20, idField: 'id', resultCap: 60 };

  async function read(api: FakeSearch, warnings: string[] = []) {
    const seen: Row[] = [];
    const done: Array<{ from: number; to: number; shortfall: number }> = [];
    for await (const event of windowedSearch<Row>(api, shop, { ...spec, warn: (m) => warnings.push(m) }, 0, 10_000, {})) {
      if (event.kind === 'page') seen.push(...event.items);
      else done.push({ from: event.from, to: event.to, shortfall: event.shortfall });
    }
    return { seen, done };
  }

  test('without total_count, a window whose pass returns the cap is split and read again: no row is lost at the cap', async () => {
    const data = rows(250, 100, (i) => (i % 4 === 0 ? 3 : 1));
    const warnings: string[] = [];
    const { seen, done } = await read(new FakeSearch(data, { itemsKey: 'products', resultCap: 60, total: 'omit' }), warnings);
    expect(seen.map((r) => r.id).sort()).toEqual(data.map((r) => r.id).sort()); // each version yielded exactly once
    expect(warnings).toEqual([expect.stringMatching(/^search_products: the reply has no total_count \(request_id req-1\)/)]);
    expect(done[0]!.from).toBe(0);
    expect(done.at(-1)!.to).toBe(9999);
    for (let i = 1; i < done.length; i++) expect(done[i]!.from).toBe(done[i - 1]!.to + 1);
  });

  test.each([['a string', '40'], ['negative', -1], ['fractional', 2.5]])('a total_count that is %s is refused with the endpoint named', async (_what, value) => {
    await expect(read(new FakeSearch(rows(30, 100), { itemsKey: 'products', total: { value } }))).rejects.toThrow(
      /^search_products: total_count .* is not a count \(request_id req-1\)$/,
    );
  });

  test('a total_count above the rows any pass returns ends the window with that shortfall, after the re-reads', async () => {
    const api = new FakeSearch(rows(30, 100), { itemsKey: 'products', total: { offBy: 2 } });
    const { seen, done } = await read(api);
    expect(seen).toHaveLength(30);
    expect(done).toEqual([{ from: 0, to: 9999, shortfall: 2 }]);
    expect(api.calls.filter((c) => !c.query?.page_token)).toHaveLength(3); // the first pass and two re-reads
  });

  test('a total_count below the rows returned (rows entered the window) is no shortfall', async () => {
    const { seen, done } = await read(new FakeSearch(rows(30, 100), { itemsKey: 'products', total: { offBy: -3 } }));
    expect(seen).toHaveLength(30);
    expect(done).toEqual([{ from: 0, to: 9999, shortfall: 0 }]);
  });
});
