import { sameAmount, sumDecimals } from '../../../src/streams/decimal-sum.js';
import { paymentsNotOfferedTo, statementDataFloor, withdrawalsNotOffered } from '../../../src/streams/finance-regions.js';
import { ApiError, RefusedCallError, classifyApiFailure } from '../../../src/tiktok/errors.js';
import { FakeShopApi } from './fake-shop-api.js';
import { sync } from './fake-sync.js';

const refusal = (code: number) =>
  new RefusedCallError({ action: 'fatal', reason: 'bad_request', hint: 'h', endpoint: 'GET /finance/202309/withdrawals', code, message: 'no', requestId: 'r' });

describe('exact decimal sums', () => {
  test('sums keep every digit, whatever the scales and signs', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals(['12.30', '-0.305', '5000'])).toBe('4999.995');
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
    expect(run.code).toBe(0);
    expect(api.calls.filter((c) => c.path === '/finance/202309/payments').map((c) => c.shop?.id)).toEqual([api.shops[1]!.id]);
    expect(run.warnings().filter((line) => line.includes('Get Payments'))).toHaveLength(1);
    expect(run.warnings().filter((line) => line.includes('22005007'))).toHaveLength(1);
  });

  test('a refused statement older than its floor is written without transactions and a warning; a newer one fails the family', async () => {
    const api = new FakeShopApi(1, 6);
    const statements = api.statements.get(api.shops[0]!.id)!;
    const refused = statements[0]!;
    api.failWith = (call) => (call.path.includes(`/statements/${String(refused.id)}/`) ? refusal(36009009) : undefined);
    // The floor is 2023-07-01; the fake's first statement is of 2023-11-14. A US cross-border shop's floor is 2025-04-30.
    api.shops[0]!.region = 'US';
    api.shops[0]!.seller_type = 'CROSS_BORDER';
    const floored = await sync(api, { config: { start_date: '2023-01-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' } });
    // Every statement lies before that floor, so none is even listed: nothing fails.
    expect(floored.code).toBe(0);
    expect(floored.records('statements')).toEqual([]);

    api.shops[0]!.seller_type = 'LOCAL';
    const failed = await sync(api);
    expect(failed.code).toBe(3);
  });
});
