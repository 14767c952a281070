import { http, HttpResponse } from 'msw';
import { authHints } from '../../../src/tiktok/auth-hints.js';
import { ApiError, RefreshRefusedError } from '../../../src/tiktok/errors.js';
import { ENDPOINTS } from '../../../src/tiktok/endpoints.js';
import { normalizeExpiry } from '../../../src/tiktok/tokens.js';
import {
  ACCESS_TOKEN,
  API,
  APP_KEY,
  APP_SECRET,
  AUTH,
  NEW_ACCESS,
  NEW_REFRESH,
  REFRESH_TOKEN,
  SHOP,
  T0,
  apiError,
  envelope,
  makeClient,
  mswServer,
} from './helpers.js';

const server = mswServer();
const NOW_S = T0 / 1000;
const SHOPS_URL = `${API}/authorization/202309/shops`;
const REFRESH_URL = `${AUTH}/api/v2/token/refresh`;

function tokenReply() {
  return envelope({
    access_token: NEW_ACCESS,
    access_token_expire_in: NOW_S + 7 * 86400,
    refresh_token: NEW_REFRESH,
    refresh_token_expire_in: NOW_S + 365 * 86400,
    open_id: '7391048820511230001',
    seller_name: 'Acme',
  });
}

interface Seen {
  refreshCalls: URLSearchParams[];
  tokensUsed: string[];
}

/** Auth host + a shops endpoint that accepts only `accepted`. */
function useServer(accepted: string, rejectWith = apiError(105002, 'Access token is expired')): Seen {
  const seen: Seen = { refreshCalls: [], tokensUsed: [] };
  server.use(
    http.get(REFRESH_URL, ({ request }) => {
      seen.refreshCalls.push(new URL(request.url).searchParams);
      return HttpResponse.json(tokenReply());
    }),
    http.get(SHOPS_URL, ({ request }) => {
      const token = request.headers.get('x-tts-access-token') ?? '';
      seen.tokensUsed.push(token);
      return token === accepted ? HttpResponse.json(envelope({ shops: [] })) : HttpResponse.json(rejectWith);
    }),
  );
  return seen;
}

const listShops = (client: ReturnType<typeof makeClient>['client']) =>
  client.request({ method: 'GET', path: ENDPOINTS.authorizedShops.path });

describe('token manager', () => {
  test('refreshes when the config has no access token; unsigned GET with app_key/app_secret/refresh_token/grant_type', async () => {
    const seen = useServer(NEW_ACCESS);
    const { client, tokensSaved } = makeClient({ accessToken: undefined, accessTokenExpireIn: undefined });
    await listShops(client);
    expect(seen.refreshCalls).toHaveLength(1);
    const q = Object.fromEntries(seen.refreshCalls[0]!);
    expect(q).toEqual({ app_key: APP_KEY, app_secret: APP_SECRET, refresh_token: REFRESH_TOKEN, grant_type: 'refresh_token' });
    expect(seen.tokensUsed).toEqual([NEW_ACCESS]);
    expect(tokensSaved).toEqual([
      { accessToken: NEW_ACCESS, accessTokenExpireIn: NOW_S + 7 * 86400, refreshToken: NEW_REFRESH, refreshTokenExpireIn: NOW_S + 365 * 86400 },
    ]);
    expect(client.stats().refreshes).toBe(1);
  });

  test('refreshes when the token expires within the hour, not before', async () => {
    const seen = useServer(NEW_ACCESS);
    const soon = makeClient({ accessTokenExpireIn: NOW_S + 3599 });
    await listShops(soon.client);
    expect(seen.refreshCalls).toHaveLength(1);
    expect(seen.tokensUsed).toEqual([NEW_ACCESS]);

    const seen2 = useServer(ACCESS_TOKEN);
    const later = makeClient({ accessTokenExpireIn: NOW_S + 3601 });
    await listShops(later.client);
    expect(seen2.refreshCalls).toHaveLength(0);
    expect(seen2.tokensUsed).toEqual([ACCESS_TOKEN]);
  });

  test('the clock moving past the margin triggers a refresh mid-run', async () => {
    const seen = useServer(ACCESS_TOKEN);
    const h = makeClient({ accessTokenExpireIn: NOW_S + 7200 });
    await listShops(h.client);
    expect(seen.refreshCalls).toHaveLength(0);
    h.clock.t += 3601 * 1000;
    const seen2 = useServer(NEW_ACCESS);
    await listShops(h.client);
    expect(seen2.refreshCalls).toHaveLength(1);
  });

  test.each([
    ['105002', apiError(105002, 'Access token is expired')],
    ['36009004 about the access token', apiError(36009004, 'Invalid credentials. The x-tts-access-token header is invalid')],
  ])('rejected token (%s): refresh, then retry once', async (_name, reply) => {
    const seen = useServer(NEW_ACCESS, reply);
    const { client, tokensSaved, lines } = makeClient();
    const res = await listShops(client);
    expect(res.data).toEqual({ shops: [] });
    expect(seen.tokensUsed).toEqual([ACCESS_TOKEN, NEW_ACCESS]);
    expect(seen.refreshCalls).toHaveLength(1);
    expect(tokensSaved).toHaveLength(1);
    expect(lines.some((l) => l.includes('WARNING') && l.includes('refreshing the access token'))).toBe(true);
  });

  test('a refreshed token rejected again is fatal (no loop)', async () => {
    const seen = useServer('nothing-is-accepted');
    const { client } = makeClient();
    const err = (await listShops(client).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.action).toBe('fatal');
    expect(err.hint).toMatch(/freshly refreshed access token: have the seller authorize the app again \(tap-tiktok-shop authorize --config <your config>\): it writes the new refresh_token to the config file/);
    expect(seen.tokensUsed).toEqual([ACCESS_TOKEN, NEW_ACCESS]);
    expect(seen.refreshCalls).toHaveLength(1);
  });

  test('single flight: 10 concurrent requests without a token → 1 refresh', async () => {
    let refreshCalls = 0;
    server.use(
      http.get(REFRESH_URL, async () => {
        refreshCalls += 1;
        await new Promise((r) => setTimeout(r, 20));
        return HttpResponse.json(tokenReply());
      }),
      http.get(SHOPS_URL, ({ request }) =>
        HttpResponse.json(request.headers.get('x-tts-access-token') === NEW_ACCESS ? envelope({ shops: [] }) : apiError(105002, 'expired')),
      ),
    );
    const { client, tokensSaved } = makeClient({ accessToken: undefined, maxConcurrency: 10 });
    await Promise.all(Array.from({ length: 10 }, () => listShops(client)));
    expect(refreshCalls).toBe(1);
    expect(tokensSaved).toHaveLength(1);
  });

  test('single flight: 10 concurrent requests all rejected with 105002 → 1 refresh, each retried once', async () => {
    let refreshCalls = 0;
    const used: string[] = [];
    server.use(
      http.get(REFRESH_URL, async () => {
        refreshCalls += 1;
        await new Promise((r) => setTimeout(r, 10));
        return HttpResponse.json(tokenReply());
      }),
      http.post(`${API}/order/202309/orders/search`, async ({ request }) => {
        const token = request.headers.get('x-tts-access-token') ?? '';
        used.push(token);
        await new Promise((r) => setTimeout(r, 5));
        return HttpResponse.json(token === NEW_ACCESS ? envelope({ orders: [] }) : apiError(105002, 'expired'));
      }),
    );
    const { client } = makeClient({ maxConcurrency: 10 });
    await Promise.all(
      Array.from({ length: 10 }, () => client.request({ method: 'POST', path: ENDPOINTS.searchOrders.path, query: { page_size: 1 }, shop: SHOP })),
    );
    expect(refreshCalls).toBe(1);
    expect(used.filter((t) => t === NEW_ACCESS)).toHaveLength(10);
  });

  test('an expired refresh token is fatal with the re-authorize hint', async () => {
    server.use(http.get(REFRESH_URL, () => HttpResponse.json(apiError(36004004, 'refresh_token is expired'))));
    const { client, tokensSaved } = makeClient({ accessToken: undefined });
    const err = (await listShops(client).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.action).toBe('fatal');
    expect(err.reason).toBe('refresh_failed');
    expect(err.message).toContain('GET /api/v2/token/refresh failed: code 36004004');
    expect(err.hint).toMatch(/^have the seller authorize the app again \(tap-tiktok-shop authorize --config <your config>\): it writes the new refresh_token to the config file$/);
    expect(tokensSaved).toHaveLength(0);
  });

  test('under Meltano with a token store, the refused refresh names meltano invoke and the token store, not the config', async () => {
    server.use(http.get(REFRESH_URL, () => HttpResponse.json(apiError(36004004, 'refresh_token is expired'))));
    const { client } = makeClient({ accessToken: undefined, authHints: authHints({ store: 'file', meltano: true }) });
    const err = (await listShops(client).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(RefreshRefusedError);
    expect(err.hint).toMatch(/meltano invoke tap-tiktok-shop authorize/);
    expect(err.hint).toMatch(/token store \(token_store_path\)/);
    expect(err.hint).not.toMatch(/in the config file|put the new refresh_token/);
  });

  test('a wrong app_secret on refresh says to fix the secret, not the tokens, and is no refused refresh token (the store keeps it)', async () => {
    server.use(http.get(REFRESH_URL, () => HttpResponse.json(apiError(36009004, 'Invalid app_secret'), { status: 400 })));
    const { client } = makeClient({ accessToken: undefined, authHints: authHints({ store: 'url', meltano: true }) });
    const err = (await listShops(client).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).not.toBeInstanceOf(RefreshRefusedError);
    expect(err.reason).toBe('bad_app_secret');
    expect(err.hint).toMatch(/app_secret is wrong .*meltano config set tap-tiktok-shop app_secret/);
    expect(err.hint).toMatch(/the tokens are fine/);
    expect(err.hint).not.toMatch(/authorize/);
  });

  test('a transient failure of the refresh call is retried', async () => {
    let calls = 0;
    server.use(
      http.get(REFRESH_URL, () => {
        calls += 1;
        return calls === 1 ? new HttpResponse('<html>busy</html>', { status: 503 }) : HttpResponse.json(tokenReply());
      }),
      http.get(SHOPS_URL, () => HttpResponse.json(envelope({ shops: [] }))),
    );
    const { client, sleeps } = makeClient({ accessToken: undefined });
    await listShops(client);
    expect(calls).toBe(2);
    expect(sleeps).toEqual([1000]);
  });

  test('no refresh token and a rejected access token: fatal with the hint', async () => {
    useServer('nothing-is-accepted');
    const { client } = makeClient({ refreshToken: undefined });
    await expect(listShops(client)).rejects.toMatchObject({ hint: expect.stringMatching(/authorize the app again/) as unknown });
  });

  test('neither token in the config is a config error', () => {
    expect(() => makeClient({ accessToken: undefined, refreshToken: undefined })).toThrow(/neither an access_token nor a refresh_token/);
  });

  test('onTokens is awaited before the request goes on', async () => {
    useServer(NEW_ACCESS);
    const order: string[] = [];
    const { client } = makeClient({
      accessToken: undefined,
      onTokens: async () => {
        await new Promise((r) => setTimeout(r, 10));
        order.push('saved');
      },
    });
    await listShops(client);
    order.push('done');
    expect(order).toEqual(['saved', 'done']);
  });

  test('expiry: absolute seconds kept; small values read as durations', () => {
    expect(normalizeExpiry(1741435262, T0)).toBe(1741435262);
    expect(normalizeExpiry(604800, T0)).toBe(NOW_S + 604800);
    expect(normalizeExpiry(undefined, T0)).toBeUndefined();
  });
});
