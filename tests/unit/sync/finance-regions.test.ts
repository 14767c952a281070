import { sameAmount, sumDecimals } from '../../../src/decimal.js';
import { paymentsNotOfferedTo, statementDataFloor, withdrawalsNotOffered } from '../../../src/streams/finance-regions.js';
import { ApiError, RefusedCallError, classifyApiFailure } from '../../../src/tiktok/errors.js';
import { FakeShopApi } from './fake-shop-api.js';
import { sync } from './fake-sync.js';

const refusal = (code: number) =>
  new RefusedCallError({ action: 'fatal', reason: 'bad_request', hint: 'h', endpoint: 'GET /finance/202309/withdrawals', code, message: 'no', requestId: 'r' });

describe('exact decimal sums', () => {
  test('sums keep every digit, whatever the scales and signs', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['12.30', '-0.305', '5000'])).toBe('5011.995');
    expect(sumDecimals(['-1.50', '1.5'])).toBe('0.00');
    expect(sumDecimals([])).toBe('0');
    expect(sumDecimals(['1.0', 'abc'])).toBeUndefined();
    expect(sameAmount('1.50', '1.5')).toBe(true);
    expect(sameAmount('-2.01', '-2.00')).toBe(false);
    expect(sameAmount('3', '-3')).toBe(false);
  });
});

describe('region and code facts', () => {
  test('statement data starts 2023-07-01, and 2025-04-30 for US cross-border shops only', () => {
    expect(statementDataFloor({ id: '1', cipher: 'c' }).seconds).toBe(Date.UTC(2023, 6, 1) / 1000);
    expect(statementDataFloor({ id: '1', cipher: 'c', region: 'US', sellerType: 'CROSS_BORDER' }).seconds).toBe(Date.UTC(2025, 3, 30) / 1000);
    expect(statementDataFloor({ id: '1', cipher: 'c', region: 'US', sellerType: 'LOCAL' }).seconds).toBe(Date.UTC(2023, 6, 1) / 1000);
    expect(statementDataFloor({ id: '1', cipher: 'c', region: 'GB', sellerType: 'CROSS_BORDER' }).seconds).toBe(Date.UTC(2023, 6, 1) / 1000);
  });

  test('payments are not offered in South-East Asian markets, and offered where the market is unknown', () => {
    for (const region of ['ID', 'MY', 'PH', 'SG', 'TH', 'VN']) expect(paymentsNotOfferedTo({ id: '7', cipher: 'c', region })).toContain('shop 7');
    for (const region of ['US', 'GB', undefined]) expect(paymentsNotOfferedTo({ id: '7', cipher: 'c', ...(region ? { region } : {}) })).toBeUndefined();
  });

  test('22005007 is a known refusal, and only it means "no withdrawals for this shop"', () => {
    expect(classifyApiFailure({ httpStatus: 200, code: 22005007, message: 'given merchant does not exist' })).toMatchObject({ errorKind: 'refused', action: 'fatal' });
    expect(withdrawalsNotOffered(refusal(22005007))).toContain('22005007');
    expect(withdrawalsNotOffered(refusal(36009009))).toBeUndefined();
    expect(withdrawalsNotOffered(new Error('22005007'))).toBeUndefined();
    expect(refusal(22005007)).toBeInstanceOf(ApiError);
  });
});

describe('finance families against the unit fake', () => {
  test('a SEA shop: no Get Payments request, one warning, exit 0; 22005007 on withdrawals: a warning, exit 0', async () => {
    const api = new FakeShopApi(2, 6);
    api.shops[0]!.region = 'ID';
    api.failWith = (call) => (call.path === '/finance/202309/withdrawals' && call.shop?.id === api.shops[1]!.id ? refusal(22005007) : undefined);
    const run = await sync(api);
    const warnings = () => run.logs.split('\n').filter((line) => line.includes('WARN'));
    expect(run.code).toBe(0);
    expect(api.calls.filter((c) => c.path === '/finance/202309/payments').map((c) => c.shop?.id)).toEqual([api.shops[1]!.id]);
    expect(warnings().filter((line) => line.includes('Get Payments'))).toHaveLength(1);
    expect(warnings().filter((line) => line.includes('22005007'))).toHaveLength(1);
  });

  test('a refused statement of a day before its floor is written without transactions and a warning; a later one fails the family', async () => {
    const api = new FakeShopApi(1, 6);
    const statements = api.statements.get(api.shops[0]!.id)!;
    const refused = statements[0]!;
    // statement_time 2023-07-01T00:00Z: listed (the floor is 2023-07-01), but it covers June 30, before TikTok's data.
    refused.statement_time = 1_688_169_600;
    api.failWith = (call) => (call.path.includes(`/statements/${String(refused.id)}/`) ? refusal(36009009) : undefined);
    const run = await sync(api);
    expect(run.code).toBe(0);
    const written = run.records('statements').find((s) => s.id === refused.id)!;
    expect(written).toMatchObject({ id: refused.id, status: null });
    expect(run.records('statement_transactions').filter((t) => t.statement_id === refused.id)).toEqual([]);
    expect(run.records('statement_transactions').length).toBeGreaterThan(0);
    expect(run.logs.split('\n').filter((line) => line.includes('WARN') && line.includes(`statement ${String(refused.id)}`))).toHaveLength(1);

    // A statement TikTok has data for: the refusal fails the family (exit 3), as before.
    refused.statement_time = statements[1]!.statement_time;
    const failed = await sync(api);
    expect(failed.code).toBe(3);
  });

  test('start_date before 2023-07-01 is raised to it for statements, with one info line per shop', async () => {
    const api = new FakeShopApi(1, 6);
    const run = await sync(api, { config: { start_date: '2020-01-01' } });
    expect(api.calls.find((c) => c.path === '/finance/202309/statements')!.query!.statement_time_ge).toBe(1_688_169_600);
    expect(run.logs.split('\n').filter((line) => line.includes('read from 2023-07-01 at the earliest'))).toHaveLength(1);
  });
});

describe('statements read again only when new or changed', () => {
  test('the marks are kept beside the bookmark; an interrupted run leaves the unfinished statements unmarked, and the next run reads them', async () => {
    const api = new FakeShopApi(1, 12);
    const shopId = api.shops[0]!.id;
    const statements = api.statements.get(shopId)!;
    const broken = statements[3]!;
    api.failWith = (call) => (call.path.includes(`/statements/${String(broken.id)}/`) ? refusal(36009009) : undefined);
    const first = await sync(api);
    expect(first.code).toBe(3);
    const marked = Object.keys((first.finalBookmark('statements', shopId) as { children_read?: object } | undefined)?.children_read ?? {});
    // Pages of 10 statements: the page holding the broken one was never checkpointed, so none of it is marked.
    expect(marked).not.toContain(broken.id);

    api.failWith = undefined;
    const second = await sync(api, { state: first.state() });
    expect(second.code).toBe(0);
    expect(second.records('statement_transactions').some((t) => t.statement_id === broken.id)).toBe(true);
    const calls = api.calls.length;

    // Nothing changed: a third run requests no statement or SKU transactions and writes no statement.
    const third = await sync(api, { state: second.state() });
    expect(third.code).toBe(0);
    const since = api.calls.slice(calls).map((c) => c.path);
    expect(since.filter((path) => /statement_transactions$/.test(path))).toEqual([]);
    expect(third.records('statements')).toEqual([]);

    // A newly selected child stream is read for every statement, marks notwithstanding.
    const { only } = await import('./fake-sync.js');
    const narrow = await sync(api, { selection: only('statements', 'statement_transactions') });
    const withSkus = await sync(api, { state: narrow.state() });
    expect(withSkus.records('order_sku_transactions').length).toBeGreaterThan(0);
  });
});
