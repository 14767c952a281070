import { gzipSync } from 'node:zlib';
import { http, HttpResponse } from 'msw';
import { ENDPOINTS, endpointPath } from '../../../src/tiktok/endpoints.js';
import { ApiError } from '../../../src/tiktok/errors.js';
import { forgetSecrets, redact, registerSecret } from '../../../src/redact.js';
import { API, AUTH, SHOP, T0, apiError, envelope, inspect, makeClient, mswServer } from './helpers.js';

/** Issue 13 items 8, 9, 10, 12 (the client's part) and 21: what a hostile API can do to one request. */
const server = mswServer();
const SEARCH = `${API}/order/202309/orders/search`;
const search = { method: 'POST' as const, path: ENDPOINTS.searchOrders.path, query: { page_size: 10 }, body: { update_time_ge: 1 }, shop: SHOP };

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

describe('ids in paths (item 8)', () => {
  test.each([[''], ['.'], ['..'], [' 123'], ['12\n3'], [undefined], [123]])('%j is refused before anything is sent, naming the endpoint', (id) => {
    let error: unknown;
    try {
      endpointPath(ENDPOINTS.orderPriceDetail, { order_id: id });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('api_invalid_id');
    expect((error as ApiError).exitCode).toBe(2);
    expect((error as ApiError).message).toMatch(/^GET \/order\/202407\/orders\/\{order_id\}\/price_detail failed: order_id .* is not an id the API could have issued, so the request was not sent/);
  });

  test('every other value is percent-encoded: nothing can add a segment, a query or a dot segment', () => {
    expect(endpointPath(ENDPOINTS.getProduct, { product_id: '17293' })).toBe('/product/202309/products/17293');
    expect(endpointPath(ENDPOINTS.getProduct, { product_id: '../x' })).toBe('/product/202309/products/..%2Fx');
    expect(endpointPath(ENDPOINTS.getProduct, { product_id: '%2e%2e' })).toBe('/product/202309/products/%252e%252e');
    expect(endpointPath(ENDPOINTS.getProduct, { product_id: 'a?b#c' })).toBe('/product/202309/products/a%3Fb%23c');
  });
});

describe('replies that lie (item 12)', () => {
  test.each([[['oops']], ['oops'], [42]])('code 0 with data %j is an unexpected reply naming the endpoint, not an empty page', async (data) => {
    server.use(http.post(SEARCH, () => HttpResponse.json({ code: 0, message: 'Success', request_id: 'R-LIE', data })));
    const { client } = makeClient();
    const error = await failure(client.request(search));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toMatch(/^POST \/order\/202309\/orders\/search failed: unexpected reply: data is (an array|a string|a number), not an object \(request_id R-LIE\)$/);
  });
});

describe('body size cap (item 10)', () => {
  test('a gzip bomb is refused once its decoded size passes the cap, and not retried', async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, 0x20)); // 16 MiB of spaces, ~16 KB on the wire
    let calls = 0;
    server.use(
      http.post(SEARCH, () => {
        calls += 1;
        return new HttpResponse(bomb, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
      }),
    );
    const { client, sleeps } = makeClient({ maxBodyBytes: 1024 * 1024, maxRetries: 3 });
    const error = await failure(client.request(search));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('api_body_too_large');
    expect((error as ApiError).message).toBe(
      'POST /order/202309/orders/search failed: the reply body is larger than 1 MiB (decoded); reading stopped there (request_id none)',
    );
    expect(calls).toBe(1);
    expect(sleeps).toEqual([]);
  });

  test('a plain body over the cap is refused the same way', async () => {
    server.use(http.post(SEARCH, () => new HttpResponse(`{"code":0,"data":{"orders":[],"pad":"${'x'.repeat(300_000)}"}}`)));
    const { client } = makeClient({ maxBodyBytes: 256 * 1024 });
    await expect(client.request(search)).rejects.toThrow(/larger than 262144 bytes \(decoded\)/);
  });

  test('a compressed reply under the cap is decoded as usual', async () => {
    const body = gzipSync(JSON.stringify(envelope({ orders: [{ id: '1' }], next_page_token: '' })));
    server.use(http.post(SEARCH, () => new HttpResponse(body, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } })));
    const { client } = makeClient({ maxBodyBytes: 1024 * 1024 });
    await expect(client.request(search)).resolves.toMatchObject({ data: { orders: [{ id: '1' }] } });
  });
});

describe('secrets in every encoding (item 9)', () => {
  const SECRET = 'APP+se cret/zz91=='; // + / = and a space: every encoding differs from the raw value
  const REFRESH = 'RT+zz91/ref resh==';

  afterEach(() => forgetSecrets());

  test('redact masks the raw, percent-encoded (either hex case), form-encoded and JSON-escaped forms', () => {
    registerSecret(SECRET);
    const forms = [
      SECRET,
      encodeURIComponent(SECRET),
      encodeURIComponent(SECRET).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()),
      encodeURIComponent(SECRET).replace(/%20/g, '+'),
      new URLSearchParams({ s: SECRET }).toString().slice(2),
      JSON.stringify(SECRET).slice(1, -1).replace(/\//g, '\\/'),
      JSON.stringify(encodeURIComponent(SECRET)),
      encodeURIComponent(encodeURIComponent(SECRET)),
    ];
    for (const form of forms) {
      const masked = redact(`echo: ${form} end`);
      expect([form, masked.includes('***'), /zz91/.test(masked)]).toEqual([form, true, false]);
    }
  });

  test('an auth error that echoes the request (query percent- and form-encoded, JSON-escaped) shows no secret', async () => {
    let raw = '';
    server.use(
      http.get(`${AUTH}/api/v2/token/refresh`, ({ request }) => {
        const url = new URL(request.url);
        raw = url.search;
        const form = new URLSearchParams(url.searchParams).toString();
        // The values as received (percent-encoded, no key names for a pattern to catch), form-encoded, the whole
        // URL encoded once more, and the raw values JSON-escaped.
        const values = url.search.slice(1).split('&').map((pair) => pair.split('=')[1]).join(' ');
        const message = `invalid request values ${values}; parsed ${form.replace(/=/g, ' ')}; url ${encodeURIComponent(request.url)}; ${JSON.stringify({ s: SECRET, r: REFRESH })}`;
        return HttpResponse.json(apiError(36004004, message), { status: 400 });
      }),
    );
    const { client, lines } = makeClient({ appSecret: SECRET, refreshToken: REFRESH, accessTokenExpireIn: Math.floor(T0 / 1000) - 10 });
    const error = (await failure(client.request(search))) as ApiError & { responseBody?: string };
    expect(error).toBeInstanceOf(ApiError);
    expect(raw).toContain(encodeURIComponent(SECRET)); // the server did see them, encoded
    const everything = [error.message, error.userLine(), error.responseBody ?? '', ...lines].join('\n');
    expect(everything).toMatch(/token\/refresh failed: code 36004004/);
    for (const secret of [SECRET, REFRESH]) {
      for (const form of [secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+'), new URLSearchParams({ s: secret }).toString().slice(2)]) {
        expect(everything).not.toContain(form);
      }
    }
    // Parts of a secret between its special characters must not survive either.
    expect(everything).not.toMatch(/zz91/);
  });
});

describe('rate limit and concurrency cap together (item 21)', () => {
  test('requests queued behind a slow reply still go out at the shop rate, not all at once', async () => {
    const sentAt: number[] = [];
    const clock = { t: T0 };
    server.use(
      http.post(SEARCH, async ({ request }) => {
        await inspect(request);
        sentAt.push(clock.t);
        if (sentAt.length === 1) clock.t += 10_000; // a latency spike on the first request
        return HttpResponse.json(envelope({ orders: [] }));
      }),
    );
    const { client } = makeClient({
      requestsPerSecond: 1,
      maxConcurrency: 1,
      now: () => clock.t,
      // A virtual timer: waking up later never moves time backwards.
      sleep: async (ms) => {
        const until = clock.t + ms;
        await new Promise((resolve) => setImmediate(resolve));
        clock.t = Math.max(clock.t, until);
      },
    });
    await Promise.all([1, 2, 3, 4].map(() => client.request(search)));
    expect(sentAt).toHaveLength(4);
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    // After the spike the bucket holds one token (burst 1), so the second goes at once, then one per second.
    expect(gaps.slice(1).every((gap) => gap >= 1000)).toBe(true);
  });

  test('a shop held to its rate does not hold the concurrency slots another shop is waiting for', async () => {
    const order: string[] = [];
    const clock = { t: T0 };
    // Shop A's waits for its rate end only once shop B's request has gone out (or, failing that, after 3 s so the
    // test fails on its assertion instead of hanging): if A's waits held the two slots, B could not go first.
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
      setTimeout(resolve, 3000).unref();
    });
    server.use(
      http.post(SEARCH, async ({ request }) => {
        const cipher = (await inspect(request)).query.shop_cipher!;
        order.push(cipher);
        if (cipher === 'CIPHER_B') openGate();
        return HttpResponse.json(envelope({ orders: [] }));
      }),
    );
    const { client } = makeClient({
      requestsPerSecond: 1,
      maxConcurrency: 2,
      now: () => clock.t,
      sleep: async (ms) => {
        const until = clock.t + ms;
        await gate;
        clock.t = Math.max(clock.t, until);
      },
    });
    const slowShop = { id: 'A', cipher: 'CIPHER_A' };
    const otherShop = { id: 'B', cipher: 'CIPHER_B' };
    const queued = [1, 2, 3, 4, 5].map(() => client.request({ ...search, shop: slowShop }));
    await new Promise((resolve) => setImmediate(resolve));
    await Promise.all([...queued, client.request({ ...search, shop: otherShop })]);
    // Only A's first request (no wait) may go before B's: the other four were waiting for A's rate.
    expect(order.indexOf('CIPHER_B')).toBeLessThanOrEqual(1);
    expect(order).toHaveLength(6);
  });
});
