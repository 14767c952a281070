/**
 * The one HTTP layer (got, src/tiktok/wire.ts) and the one retry loop (src/tiktok/retrying-call.ts) as every caller
 * meets them: API calls, the token refresh and the authorize exchange. msw answers; got is not mocked.
 */
import { gzipSync } from 'node:zlib';
import { http, HttpResponse } from 'msw';
import { exchangeAuthCode } from '../../../src/authorize/exchange.js';
import { Logger } from '../../../src/log.js';
import { ENDPOINTS } from '../../../src/tiktok/endpoints.js';
import {
  ApiError,
  MissingScopeError,
  RefreshRefusedError,
  RefusedCallError,
  RetriesExhaustedError,
  ShopUnavailableError,
  UnknownCodeError,
} from '../../../src/tiktok/errors.js';
import { ACCESS_TOKEN, API, APP_KEY, APP_SECRET, AUTH, NEW_ACCESS, NEW_REFRESH, REFRESH_TOKEN, SHOP, T0, apiError, envelope, inspect, makeClient, mswServer } from './helpers.js';

const server = mswServer();
const SEARCH = `${API}/order/202309/orders/search`;
const SHOPS = `${API}/authorization/202309/shops`;
const REFRESH = `${AUTH}/api/v2/token/refresh`;
const TOKEN_GET = `${AUTH}/api/v2/token/get`;
const NOW_S = T0 / 1000;

type Client = ReturnType<typeof makeClient>['client'];
const search = (client: Client) => client.request({ method: 'POST', path: ENDPOINTS.searchOrders.path, query: { page_size: 10 }, body: {}, shop: SHOP });
const listShops = (client: Client) => client.request({ method: 'GET', path: ENDPOINTS.authorizedShops.path });

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function tokenReply(access = NEW_ACCESS, ttl = 7 * 86400, nowS = NOW_S) {
  return envelope({ access_token: access, access_token_expire_in: nowS + ttl, refresh_token: NEW_REFRESH, refresh_token_expire_in: NOW_S + 365 * 86400 });
}

describe('every attempt is built when it is sent', () => {
  test('each retry is signed again: a different timestamp and sign each time, and each sign checks out', async () => {
    const attempts: { timestamp: string; sign: string; ok: boolean }[] = [];
    server.use(
      http.post(SEARCH, async ({ request }) => {
        const seen = await inspect(request);
        attempts.push({ timestamp: seen.query.timestamp!, sign: seen.query.sign!, ok: seen.signOk });
        return attempts.length < 3 ? HttpResponse.json(apiError(36009003, 'Internal error')) : HttpResponse.json(envelope({ orders: [] }));
      }),
    );
    const { client } = makeClient();
    await search(client);
    expect(attempts.map((a) => a.ok)).toEqual([true, true, true]);
    expect(new Set(attempts.map((a) => a.timestamp)).size).toBe(3);
    expect(new Set(attempts.map((a) => a.sign)).size).toBe(3);
  });

  test('the token is read after the rate-limit wait: a token renewed while the request waited is the one sent', async () => {
    const used: string[] = [];
    server.use(
      http.get(REFRESH, () => HttpResponse.json(tokenReply())),
      http.post(SEARCH, ({ request }) => {
        used.push(request.headers.get('x-tts-access-token') ?? '');
        return HttpResponse.json(envelope({ orders: [] }));
      }),
    );
    // The first token is good for the first request; the second waits its turn (1 request/s), and the fake clock
    // moves ten minutes meanwhile, into the hour before expiry where the tap renews the token before sending.
    const clock = { t: T0 };
    const { client } = makeClient({
      accessTokenExpireIn: NOW_S + 3600 + 300,
      requestsPerSecond: 1,
      now: () => clock.t,
      sleep: async (ms) => {
        clock.t += ms + 600_000;
      },
    });
    await search(client);
    await search(client);
    expect(used).toEqual([ACCESS_TOKEN, NEW_ACCESS]);
  });

  test('105002 for a token another request already replaced: sent again with the current token, no second refresh', async () => {
    let refreshes = 0;
    let refreshServed!: () => void;
    const served = new Promise<void>((resolve) => (refreshServed = resolve));
    const searchTokens: string[] = [];
    server.use(
      http.get(REFRESH, () => {
        refreshes += 1;
        refreshServed();
        return HttpResponse.json(tokenReply());
      }),
      http.get(SHOPS, ({ request }) =>
        HttpResponse.json(request.headers.get('x-tts-access-token') === NEW_ACCESS ? envelope({ shops: [] }) : apiError(105002, 'Access token is expired')),
      ),
      http.post(SEARCH, async ({ request }) => {
        const token = request.headers.get('x-tts-access-token') ?? '';
        searchTokens.push(token);
        if (token === NEW_ACCESS) return HttpResponse.json(envelope({ orders: [] }));
        await served; // this rejection arrives once the other request's refresh has been answered
        return HttpResponse.json(apiError(105002, 'Access token is expired'));
      }),
    );
    const { client } = makeClient();
    await Promise.all([search(client), listShops(client)]);
    expect(refreshes).toBe(1);
    expect(searchTokens).toEqual([ACCESS_TOKEN, NEW_ACCESS]);
  });

  test('3-second tokens that keep expiring in flight: each rejection goes again with a renewed token until one succeeds', async () => {
    let issued = 0;
    const clock = { t: T0 };
    server.use(
      http.get(REFRESH, () => {
        issued += 1;
        return HttpResponse.json(tokenReply(`TTP_ACCESS_${issued}_zz91_do_not_leak`, 3, Math.floor(clock.t / 1000)));
      }),
      http.post(SEARCH, ({ request }) => {
        const token = request.headers.get('x-tts-access-token') ?? '';
        // The first two tokens expire on the way (the clock jumps past their life); the third arrives in time.
        if (token !== 'TTP_ACCESS_3_zz91_do_not_leak') {
          clock.t += 10_000;
          return HttpResponse.json(apiError(105002, 'Access token is expired'));
        }
        return HttpResponse.json(envelope({ orders: [] }));
      }),
    );
    const { client } = makeClient({ accessToken: undefined, now: () => clock.t });
    await expect(search(client)).resolves.toMatchObject({ data: { orders: [] } });
    expect(issued).toBe(3);
  });
});

describe('retries stop at max_retries, for every caller', () => {
  test('API call: RetriesExhaustedError after max_retries + 1 attempts', async () => {
    let calls = 0;
    server.use(
      http.post(SEARCH, () => {
        calls += 1;
        return HttpResponse.json({}, { status: 503 });
      }),
    );
    const { client } = makeClient({ maxRetries: 2 });
    const error = await rejection(search(client));
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error.message).toContain('after 3 attempts');
    expect(calls).toBe(3);
  });

  test('token refresh: the same loop, then RetriesExhaustedError (not a refused refresh token)', async () => {
    let calls = 0;
    server.use(
      http.get(REFRESH, () => {
        calls += 1;
        return HttpResponse.json(apiError(36009003, 'Internal error'));
      }),
    );
    const { client, sleeps } = makeClient({ accessToken: undefined, maxRetries: 2 });
    const error = await rejection(listShops(client));
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(error).not.toBeInstanceOf(RefreshRefusedError);
    expect(calls).toBe(3);
    expect(sleeps).toEqual([1000, 2000]);
  });

  test('token refresh: an API refusal of the refresh token is RefreshRefusedError at once', async () => {
    let calls = 0;
    server.use(
      http.get(REFRESH, () => {
        calls += 1;
        return HttpResponse.json(apiError(36004004, 'Invalid refresh_token'));
      }),
    );
    const { client } = makeClient({ accessToken: undefined });
    const error = await rejection(listShops(client));
    expect(error).toBeInstanceOf(RefreshRefusedError);
    expect(calls).toBe(1);
  });

  test('authorize exchange: the same loop; no secret in the message of the error it ends with', async () => {
    let calls = 0;
    const code = 'AUTHCODE_zz91_do_not_leak';
    server.use(
      http.get(TOKEN_GET, ({ request }) => {
        calls += 1;
        // A gateway that echoes what it was sent.
        const query = new URL(request.url).searchParams;
        return HttpResponse.json({ code: 36009003, message: `Internal error (${query.get('auth_code')}, ${query.get('app_secret')})`, request_id: 'RX' });
      }),
    );
    const sleeps: number[] = [];
    const lines: string[] = [];
    const error = await rejection(
      exchangeAuthCode({
        appKey: APP_KEY,
        appSecret: APP_SECRET,
        authBaseUrl: AUTH,
        code,
        requestTimeoutMs: 5000,
        maxRetries: 2,
        userAgent: 'tap-tiktok-shop/test',
        logger: new Logger({ write: (line) => lines.push(line) }),
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      }),
    );
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
    for (const text of [error.message, error.responseBody ?? '', ...lines]) {
      expect(text).not.toContain(APP_SECRET);
      expect(text).not.toContain(code);
    }
  });

  test('authorize exchange: a token reply is read by the same parser as a refresh', async () => {
    server.use(http.get(TOKEN_GET, () => HttpResponse.json(envelope({ ...tokenReply().data as object, granted_scopes: ['seller.order.info', 7], user_type: 0 }))));
    const grant = await exchangeAuthCode({
      appKey: APP_KEY,
      appSecret: APP_SECRET,
      authBaseUrl: AUTH,
      code: 'C',
      requestTimeoutMs: 5000,
      maxRetries: 0,
      userAgent: 'ua',
      logger: new Logger({ write: () => {} }),
    });
    expect(grant).toMatchObject({ accessToken: NEW_ACCESS, refreshToken: NEW_REFRESH, grantedScopes: ['seller.order.info'], userType: 0 });
  });
});

describe('the wire itself', () => {
  test('a gzip reply is decoded; a corrupt one is a connection failure, retried', async () => {
    let calls = 0;
    server.use(
      http.post(SEARCH, () => {
        calls += 1;
        const body = calls === 1 ? Buffer.from('\x1f\x8b\x08\x00garbage-not-gzip', 'latin1') : gzipSync(JSON.stringify(envelope({ orders: [{ id: 'z' }] })));
        return new HttpResponse(body, { headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } });
      }),
    );
    const { client, lines } = makeClient();
    await expect(search(client)).resolves.toMatchObject({ data: { orders: [{ id: 'z' }] } });
    expect(calls).toBe(2);
    expect(lines.some((l) => l.includes('connection failed') && l.includes('retry 1/3'))).toBe(true);
  });

  test('a redirect is not followed: the token never reaches the other host', async () => {
    let elsewhere = 0;
    server.use(
      http.post(SEARCH, () => new HttpResponse(null, { status: 302, headers: { location: 'https://elsewhere.test/steal' } })),
      http.all('https://elsewhere.test/*', () => {
        elsewhere += 1;
        return HttpResponse.json(envelope({ orders: [] }));
      }),
    );
    const { client } = makeClient();
    const error = await rejection(search(client));
    expect(error.reason).toBe('redirect');
    expect(elsewhere).toBe(0);
  });

  test('the envelope decides whatever the status: code 0 with data under HTTP 200 succeeds, a code under HTTP 200 fails', async () => {
    server.use(http.post(SEARCH, () => HttpResponse.json(apiError(106001, 'Invalid sign'), { status: 200 })));
    const { client } = makeClient();
    const error = await rejection(search(client));
    expect(error.apiCode).toBe(106001);
  });

  test('an error that echoes the sign shows it masked', async () => {
    let sign = '';
    server.use(
      http.post(SEARCH, ({ request }) => {
        sign = new URL(request.url).searchParams.get('sign')!;
        return HttpResponse.json(apiError(106001, `Invalid sign ${sign}`));
      }),
    );
    const { client } = makeClient();
    const error = await rejection(search(client));
    expect(sign).toMatch(/^[0-9a-f]{64}$/);
    expect(error.message).not.toContain(sign);
    expect(error.responseBody).not.toContain(sign);
  });
});

describe('failures end as the class a caller decides on', () => {
  test.each([
    ['an unknown code', apiError(77777777, 'New thing'), UnknownCodeError, RefusedCallError],
    ['a missing scope', apiError(105005, 'Access denied'), MissingScopeError, RefusedCallError],
    ['not this seller', apiError(21008111, 'not yours'), RefusedCallError, ApiError],
    ['a deactivated shop', apiError(36009043, 'shop deactivated'), ShopUnavailableError, ApiError],
    ['a bad sign', apiError(106001, 'Invalid sign'), ApiError, ApiError],
  ])('%s', async (_name, body, cls, parent) => {
    server.use(http.post(SEARCH, () => HttpResponse.json(body)));
    const { client } = makeClient();
    const error = await rejection(search(client));
    expect(error).toBeInstanceOf(cls);
    expect(error).toBeInstanceOf(parent);
    expect(error.constructor).toBe(cls);
  });

  test('a deactivated shop reaches only its shop; a missing scope only its family', async () => {
    server.use(http.post(SEARCH, () => HttpResponse.json(apiError(36009043, 'shop deactivated'))));
    expect((await rejection(search(makeClient().client))).scope).toBe('shop');
    server.use(http.post(SEARCH, () => HttpResponse.json(apiError(105005, 'Access denied'))));
    expect((await rejection(search(makeClient().client))).scope).toBe('family');
  });
});

test('the refresh token sent is the current one (rotated by the previous refresh)', async () => {
  const sent: string[] = [];
  server.use(
    http.get(REFRESH, ({ request }) => {
      sent.push(new URL(request.url).searchParams.get('refresh_token')!);
      return HttpResponse.json(tokenReply(`TTP_ACCESS_${sent.length}_zz91_do_not_leak`, 3));
    }),
    http.get(SHOPS, () => HttpResponse.json(envelope({ shops: [] }))),
  );
  const clock = { t: T0 };
  const { client } = makeClient({ accessToken: undefined, now: () => clock.t });
  await listShops(client);
  clock.t += 10_000;
  await listShops(client);
  expect(sent).toEqual([REFRESH_TOKEN, NEW_REFRESH]);
});
