/**
 * The finance streams through the real client against msw: what goes on the wire (GET, every parameter in the signed
 * query, page tokens with `+ / =`, the comma-joined withdrawal types), replies shaped exactly as §9.5 and §9.6
 * (202501) describe them (tests/fixtures/api-samples/finance-*.json) written as valid records, and code 105005 in
 * the envelope becoming the one missing-scope line.
 */
import { http, HttpResponse } from 'msw';
import { API, SHOP, apiError, envelope, inspect, makeClient, mswServer, type SeenRequest } from '../tiktok/helpers.js';
import { loadSample } from '../schemas/schema-helpers.js';
import { only, sync } from './fake-sync.js';

const server = mswServer();
const FINANCE = ['statements', 'statement_transactions', 'payments', 'withdrawals'];
/** Ten days after the samples' last statement. */
const NOW = 1_717_286_400 + 10 * 86_400;
const CONFIG = { start_date: '2024-05-01', page_size: 2, finance_lookback_days: 30 };

const sample = (name: string): any => structuredClone(loadSample(name));
const statementsReply = sample('finance-statements').data;
const STATEMENTS: any[] = [...statementsReply.statements, { ...statementsReply.statements[1], id: '7285420512001010003', statement_time: 1_717_372_800 }];
const TRANSACTIONS = sample('finance-statement-transactions').data;
/** Page tokens as TikTok hands them out: opaque, with characters that need percent-encoding (§4). */
const TOKEN = 'b2Zm+c2V0/PTI=';

function shopsRoute() {
  return http.get(`${API}/authorization/202309/shops`, () => HttpResponse.json(envelope({ shops: [{ ...SHOP, name: 'Wire Shop', region: 'GB' }] })));
}

/** Get Statements over the three statements by statement_time (ge inclusive, lt exclusive), pages of page_size. */
function financeRoutes(seen: SeenRequest[]) {
  return [
    http.get(`${API}/finance/202309/statements`, async ({ request }) => {
      const req = await inspect(request);
      seen.push(req);
      const matching = STATEMENTS.filter((s) => s.statement_time >= Number(req.query.statement_time_ge) && s.statement_time < Number(req.query.statement_time_lt));
      const size = Number(req.query.page_size);
      // No total_count: Get Statements has none (§9.4).
      return HttpResponse.json(envelope({ statements: matching.slice(0, size), next_page_token: matching.length > size ? 'more' : '' }));
    }),
    http.get(`${API}/finance/202501/statements/:id/statement_transactions`, async ({ request, params }) => {
      const req = await inspect(request);
      seen.push(req);
      const second = req.query.page_token === TOKEN;
      // The 202501 reply: statement-level fields, then transactions without a currency of their own (§9.6).
      return HttpResponse.json(
        envelope({ ...TRANSACTIONS, id: params.id, transactions: second ? TRANSACTIONS.transactions.slice(2) : TRANSACTIONS.transactions.slice(0, 2), next_page_token: second ? '' : TOKEN }),
      );
    }),
    http.get(`${API}/finance/202309/payments`, async ({ request }) => {
      seen.push(await inspect(request));
      return HttpResponse.json(sample('finance-payments'));
    }),
    http.get(`${API}/finance/202309/withdrawals`, async ({ request }) => {
      seen.push(await inspect(request));
      return HttpResponse.json(sample('finance-withdrawals'));
    }),
  ];
}

test('GET with every parameter in the signed query; page tokens sent as issued; the replies of §9.5/9.6 become valid records with their statement and currency', async () => {
  const seen: SeenRequest[] = [];
  server.use(shopsRoute(), ...financeRoutes(seen));
  const { client } = makeClient();
  const { code, records, logs } = await sync(client, { syncStart: NOW, config: CONFIG, selection: only(...FINANCE) });
  expect({ code, logs: code === 0 ? '' : logs }).toEqual({ code: 0, logs: '' });
  for (const req of seen) {
    expect([req.path, req.method, req.signOk, req.body]).toEqual([req.path, 'GET', true, '']);
    expect(req.query.shop_cipher).toBe(SHOP.cipher);
  }
  const statements = seen.filter((r) => r.path === '/finance/202309/statements');
  expect(statements[0]!.query).toMatchObject({ sort_field: 'statement_time', sort_order: 'ASC', statement_time_ge: String(Date.parse('2024-05-01T00:00:00Z') / 1000), statement_time_lt: String(NOW - 300), page_size: '2' });
  const transactions = seen.filter((r) => r.path.endsWith('/statement_transactions'));
  expect(transactions).toHaveLength(2 * STATEMENTS.length);
  expect(transactions.filter((r) => r.query.page_token === TOKEN)).toHaveLength(STATEMENTS.length);
  expect(transactions.find((r) => r.query.page_token)!.rawQuery).toContain('page_token=b2Zm%2Bc2V0%2FPTI%3D');
  for (const r of transactions) expect(r.query).toMatchObject({ sort_field: 'order_create_time', sort_order: 'ASC' });
  const withdrawals = seen.find((r) => r.path === '/finance/202309/withdrawals')!;
  expect(withdrawals.query.types).toBe('WITHDRAW,SETTLE,TRANSFER,REVERSE');
  expect(withdrawals.rawQuery).toContain('types=WITHDRAW%2CSETTLE%2CTRANSFER%2CREVERSE');
  expect(withdrawals.query).not.toHaveProperty('sort_field');

  // Written means valid: StreamOutput checks every record against its schema (invalid_record_action "fail").
  expect(records('statements').map((s) => s.id)).toEqual(STATEMENTS.map((s) => s.id));
  expect(records('statements')[0]).toMatchObject({ settlement_amount: '10.50', fee_amount: '-30', statement_time: '2024-06-01T00:00:00Z' });
  const rows = records('statement_transactions');
  expect(rows).toHaveLength(3 * STATEMENTS.length);
  for (const row of rows) expect(row).toMatchObject({ currency: 'GBP', shop_id: SHOP.id, statement_id: expect.stringMatching(/^72854205120010100\d\d$/) });
  // The same transaction ids under different statements stay apart: the key is [statement_id, id].
  expect(new Set(rows.map((r) => `${String(r.statement_id)}|${String(r.id)}`)).size).toBe(rows.length);
  expect(rows[0]!.revenue_breakdown).toMatchObject({ subtotal_before_discount_amount: '260.99' });
  expect(records('payments')[1]).toMatchObject({ amount: { value: '208.49', currency: 'GBP' }, exchange_rate: '0.783421' });
  expect(records('withdrawals').map((w) => w.id)).toEqual(['WD2024060100017a3f', 'WD2024060200017a40']);
});

test('code 105005 in the envelope: one line naming the Finance scope and the request, no further finance request, exit 2 when nothing else syncs', async () => {
  const seen: SeenRequest[] = [];
  server.use(
    shopsRoute(),
    http.get(`${API}/finance/*`, async ({ request }) => {
      seen.push(await inspect(request));
      return HttpResponse.json(apiError(105005, 'Access denied: the authorization lacks the scope', 'REQSCOPE0001'));
    }),
  );
  const { client } = makeClient();
  let failure: any;
  await sync(client, { syncStart: NOW, config: CONFIG, selection: only(...FINANCE) }).catch((error: unknown) => (failure = error));
  expect(seen.map((r) => r.path)).toEqual(['/finance/202309/statements']);
  expect(failure).toMatchObject({ exitCode: 2 });
  const line: string = failure.userLine();
  expect(line).not.toContain('\n');
  expect(line).toMatch(
    /^shop 7495310022158813001 \(Wire Shop\): the app's grant lacks the Finance scope \(GET \/finance\/202309\/statements failed: code 105005 .* \(request_id REQSCOPE0001\)\), so statements, payments and withdrawals are skipped/,
  );
  expect(line).toMatch(/add the Finance scope to the app in Partner Center, then have the seller authorize the app again/);
});
