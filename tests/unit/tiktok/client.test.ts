import { delay, http, HttpResponse } from 'msw';
import { ApiError, ClientUsageError } from '../../../src/tiktok/errors.js';
import { ENDPOINTS, endpointPath, matchEndpoint } from '../../../src/tiktok/endpoints.js';
import { ACCESS_TOKEN, API, APP_KEY, SHOP, T0, apiError, envelope, inspect, makeClient, mswServer, type SeenRequest } from './helpers.js';

const server = mswServer();
const SEARCH = `${API}/order/202309/orders/search`;

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

function searchOrders(client: ReturnType<typeof makeClient>['client'], body: unknown = { update_time_ge: 1699913600 }) {
  return client.request<{ orders: unknown[] }>({
    method: 'POST',
    path: ENDPOINTS.searchOrders.path,
    query: { page_size: 50, sort_field: 'update_time', sort_order: 'ASC', page_token: undefined, empty: '' },
    body,
    shop: SHOP,
    tags: { stream: 'orders', shop_id: SHOP.id },
  });
}

describe('endpoints table', () => {
  test('fills and matches path templates', () => {
    expect(endpointPath(ENDPOINTS.orderPriceDetail, { order_id: '579128830041112233' })).toBe('/order/202407/orders/579128830041112233/price_detail');
    expect(matchEndpoint('GET', '/order/202407/orders/579128830041112233/price_detail')).toBe(ENDPOINTS.orderPriceDetail);
    expect(matchEndpoint('POST', '/order/202407/orders/1/price_detail')).toBeUndefined();
    expect(ENDPOINTS.authorizedShops.shopScoped).toBe(false);
    expect(ENDPOINTS.getProduct.shopScoped).toBe(true);
    expect(() => endpointPath(ENDPOINTS.getProduct, {})).toThrow(/product_id/);
  });
});

describe('wire format', () => {
  test('POST: app_key, fresh timestamp, shop_cipher, sign, token header, content type, exact body; server recomputes the sign', async () => {
    const seen: SeenRequest[] = [];
    server.use(
      http.post(SEARCH, async ({ request }) => {
        seen.push(await inspect(request));
        return HttpResponse.json(envelope({ orders: [{ id: '579128830041112233' }], total_count: 1, next_page_token: '' }));
      }),
    );
    const { client, lines } = makeClient({ userAgent: 'tap-tiktok-shop/0.1.0' });
    const res = await searchOrders(client);
    expect(res.requestId).toBe('REQ20250301120102AB');
    expect(res.data.orders).toEqual([{ id: '579128830041112233' }]);
    const req = seen[0]!;
    expect(req.signOk).toBe(true);
    expect(req.query).toMatchObject({ app_key: APP_KEY, timestamp: String(T0 / 1000), shop_cipher: SHOP.cipher, page_size: '50', sort_field: 'update_time' });
    expect(req.query).not.toHaveProperty('page_token');
    expect(req.query).not.toHaveProperty('empty');
    expect(req.query).not.toHaveProperty('access_token');
    expect(req.query.sign).toMatch(/^[0-9a-f]{64}$/);
    expect(req.headers['x-tts-access-token']).toBe(ACCESS_TOKEN);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['user-agent']).toBe('tap-tiktok-shop/0.1.0');
    expect(req.body).toBe('{"update_time_ge":1699913600}');

    const metric = lines.find((l) => l.includes('METRIC'))!;
    const point = JSON.parse(metric.slice(metric.indexOf('{'))) as { type: string; metric: string; value: number; tags: Record<string, unknown> };
    expect(point).toMatchObject({
      type: 'timer',
      metric: 'http_request_duration',
      tags: { endpoint: '/order/202309/orders/search', http_status_code: 200, status: 'succeeded', stream: 'orders', shop_id: SHOP.id },
    });
    expect(client.stats()).toEqual({ requests: 1, retries: 0, throttled: 0, refreshes: 0 });
  });

  test('POST without body sends and signs {}', async () => {
    const seen: SeenRequest[] = [];
    server.use(
      http.post(`${API}/return_refund/202602/returns/search`, async ({ request }) => {
        seen.push(await inspect(request));
        return HttpResponse.json(envelope({ return_orders: [] }));
      }),
    );
    const { client } = makeClient();
    await client.request({ method: 'POST', path: ENDPOINTS.searchReturns.path, query: { page_size: 50 }, shop: SHOP });
    expect(seen[0]!.body).toBe('{}');
    expect(seen[0]!.signOk).toBe(true);
  });

  test('GET: Content-Type set, no body, shop_cipher absent on /authorization, ids stay strings', async () => {
    const seen: SeenRequest[] = [];
    server.use(
      http.get(`${API}/authorization/202309/shops`, async ({ request }) => {
        seen.push(await inspect(request));
        return new HttpResponse(
          '{"code":0,"message":"Success","request_id":"R1","data":{"shops":[{"id":"7495310022158813001","name":"Acme","region":"US","seller_type":"LOCAL","cipher":"ROW_x","code":"US1","extra":1}]}}',
          { headers: { 'content-type': 'application/json' } },
        );
      }),
    );
    const { client } = makeClient();
    const shops = await client.authorizedShops();
    expect(shops).toEqual([{ id: '7495310022158813001', name: 'Acme', region: 'US', seller_type: 'LOCAL', cipher: 'ROW_x', code: 'US1', extra: 1 }]);
    expect(seen[0]!.query).not.toHaveProperty('shop_cipher');
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.body).toBe('');
    expect(seen[0]!.signOk).toBe(true);
  });

  test('refuses shop_cipher on /authorization and a missing shop on shop-scoped endpoints', async () => {
    const { client } = makeClient();
    await expect(client.request({ method: 'GET', path: '/authorization/202309/shops', shop: SHOP })).rejects.toBeInstanceOf(ClientUsageError);
    await expect(client.request({ method: 'POST', path: ENDPOINTS.searchOrders.path })).rejects.toBeInstanceOf(ClientUsageError);
    await expect(client.request({ method: 'GET', path: '/x', query: { sign: 'x' } })).rejects.toThrow(/set by the client/);
    await expect(client.request({ method: 'GET', path: '/x', body: {} })).rejects.toThrow(/cannot carry a body/);
  });

  test('page tokens are sent percent-encoded but signed raw; ids in path', async () => {
    const seen: SeenRequest[] = [];
    server.use(
      http.post(SEARCH, async ({ request }) => {
        seen.push(await inspect(request));
        return HttpResponse.json(envelope({ orders: [] }));
      }),
      http.get(`${API}/order/202407/orders/:id/price_detail`, async ({ request, params }) => {
        seen.push(await inspect(request));
        return HttpResponse.json(envelope({ order_id: params.id }));
      }),
    );
    const { client } = makeClient();
    await client.request({ method: 'POST', path: ENDPOINTS.searchOrders.path, query: { page_size: 10, page_token: 'aDU2dHIz+MlFh/ME5C==' }, shop: SHOP });
    expect(seen[0]!.rawQuery).toContain('page_token=aDU2dHIz%2BMlFh%2FME5C%3D%3D');
    expect(seen[0]!.query.page_token).toBe('aDU2dHIz+MlFh/ME5C==');
    expect(seen[0]!.signOk).toBe(true);
    const detail = await client.request<{ order_id: string }>({
      method: 'GET',
      path: endpointPath(ENDPOINTS.orderPriceDetail, { order_id: '579128830041112233' }),
      shop: SHOP,
    });
    expect(detail.data.order_id).toBe('579128830041112233');
    expect(seen[1]!.signOk).toBe(true);
  });
});

describe('envelope mapping over HTTP', () => {
  test.each([
    ['fatal 106001 (HTTP 200)', 200, apiError(106001, 'Invalid sign'), 'fatal', 'bad_sign', /check app_secret/],
    ['fatal 105005', 200, apiError(105005, 'Access denied: missing scope'), 'fatal', 'missing_scope', /re-authorize/],
    ['fatal 36009033', 403, apiError(36009033, 'IP not in allow list'), 'fatal', 'ip_not_allowed', /allow-list/],
    ['fatal 36009004 app_key (HTTP 400)', 400, apiError(36009004, 'Invalid app_key'), 'fatal', 'bad_app_key', /check app_key/],
    ['fatal 101000', 200, apiError(101000, 'Invalid token'), 'fatal', 'token_shop_mismatch', /authorize the app again/],
    ['unknown code', 200, apiError(77777777, 'New thing'), 'fatal', 'unknown_code', /unknown to the tap/],
    ['skip_shop 36009043', 200, apiError(36009043, 'shop deactivated'), 'skip_shop', 'shop_deactivated', /reactivate it/],
    ['skip_shop 36009044', 200, apiError(36009044, 'seller deactivated'), 'skip_shop', 'seller_deactivated', /reactivate it/],
    ['data missing', 200, { code: 0, message: 'Success', request_id: 'RNODATA' }, 'fatal', 'no_data', /without data/],
  ])('%s', async (_name, status, body, action, reason, hint) => {
    let calls = 0;
    server.use(
      http.post(SEARCH, () => {
        calls += 1;
        return HttpResponse.json(body, { status });
      }),
    );
    const { client } = makeClient();
    const err = await rejection(searchOrders(client));
    expect(err.action).toBe(action);
    expect(err.reason).toBe(reason);
    expect(err.hint).toMatch(hint);
    expect(err.endpoint).toBe('POST /order/202309/orders/search');
    expect(err.message).toContain('POST /order/202309/orders/search failed');
    expect(err.message).toContain(`request_id ${(body as { request_id: string }).request_id}`);
    expect(err.httpStatus).toBe(status);
    expect(calls).toBe(1); // not retried
  });

  test.each([
    ['HTTP 429', () => HttpResponse.json(apiError(36009002, 'Too many requests'), { status: 429 }), /code 36009002/],
    ['36009002 in HTTP 200', () => HttpResponse.json(apiError(36009002, 'Too many requests')), /code 36009002/],
    ['36009003', () => HttpResponse.json(apiError(36009003, 'Internal error')), /code 36009003/],
    ['36009007', () => HttpResponse.json(apiError(36009007, 'timeout')), /code 36009007/],
    ['10002014', () => HttpResponse.json(apiError(10002014, 'Failed to get orders, please retry')), /code 10002014/],
    ['10002015', () => HttpResponse.json(apiError(10002015, 'Failed to get orders, please retry')), /code 10002015/],
    ['36009004 timestamp', () => HttpResponse.json(apiError(36009004, 'Invalid timestamp'), { status: 400 }), /Invalid timestamp/],
    ['HTTP 503 HTML', () => new HttpResponse('<html><body>502 Bad Gateway</body></html>', { status: 503, headers: { 'content-type': 'text/html' } }), /HTML page/],
    ['truncated JSON', () => new HttpResponse('{"code":0,"message":"Success","data":{"orders":[{"id":"57', { headers: { 'content-type': 'application/json' } }), /truncated JSON/],
    ['empty body 502', () => new HttpResponse('', { status: 502 }), /empty body/],
    ['connection reset', () => HttpResponse.error(), /connection failed/],
  ])('retry class: %s is retried maxRetries times then fatal with a clear message', async (_name, reply, text) => {
    let calls = 0;
    const timestamps: string[] = [];
    server.use(
      http.post(SEARCH, async ({ request }) => {
        calls += 1;
        timestamps.push(new URL(request.url).searchParams.get('timestamp')!);
        return reply();
      }),
    );
    const { client, sleeps, lines } = makeClient({ maxRetries: 3 });
    const err = await rejection(searchOrders(client));
    expect(calls).toBe(4);
    expect(err.action).toBe('fatal');
    expect(err.message).toMatch(text);
    expect(err.message).toContain('after 4 attempts');
    expect(sleeps).toEqual([1000, 2000, 4000]);
    expect(new Set(timestamps).size).toBe(4); // re-signed with a fresh timestamp each time
    expect(client.stats().retries).toBe(3);
    expect(lines.filter((l) => l.includes('WARNING') && l.includes('retry')).length).toBe(3);
  });

  test('a retry that succeeds returns the data; throttles are counted', async () => {
    let calls = 0;
    server.use(
      http.post(SEARCH, () => {
        calls += 1;
        if (calls === 1) return HttpResponse.json(apiError(36009002, 'Too many requests'), { status: 429 });
        if (calls === 2) return HttpResponse.json(apiError(36009003, 'Internal error'));
        return HttpResponse.json(envelope({ orders: [] }));
      }),
    );
    const { client, lines } = makeClient();
    const res = await searchOrders(client);
    expect(res.data.orders).toEqual([]);
    expect(client.stats()).toMatchObject({ requests: 3, retries: 2, throttled: 1 });
    const metrics = lines.filter((l) => l.includes('METRIC')).map((l) => JSON.parse(l.slice(l.indexOf('{'))) as { metric: string; tags: Record<string, unknown> });
    expect(metrics.filter((m) => m.metric === 'http_request_duration').map((m) => [m.tags.http_status_code, m.tags.status])).toEqual([
      [429, 'failed'],
      [200, 'failed'],
      [200, 'succeeded'],
    ]);
    // The throttle is counted per endpoint (and shop), for the run's aggregated metrics.
    expect(metrics.filter((m) => m.metric === 'http_throttled').map((m) => m.tags.endpoint)).toEqual([expect.stringContaining('search')]);
  });

  test('Retry-After (seconds and HTTP date) is honoured when longer than the back-off', async () => {
    let calls = 0;
    server.use(
      http.post(SEARCH, () => {
        calls += 1;
        if (calls === 1) return HttpResponse.json(apiError(36009002, 'slow down'), { status: 429, headers: { 'Retry-After': '9' } });
        if (calls === 2) return HttpResponse.json(apiError(36009002, 'slow down'), { status: 429, headers: { 'Retry-After': new Date(T0 + 9000 + 30_000).toUTCString() } });
        return HttpResponse.json(envelope({ orders: [] }));
      }),
    );
    const { client, sleeps } = makeClient();
    await searchOrders(client);
    expect(sleeps).toEqual([9000, 30000]);
  });

  test('without Retry-After: exponential back-off with the configured base and cap', async () => {
    let calls = 0;
    server.use(
      http.post(SEARCH, () => {
        calls += 1;
        return calls < 5 ? HttpResponse.json({}, { status: 503 }) : HttpResponse.json(envelope({ orders: [] }));
      }),
    );
    const { client, sleeps } = makeClient({ maxRetries: 5, backoffBaseMs: 100, backoffMaxMs: 500 });
    await searchOrders(client);
    expect(sleeps).toEqual([100, 200, 400, 500]);
  });

  test('request timeout: a reply slower than requestTimeoutMs is a retried timeout, then fatal', async () => {
    let calls = 0;
    server.use(
      http.post(SEARCH, async () => {
        calls += 1;
        await delay(300);
        return HttpResponse.json(envelope({ orders: [] }));
      }),
    );
    const { client } = makeClient({ requestTimeoutMs: 50, maxRetries: 1 });
    const err = await rejection(searchOrders(client));
    expect(calls).toBe(2);
    expect(err.reason).toBe('timeout');
    expect(err.message).toMatch(/timed out \(no reply within 50 ms\)/);
    expect(err.message).toContain('request_id none');
  });

  test('a non-envelope JSON reply with HTTP 404 is fatal at once', async () => {
    server.use(http.post(SEARCH, () => HttpResponse.json({ error: 'not found' }, { status: 404 })));
    const { client } = makeClient();
    const err = await rejection(searchOrders(client));
    expect(err.action).toBe('fatal');
    expect(client.stats().requests).toBe(1);
  });

  test('ids stay strings even when they exceed 2^53', async () => {
    server.use(
      http.post(SEARCH, () => new HttpResponse('{"code":0,"message":"ok","request_id":"R","data":{"orders":[{"id":"576461413038785752","n":1}]}}')),
    );
    const { client } = makeClient();
    const res = await searchOrders(client);
    expect(res.data.orders[0]).toEqual({ id: '576461413038785752', n: 1 });
  });
});
