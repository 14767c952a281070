/**
 * The search machinery on a declaration of its own (as a new endpoint, e.g. a finance list call, would declare
 * itself): a GET whose filters are in the query, a required sort field, no total_count.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Collection } from '../../../src/sandbox/data/collection.js';
import type { ShopState } from '../../../src/sandbox/data/state.js';
import { ApiError } from '../../../src/sandbox/http/api-error.js';
import { withDeclaredCounts } from '../../../src/sandbox/http/declared-counts.js';
import { DETAILS } from '../../../src/sandbox/http/details.js';
import type { ApiEnv } from '../../../src/sandbox/http/api-env.js';
import { ENDPOINTS, type EndpointSpec } from '../../../src/tiktok/endpoints.js';
import { defineSearch, emptySearch, oneOf, runSearch, strings, type SearchEnv } from '../../../src/sandbox/http/search.js';
import { SEARCHES } from '../../../src/sandbox/http/searches.js';
import { ROUTES } from '../../../src/sandbox/http/routes.js';
import { startSandbox, type SandboxHandle } from '../../../src/sandbox/index.js';

interface Statement {
  id: string;
  time: number;
  status: 'PAID' | 'FAILED';
  json: string;
}

let sb: SandboxHandle;
let shop: ShopState;
let env: SearchEnv;
const statements: Statement[] = Array.from({ length: 45 }, (_, k) => {
  const s = { id: `70${String(k).padStart(6, '0')}`, time: 1_700_000_000 + (k % 15) * 86400, status: k % 4 === 0 ? 'FAILED' : 'PAID' } as const;
  return { ...s, json: JSON.stringify({ id: s.id, statement_time: s.time, payment_status: s.status }) };
});
let version = 1;

const COLLECTION: Collection<Statement> = {
  items: () => statements,
  version: () => version,
  time: (s) => s.time,
  json: (_gen, _shop, s) => s.json,
};

const spec = defineSearch({
  // Path, method, items key, the 1-100 range and the required sort_field come from the tap's table.
  endpoint: ENDPOINTS.getStatements,
  pageSize: { default: 20 },
  times: { fields: ['statement_time'], upper: 'lt' },
  filters: { payment_status: oneOf(['PAID', 'FAILED', 'PROCESSING']), ids: strings(10) },
  totalCount: false,
  collection: COLLECTION,
  match: (s: Statement, f) => (f['payment_status'] === undefined || s.status === f['payment_status'])
    && (f['ids'] === undefined || (f['ids'] as string[]).includes(s.id)),
});

beforeAll(async () => {
  sb = await startSandbox({ seed: 14, shops: 1, orders: 10, products: 5 });
  shop = sb.store.shopByCipherValue(sb.store.shops()[0]!.cipher)!;
  env = { gen: sb.store.data };
});
afterAll(async () => {
  await sb.close();
});

const page = (query: Record<string, string>) => JSON.parse(runSearch(spec, env, shop, query, '').toString()) as {
  next_page_token: string; total_count?: number; statements: { id: string; statement_time: number; payment_status: string }[];
};
const refused = (query: Record<string, string>): unknown => {
  try {
    runSearch(spec, env, shop, query, '');
  } catch (error) {
    return error instanceof ApiError ? error.code : error;
  }
  return 'accepted';
};

describe('a declared GET search', () => {
  test('pages through everything in sort order, without total_count', () => {
    const seen: { id: string; statement_time: number }[] = [];
    let token = '';
    do {
      const p = page({ sort_field: 'statement_time', page_size: '8', ...(token ? { page_token: token } : {}) });
      expect(p.total_count).toBeUndefined();
      seen.push(...p.statements);
      token = p.next_page_token;
    } while (token);
    expect(seen.map((s) => s.id).sort()).toEqual(statements.map((s) => s.id).sort());
    const times = seen.map((s) => s.statement_time);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(page({ sort_field: 'statement_time' }).statements).toHaveLength(20);
  });

  test('query filters: time bounds as digits, an enum, a comma-joined list', () => {
    const ge = statements[3]!.time;
    const lt = statements[9]!.time;
    const inWindow = page({ sort_field: 'statement_time', page_size: '100', statement_time_ge: String(ge), statement_time_lt: String(lt) });
    expect(inWindow.statements.map((s) => s.id).sort()).toEqual(statements.filter((s) => s.time >= ge && s.time < lt).map((s) => s.id).sort());
    const failed = page({ sort_field: 'statement_time', page_size: '100', payment_status: 'FAILED' });
    expect(failed.statements.map((s) => s.id).sort()).toEqual(statements.filter((s) => s.status === 'FAILED').map((s) => s.id).sort());
    const two = page({ sort_field: 'statement_time', ids: `${statements[1]!.id},${statements[2]!.id}` });
    expect(two.statements.map((s) => s.id).sort()).toEqual([statements[1]!.id, statements[2]!.id]);
  });

  test('refusals: sort_field required, page_size range, filter values, a token of another query', () => {
    expect(refused({})).toBe(36009004);
    expect(refused({ sort_field: 'create_time' })).toBe(36009004);
    expect(refused({ sort_field: 'statement_time', page_size: '101' })).toBe(36009004);
    expect(refused({ sort_field: 'statement_time', payment_status: 'LATE' })).toBe(36009004);
    expect(refused({ sort_field: 'statement_time', statement_time_ge: 'today' })).toBe(36009004);
    expect(refused({ sort_field: 'statement_time', ids: Array.from({ length: 11 }, (_, k) => String(k)).join(',') })).toBe(36009004);
    const token = page({ sort_field: 'statement_time', page_size: '5' }).next_page_token;
    expect(refused({ sort_field: 'statement_time', page_token: token, payment_status: 'PAID' })).toBe(36009004);
    expect(refused({ sort_field: 'statement_time', page_token: token, page_size: '7' })).toBe('accepted');
  });

  test('a cached result is rebuilt when the collection version moves', () => {
    const before = page({ sort_field: 'statement_time', page_size: '100' }).statements.length;
    statements.push({ id: '79000000', time: 1_600_000_000, status: 'PAID', json: '{"id":"79000000","statement_time":1600000000,"payment_status":"PAID"}' });
    expect(page({ sort_field: 'statement_time', page_size: '100' }).statements).toHaveLength(before);
    version++;
    const after = page({ sort_field: 'statement_time', page_size: '100' }).statements;
    expect(after).toHaveLength(before + 1);
    expect(after[0]!.id).toBe('79000000');
  });
});

describe('the served searches', () => {
  test('every declaration is a shop-scoped route with its own path and token name', () => {
    expect(new Set(SEARCHES.map((s) => s.path)).size).toBe(SEARCHES.length);
    expect(new Set(SEARCHES.map((s) => s.name)).size).toBe(SEARCHES.length);
    for (const s of SEARCHES) {
      const route = ROUTES.find((r) => r.search === s);
      expect([s.path, route?.method, route?.scope, route?.template]).toEqual([s.path, s.method, 'shop', s.path]);
    }
    expect(SEARCHES.map((s) => s.path)).toEqual(expect.arrayContaining([
      '/return_refund/202602/cancellations/search', '/fulfillment/202309/packages/search', '/order/202309/orders/search',
      '/return_refund/202602/returns/search', '/product/202502/products/search', '/finance/202309/statements',
      '/finance/202309/payments', '/finance/202309/withdrawals', '/finance/202501/statements/{statement_id}/statement_transactions',
    ]));
  });

  test('a {name} path segment matches one segment; every finance route needs the finance grant', () => {
    const route = ROUTES.find((r) => r.template === '/finance/202501/statements/{statement_id}/statement_transactions');
    expect(route?.pattern.exec('/finance/202501/statements/7001/statement_transactions')?.[1]).toBe('7001');
    expect(route?.pattern.test('/finance/202501/statements/7/1/statement_transactions')).toBe(false);
    expect(route?.pattern.test('/finance/202501/statements//statement_transactions')).toBe(false);
    const finance = ROUTES.filter((r) => r.template.startsWith('/finance/'));
    expect(finance.map((r) => r.template).sort()).toEqual([
      '/finance/202309/payments', '/finance/202309/statements', '/finance/202309/withdrawals',
      '/finance/202501/orders/{order_id}/statement_transactions', '/finance/202501/statements/{statement_id}/statement_transactions',
      '/finance/202507/orders/unsettled',
    ]);
    for (const r of finance) expect([r.template, r.method, r.grant]).toEqual([r.template, 'GET', 'finance']);
    const analytics = ROUTES.filter((r) => r.template.startsWith('/analytics/'));
    for (const r of analytics) expect([r.template, r.grant]).toEqual([r.template, 'analytics']);
    expect(ROUTES.filter((r) => r.grant !== undefined).length).toBe(finance.length + analytics.length);
  });
});

describe('keyed by the tap\'s endpoint table', () => {
  const TABLE: EndpointSpec[] = Object.values(ENDPOINTS);

  test('every shop endpoint of the table is a route with the table\'s method and path; lists are searches', () => {
    const served = TABLE.filter((e) => e.host === 'api' && e.shopScoped);
    expect(served.length).toBeGreaterThan(10);
    for (const e of served) {
      const concrete = e.path.replace(/\{\w+\}/g, '7001');
      const route = ROUTES.find((r) => r.method === e.method && r.pattern.test(concrete) && r.template === e.path);
      expect([e.name, route?.kind]).toEqual([e.name, e.itemsKey === undefined ? 'detail' : 'search']);
    }
    for (const s of SEARCHES) expect([s.name, s.method, s.path, s.itemsKey]).toEqual([s.endpoint.name, s.endpoint.method, s.endpoint.path, s.endpoint.itemsKey]);
    expect(DETAILS.map((d) => d.endpoint.name).sort()).toEqual(served.filter((e) => e.itemsKey === undefined).map((e) => e.name).sort());
  });

  test('the table\'s page-size range applies unless the declaration widens it (returns: 1-50 where the table says 10-50)', () => {
    const bySearch = (name: string) => SEARCHES.find((s) => s.name === name)!;
    expect(bySearch('search_orders').pageSize).toEqual({ min: 1, max: 100, default: undefined });
    expect(bySearch('search_returns').pageSize).toEqual({ min: 1, max: 50, default: 10 });
    expect(bySearch('get_statements').sort).toMatchObject({ fields: ['statement_time'], required: true });
  });

  const widgets: EndpointSpec = { name: 'search_widgets', method: 'POST', path: '/widget/202509/widgets/search', host: 'api', shopScoped: true, pageSize: { min: 1, max: 100 }, itemsKey: 'widgets' };

  test('a list endpoint nobody declared yet answers an empty page, with the shared checks', () => {
    const empty = emptySearch(widgets);
    expect(JSON.parse(runSearch(empty, env, shop, { page_size: '5' }, '{}').toString())).toEqual({ total_count: 0, next_page_token: '', widgets: [] });
    expect(() => runSearch(empty, env, shop, { page_size: '101' }, '{}')).toThrow(ApiError);
    expect(() => runSearch(empty, env, shop, {}, '{}')).toThrow('page_size is required');
  });

  test('a report read by day windows: start_date_ge inclusive, end_date_lt exclusive, YYYY-MM-DD', () => {
    const DAY = 86_400;
    const first = Date.parse('2025-05-01T00:00:00Z') / 1000;
    const days = Array.from({ length: 10 }, (_, k) => ({ date: first + k * DAY, json: JSON.stringify({ date: new Date((first + k * DAY) * 1000).toISOString().slice(0, 10) }) }));
    const report = defineSearch({
      endpoint: widgets, days: { ge: 'start_date_ge', lt: 'end_date_lt' }, pageSize: { default: 100 },
      collection: { items: () => days, version: () => 1, time: (d) => d.date, json: (_g, _s, d) => d.json } as Collection<(typeof days)[number]>,
    });
    const read = (body: object) => (JSON.parse(runSearch(report, env, shop, {}, JSON.stringify(body)).toString()) as { widgets: { date: string }[] }).widgets.map((w) => w.date);
    expect(read({ start_date_ge: '2025-05-03', end_date_lt: '2025-05-05' })).toEqual(['2025-05-03', '2025-05-04']);
    expect(read({ start_date_ge: '2025-05-09' })).toEqual(['2025-05-09', '2025-05-10']);
    expect(() => read({ start_date_ge: '1746057600' })).toThrow('start_date_ge must be a date YYYY-MM-DD');
  });

  test('a declaration with `counts` adds its stream and children to the counts, windowed on its times', () => {
    const items = [{ t: 100, lines: 2 }, { t: 200, lines: 3 }, { t: 300, lines: 1 }];
    const counted = defineSearch<(typeof items)[number], ApiEnv>({
      endpoint: widgets, pageSize: { default: 10 },
      collection: { items: () => items, version: () => 1, time: (w) => w.t, json: () => '{}' },
      counts: { stream: 'widgets', children: { widget_lines: (w) => w.lines } },
    });
    const id = shop.info.id;
    const report = withDeclaredCounts(sb.store.counts({ ge: 150 }), sb.store, [counted], { ge: 150 });
    expect(report.by_shop[id]).toMatchObject({ widgets: 2, widget_lines: 4, orders: sb.store.counts({ ge: 150 }).by_shop[id]!.orders });
    expect(report.total).toMatchObject({ widgets: 2, widget_lines: 4 });
    expect(withDeclaredCounts(sb.store.counts(), sb.store, [counted], {}).total).toMatchObject({ widgets: 3, widget_lines: 6 });
    // Through the handle (GET /__sandbox/counts answers the same): the served searches that declare their own counts
    // (the affiliate orders search with its lines, the analytics reports of http/analytics-reports.ts).
    const extra = Object.keys(sb.counts().total).filter((k) => !Object.keys(sb.store.counts().total).includes(k));
    const analytics = ['live_performance', 'product_performance', 'shop_performance', 'sku_performance', 'video_performance'];
    expect(extra.sort()).toEqual(['affiliate_order_skus', 'affiliate_orders', ...analytics].sort());
  });
});
