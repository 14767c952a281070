import { http, HttpResponse } from 'msw';
import type { RefreshResult } from '../../../src/tiktok/tokens.js';
import { API, envelope, makeClient, mswServer } from '../tiktok/helpers.js';

const server = mswServer();

describe('pendingTokenWrite() (for the signal handler)', () => {
  test('resolves only once the refresh and the saving of its tokens have finished', async () => {
    server.use(http.get(`${API}/authorization/202309/shops`, () => HttpResponse.json(envelope({ shops: [] }))));
    let finish: ((result: RefreshResult) => void) | undefined;
    const { client } = makeClient({
      accessToken: undefined,
      accessTokenExpireIn: undefined,
      // Stands for a refresh whose rotated tokens are being saved (lock, store, config write-back).
      tokenExchange: () => new Promise<RefreshResult>((resolve) => (finish = resolve)),
    });
    await expect(client.pendingTokenWrite()).resolves.toBeUndefined();
    const shops = client.authorizedShops();
    while (!finish) await new Promise((resolve) => setTimeout(resolve, 5)); // the refresh is under way
    let settled = false;
    const pending = client.pendingTokenWrite().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false);
    finish!({ tokens: { accessToken: 'fresh-access', accessTokenExpireIn: 4_000_000_000, refreshToken: 'fresh-refresh' }, refreshed: true });
    await pending;
    expect(settled).toBe(true);
    await expect(shops).resolves.toEqual([]);
  });
});
