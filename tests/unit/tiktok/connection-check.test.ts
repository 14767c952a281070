import { http, HttpResponse } from 'msw';
import { familyProbes } from '../../../src/streams/probes.js';
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

describe('checkConnection with one probe per stream family (--test)', () => {
  const SHOPS = [
    { id: '2001', name: 'Scoped', region: 'US', seller_type: 'LOCAL', cipher: 'ROW_scoped', code: 'A' },
    { id: '2002', name: 'Dead', region: 'GB', seller_type: 'LOCAL', cipher: 'ROW_dead', code: 'B' },
  ];
  let seen: Array<{ path: string; query: Record<string, string>; body: string; signOk: boolean }> = [];

  function useShopApi(answer: (path: string) => Response | undefined) {
    seen = [];
    server.use(
      http.get(`${API}/authorization/202309/shops`, () => HttpResponse.json(envelope({ shops: SHOPS }))),
      http.all(`${API}/*`, async ({ request }) => {
        const got = await inspect(request);
        const path = new URL(request.url).pathname;
        seen.push({ path, query: got.query, body: got.body, signOk: got.signOk });
        if (got.query.shop_cipher === 'ROW_dead') return HttpResponse.json(apiError(36009043, 'Shop is deactivated'));
        return answer(path) ?? HttpResponse.json(envelope({ next_page_token: '', total_count: 0, orders: [], return_orders: [], cancellations: [], packages: [], products: [], statements: [], payments: [], withdrawals: [] }));
      }),
    );
  }

  test('each family answers ok, missing scope naming its scope key, or its error; a shop-wide failure is said once', async () => {
    useShopApi((path) => {
      if (path.includes('/return_refund/')) return HttpResponse.json(apiError(105005, 'Access denied: scope'));
      if (path.startsWith('/finance/')) return HttpResponse.json(apiError(105005, 'Access denied: scope'));
      if (path.includes('/packages/search')) return HttpResponse.json(apiError(36009022, 'body must be JSON'));
      return undefined;
    });
    const { client } = makeClient();
    const results = await checkConnection(client, { now: () => T0, probes: familyProbes() });
    const scoped = results.find((r) => r.shopId === '2001')!;
    expect(scoped.ok).toBe(false);
    expect(Object.fromEntries(scoped.families.map((f) => [f.family, f.outcome]))).toEqual({
      orders: 'ok', returns: 'missing_scope', cancellations: 'missing_scope', packages: 'error', products: 'ok',
      statements: 'missing_scope', unsettled_transactions: 'missing_scope', payments: 'missing_scope', withdrawals: 'missing_scope',
      shop_performance: 'ok', product_performance: 'ok', sku_performance: 'ok', video_performance: 'ok', live_performance: 'ok',
      inventory: 'ok', affiliate_orders: 'ok',
    });
    expect(scoped.families.find((f) => f.family === 'returns')!.message).toMatch(/^returns: missing scope seller\.return_refund\.basic \(.*105005/);
    expect(scoped.families.find((f) => f.family === 'statements')!.message).toMatch(/^statements: missing scope seller\.finance\.info/);
    expect(scoped.families.find((f) => f.family === 'packages')!.message).toMatch(/^packages: error: .*36009022/);
    expect(scoped.message).toMatch(/7 of 16 stream families cannot be read \(returns, cancellations, packages, statements, unsettled_transactions, payments, withdrawals\)/);
    // The deactivated shop: one line, and no request after the first.
    const dead = results.find((r) => r.shopId === '2002')!;
    expect(dead.ok).toBe(false);
    expect(dead.message).toMatch(/code 36009043/);
    expect(seen.filter((s) => s.query.shop_cipher === 'ROW_dead')).toHaveLength(1);
  });

  test('every probe is one signed call of the smallest page, with a time filter (never an empty body), as a sync sends it', async () => {
    useShopApi(() => undefined);
    const { client } = makeClient();
    const results = await checkConnection(client, { now: () => T0, probes: familyProbes(), shopIds: ['2001'] });
    expect(results[0]!.ok).toBe(true);
    const calls = seen.filter((s) => s.query.shop_cipher === 'ROW_scoped');
    expect(calls).toHaveLength(familyProbes().length);
    expect(calls.length).toBeGreaterThanOrEqual(16);
    for (const call of calls) expect(call.signOk).toBe(true);
    const returns = calls.find((c) => c.path === '/return_refund/202602/returns/search')!;
    expect(returns.query).toMatchObject({ page_size: '10', sort_field: 'update_time', sort_order: 'ASC' });
    expect(JSON.parse(returns.body)).toEqual({ update_time_ge: T0 / 1000 - 60, update_time_lt: T0 / 1000 });
    const products = calls.find((c) => c.path === '/product/202502/products/search')!;
    expect(JSON.parse(products.body)).toEqual({ update_time_ge: T0 / 1000 - 60, update_time_le: T0 / 1000 });
    const statements = calls.find((c) => c.path === '/finance/202309/statements')!;
    expect(statements.query).toMatchObject({ sort_field: 'statement_time', statement_time_ge: String(T0 / 1000 - 60) });
  });
});
