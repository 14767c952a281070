import { http, HttpResponse } from 'msw';
import { ENDPOINTS, endpointPath } from '../../../src/tiktok/endpoints.js';
import { API, SHOP, apiError, envelope, makeClient, mswServer } from './helpers.js';

/** The client paces each endpoint of each shop on its own bucket, and adapts it to throttling. */
const server = mswServer();
const OTHER_SHOP = { id: '7495310022158813999', cipher: 'ROW_otherShopCipher' };
const priceDetail = (orderId: string) => endpointPath(ENDPOINTS.orderPriceDetail, { order_id: orderId });

function getPriceDetail(client: ReturnType<typeof makeClient>['client'], orderId: string, shop = SHOP) {
  return client.request({ method: 'GET', path: priceDetail(orderId), shop, endpoint: ENDPOINTS.orderPriceDetail.name });
}

function searchOrders(client: ReturnType<typeof makeClient>['client']) {
  return client.request({ method: 'POST', path: ENDPOINTS.searchOrders.path, query: { page_size: 20 }, body: { update_time_ge: 1 }, shop: SHOP, endpoint: ENDPOINTS.searchOrders.name });
}

describe('pacing per endpoint and shop', () => {
  test('each endpoint of each shop gets its own rate: other endpoints and shops do not wait on a busy one', async () => {
    server.use(
      http.get(`${API}/order/202407/orders/:id/price_detail`, () => HttpResponse.json(envelope({ line_items: [] }))),
      http.post(`${API}${ENDPOINTS.searchOrders.path}`, () => HttpResponse.json(envelope({ orders: [] }))),
    );
    const { client, sleeps } = makeClient({ endpointRequestsPerSecond: 10, requestsPerSecond: 0 });
    // One after the other on a clock that only sleeps move: each waits its turn at 10 requests/s.
    for (const id of ['1', '2', '3']) await getPriceDetail(client, id);
    expect(sleeps).toEqual([100, 100]);
    sleeps.length = 0;
    await searchOrders(client);
    await getPriceDetail(client, '4', OTHER_SHOP);
    expect(sleeps).toEqual([]); // a fresh bucket each
  });

  test('requests_per_second caps a shop over all its endpoints together', async () => {
    server.use(
      http.get(`${API}/order/202407/orders/:id/price_detail`, () => HttpResponse.json(envelope({ line_items: [] }))),
      http.post(`${API}${ENDPOINTS.searchOrders.path}`, () => HttpResponse.json(envelope({ orders: [] }))),
    );
    const { client, sleeps } = makeClient({ endpointRequestsPerSecond: 50, requestsPerSecond: 1 });
    await getPriceDetail(client, '1');
    await searchOrders(client);
    expect(sleeps).toEqual([1000]); // the second endpoint waits for the shop's ceiling, not its own bucket
  });

  test('a 429 cuts the rate of that endpoint and shop only (to a quarter while nothing measures what the API accepts), honours Retry-After there, and logs the change once', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/order/202407/orders/:id/price_detail`, () => {
        calls += 1;
        if (calls === 1) return HttpResponse.json(apiError(36009002, 'Too many requests'), { status: 429, headers: { 'Retry-After': '3' } });
        return HttpResponse.json(envelope({ line_items: [] }));
      }),
    );
    const { client, lines, sleeps } = makeClient({ endpointRequestsPerSecond: 40 });
    await getPriceDetail(client, '1');
    expect(client.currentRate(ENDPOINTS.orderPriceDetail.name, SHOP.id)).toBe(10);
    expect(client.currentRate(ENDPOINTS.orderPriceDetail.name, OTHER_SHOP.id)).toBe(40);
    expect(client.currentRate(ENDPOINTS.searchOrders.name, SHOP.id)).toBe(40);
    expect(client.stats().throttled).toBe(1);
    // The retry waited out the Retry-After (3 s) and the bucket held as long; the next turn is at the lower pace.
    expect(sleeps[0]).toBe(3000);
    sleeps.length = 0;
    await getPriceDetail(client, '2');
    expect(sleeps).toEqual([100]);
    const changes = lines.filter((line) => line.includes('rate of'));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatch(/INFO/);
    expect(changes[0]).toContain(`${ENDPOINTS.orderPriceDetail.name} of shop ${SHOP.id}: 40 -> 10 requests/s`);
  });

  test('36009002 in an HTTP 200 reply counts as a throttle too', async () => {
    let calls = 0;
    server.use(
      http.get(`${API}/order/202407/orders/:id/price_detail`, () => {
        calls += 1;
        return HttpResponse.json(calls === 1 ? apiError(36009002, 'Too many requests') : envelope({ line_items: [] }));
      }),
    );
    const { client } = makeClient({ endpointRequestsPerSecond: 40 });
    await getPriceDetail(client, '1');
    expect(client.currentRate(ENDPOINTS.orderPriceDetail.name, SHOP.id)).toBe(10);
  });
});
