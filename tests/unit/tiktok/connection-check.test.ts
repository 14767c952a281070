import { http, HttpResponse } from 'msw';
import { checkConnection } from '../../../src/tiktok/connection-check.js';
import { API, T0, apiError, envelope, inspect, makeClient, mswServer } from './helpers.js';

const server = mswServer();

const shops = [
  { id: '1001', name: 'Acme US', region: 'US', seller_type: 'LOCAL', cipher: 'ROW_ok', code: 'A' },
  { id: '1002', name: 'Acme GB', region: 'GB', seller_type: 'CROSS_BORDER', cipher: 'ROW_dead', code: 'B' },
  { id: '1003', name: 'Acme ID', region: 'ID', seller_type: 'LOCAL', cipher: 'ROW_noscope', code: 'C' },
];

let bodies: string[] = [];

function useApi() {
  bodies = [];
  server.use(
    http.get(`${API}/authorization/202309/shops`, async ({ request }) => {
      expect((await inspect(request)).query.shop_cipher).toBeUndefined();
      return HttpResponse.json(envelope({ shops }));
    }),
    http.post(`${API}/order/202309/orders/search`, async ({ request }) => {
      const seen = await inspect(request);
      bodies.push(seen.body);
      if (!seen.signOk || seen.query.page_size !== '1') return HttpResponse.json(apiError(106001, 'Invalid sign'));
      if (seen.query.shop_cipher === 'ROW_dead') return HttpResponse.json(apiError(36009043, 'Shop is deactivated'));
      if (seen.query.shop_cipher === 'ROW_noscope') return HttpResponse.json(apiError(105005, 'no permission'));
      return HttpResponse.json(envelope({ orders: [], total_count: 42 }));
    }),
  );
}

describe('checkConnection', () => {
  test('one line per shop: ok, or what failed and what to do', async () => {
    useApi();
    const { client } = makeClient();
    const results = await checkConnection(client, { now: () => T0 });
    expect(results.map((r) => [r.shopId, r.ok])).toEqual([
      ['1001', true],
      ['1002', false],
      ['1003', false],
    ]);
    expect(results[0]!.message).toBe('ok: shop 1001 "Acme US" (US) is reachable');
    expect(results[1]!.message).toMatch(/code 36009043.*deactivated/);
    expect(results[2]!.message).toMatch(/enable the scope in Partner Center/);
    for (const r of results) expect(r.message).not.toContain('\n');
  });

  test('the check sends a small filter, never an empty {} body (SDKs disagree on signing {}, §2.2)', async () => {
    useApi();
    const { client } = makeClient();
    await checkConnection(client, { now: () => T0 });
    expect(bodies).toHaveLength(3);
    for (const body of bodies) expect(JSON.parse(body)).toEqual({ create_time_ge: T0 / 1000 - 60 });
  });

  test('shopIds filter; unknown ids reported', async () => {
    useApi();
    const { client } = makeClient();
    const results = await checkConnection(client, { shopIds: ['1001', '9999'] });
    expect(results.map((r) => [r.shopId, r.ok])).toEqual([
      ['9999', false],
      ['1001', true],
    ]);
    expect(results[0]!.message).toMatch(/not among the 3 shop/);
  });

  test('a failing shop list is one failed line', async () => {
    server.use(http.get(`${API}/authorization/202309/shops`, () => HttpResponse.json(apiError(106001, 'Invalid sign'))));
    const { client } = makeClient();
    const results = await checkConnection(client);
    expect(results).toHaveLength(1);
    expect(results[0]!.ok).toBe(false);
    expect(results[0]!.message).toMatch(/could not list the authorized shops: .*106001.*check app_secret/);
  });
});
