import { http, HttpResponse } from 'msw';
import { TapError } from '../../../src/errors.js';
import { ENDPOINTS } from '../../../src/tiktok/endpoints.js';
import { ApiError } from '../../../src/tiktok/errors.js';
import type { Page } from '../../../src/tiktok/client.js';
import { API, SHOP, envelope, inspect, makeClient, mswServer, type SeenRequest } from './helpers.js';

const server = mswServer();
const SEARCH = `${API}/order/202309/orders/search`;
const ordersReq = { method: 'POST' as const, path: ENDPOINTS.searchOrders.path, query: { sort_field: 'update_time' }, body: { update_time_ge: 1 }, shop: SHOP };

async function collect<T>(gen: AsyncGenerator<Page<T>>): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  for await (const page of gen) pages.push(page);
  return pages;
}

describe('pages()', () => {
  test('follows next_page_token until empty; page_size and page_token in the query; tokens signed raw', async () => {
    const seen: SeenRequest[] = [];
    const tokens: Record<string, string> = { '': 'tok+1/A==', 'tok+1/A==': 'tok2', tok2: '' };
    server.use(
      http.post(SEARCH, async ({ request }) => {
        const req = await inspect(request);
        seen.push(req);
        const sent = req.query.page_token ?? '';
        return HttpResponse.json(envelope({ orders: [{ id: `o-${sent}` }], next_page_token: tokens[sent], total_count: 3 }));
      }),
    );
    const { client } = makeClient();
    const pages = await collect(client.pages<{ id: string }>(ordersReq, { pageSize: 100, itemsKey: 'orders' }));
    expect(pages.map((p) => p.items[0]!.id)).toEqual(['o-', 'o-tok+1/A==', 'o-tok2']);
    expect(pages.map((p) => p.nextPageToken)).toEqual(['tok+1/A==', 'tok2', '']);
    expect(pages[0]!.totalCount).toBe(3);
    expect(seen.map((s) => s.query.page_token)).toEqual([undefined, 'tok+1/A==', 'tok2']);
    expect(seen.every((s) => s.query.page_size === '100' && s.query.sort_field === 'update_time' && s.signOk)).toBe(true);
    expect(seen.every((s) => s.body === '{"update_time_ge":1}')).toBe(true);
  });

  test('absent next_page_token stops; absent items give an empty page', async () => {
    server.use(http.post(SEARCH, () => HttpResponse.json(envelope({ total_count: 0 }))));
    const { client } = makeClient();
    const pages = await collect(client.pages(ordersReq, { pageSize: 10, itemsKey: 'orders' }));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.items).toEqual([]);
    expect(pages[0]!.nextPageToken).toBe('');
  });

  test('a token returned twice is an error instead of an endless loop', async () => {
    let calls = 0;
    server.use(
      http.post(SEARCH, () => {
        calls += 1;
        return HttpResponse.json(envelope({ orders: [{ id: String(calls) }], next_page_token: calls === 1 ? 'A' : calls === 2 ? 'B' : 'A' }, { request_id: `R${calls}` }));
      }),
    );
    const { client } = makeClient();
    const got: string[] = [];
    const err = await (async () => {
      for await (const page of client.pages<{ id: string }>(ordersReq, { pageSize: 10, itemsKey: 'orders' })) got.push(page.items[0]!.id);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).reason).toBe('page_token_repeated');
    expect((err as ApiError).message).toContain('"A" was returned twice');
    expect((err as ApiError).message).toContain('request_id R3');
    expect(got).toEqual(['1', '2']);
    expect(calls).toBe(3);
  });

  test('the same token echoed right back is caught too', async () => {
    server.use(http.post(SEARCH, () => HttpResponse.json(envelope({ orders: [], next_page_token: 'SAME' }))));
    const { client } = makeClient();
    await expect(collect(client.pages(ordersReq, { pageSize: 10, itemsKey: 'orders' }))).rejects.toThrow(/returned twice/);
  });

  test('page size is validated against the endpoint limits', async () => {
    const { client } = makeClient();
    await expect(collect(client.pages(ordersReq, { pageSize: 101, itemsKey: 'orders' }))).rejects.toBeInstanceOf(TapError);
    await expect(collect(client.pages(ordersReq, { pageSize: 0, itemsKey: 'orders' }))).rejects.toThrow(/between 1 and 100/);
    const returnsReq = { method: 'POST' as const, path: ENDPOINTS.searchReturns.path, shop: SHOP };
    await expect(collect(client.pages(returnsReq, { pageSize: 51, itemsKey: 'return_orders' }))).rejects.toThrow(/between 1 and 50/);
  });

  test('items that are not an array are an unexpected reply', async () => {
    server.use(http.post(SEARCH, () => HttpResponse.json(envelope({ orders: { id: 1 } }))));
    const { client } = makeClient();
    await expect(collect(client.pages(ordersReq, { pageSize: 10, itemsKey: 'orders' }))).rejects.toThrow(/not an array/);
  });
});
