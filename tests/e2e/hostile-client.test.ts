import { parseMessages, runTap, tempDir, writeJson, type TapResult } from './run-tap.js';
import { E2E_ANALYTICS_HISTORY_DAYS } from './sandbox-config.js';
import { startStub, STUB_TOKENS, type StubApi, type StubReply, type StubRoutes } from './stub-api.js';

/**
 * The API client's part of the hostile-API suite: the built tap against a stub that pages without end,
 * sends ids that are no ids, echoes encoded secrets, sends a gzip bomb, or lies in a successful reply. Each case
 * must end with one clear line naming the endpoint, a bounded number of requests, no secret, and no bug exit (70).
 */
const SECRETS = { app_secret: 'SECRET+app/secret=1234', access_token: 'SECRET-access+9012/x==', refresh_token: 'SECRET+refresh/5678==' };
const SEARCH_ORDERS = 'POST /order/202309/orders/search';

function ok(data: unknown): StubReply {
  return { json: { code: 0, message: 'Success', request_id: 'STUB-HOSTILE-0001', data } };
}

/** A minimal order that fits the schema. */
function order(id: string, updateTime = 1_700_000_000): Record<string, unknown> {
  return {
    id,
    status: 'COMPLETED',
    create_time: updateTime - 100,
    update_time: updateTime,
    payment: { currency: 'USD', total_amount: '1.00' },
    line_items: [{ id: `${id || 'x'}-1`, sku_id: '1729880011223344', product_id: '1729880011220000', sale_price: '1.00', currency: 'USD' }],
  };
}

interface Run extends TapResult {
  stub: StubApi;
}

async function run(routes: StubRoutes, config: Record<string, unknown> = {}, args: string[] = []): Promise<Run> {
  const stub = await startStub(routes);
  try {
    const dir = tempDir('tap-hostile-');
    const path = writeJson(dir, 'config.json', {
      app_key: 'stub-app-key',
      ...SECRETS,
      access_token_expire_in: Math.floor(Date.now() / 1000) + 86_400,
      api_base_url: stub.url,
      auth_base_url: stub.url,
      start_date: '2023-11-01T00:00:00Z',
      max_retries: 2,
      // The stub's reports are empty: a day of analytics more or less changes nothing these cases check.
      analytics_history_days: E2E_ANALYTICS_HISTORY_DAYS,
      ...config,
    });
    const result = await runTap(['--config', path, ...args], { timeoutMs: 90_000 });
    return { ...result, stub };
  } finally {
    await stub.close();
  }
}

/** What every hostile case must keep: no bug exit, no stack trace, only Singer messages on stdout, no secret. */
function expectClean(result: Run): void {
  expect(result.code).not.toBe(70);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(() => parseMessages(result.stdout)).not.toThrow();
  for (const secret of [...Object.values(SECRETS), STUB_TOKENS.access_token, STUB_TOKENS.refresh_token]) {
    for (const form of [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]) {
      expect(result.stdout).not.toContain(form);
      expect(result.stderr).not.toContain(form);
    }
  }
}

const criticalLine = (stderr: string) => stderr.split('\n').find((line) => line.includes('CRITICAL')) ?? '';
/**
 * A failure inside one stream family (a search or a per-record call) ends only that family: the shop's other
 * families sync against the stub's empty defaults, so the run is partial (exit 3) and the line is an ERROR.
 */
const FAMILY_FAILED = 3;
const errorLine = (stderr: string) => stderr.split('\n').find((line) => line.includes('| ERROR ')) ?? '';

describe('hostile API: the client (built binary against a stub)', () => {
  test('endless empty pages, each with a new next_page_token, stop after a bound', async () => {
    const result = await run({ [SEARCH_ORDERS]: (_req, n) => ok({ orders: [], total_count: 0, next_page_token: `endless-${n}` }) });
    expectClean(result);
    expect(result.code).toBe(FAMILY_FAILED);
    expect(result.stderr).toMatch(/search_orders: 10 pages in a row brought no new rows, each with another next_page_token/);
    expect(result.stub.count(SEARCH_ORDERS)).toBe(10);
  }, 120_000);

  test('an order id ".." or "" never reaches a path; the error names the endpoint', async () => {
    for (const id of ['..', '']) {
      const result = await run({ [SEARCH_ORDERS]: ok({ orders: [order(id)], total_count: 1, next_page_token: '' }) });
      expectClean(result);
      expect([id, result.code]).toEqual([id, FAMILY_FAILED]);
      expect(result.stderr).toContain(`GET /order/202407/orders/{order_id}/price_detail failed: order_id ${JSON.stringify(id)} is not an id the API could have issued`);
      // Neither the resolved dot segment nor an empty segment went out.
      expect(result.stub.requests.filter((r) => /^\/order\/202407\/(price_detail|external_orders)$|\/orders\/\/|\/orders\/\.\.?\//.test(r.path))).toEqual([]);
    }
  }, 120_000);

  test('a product id ".." never reaches Get Product', async () => {
    const result = await run({
      'POST /product/202502/products/search': ok({ products: [{ id: '..', status: 'ACTIVATE', update_time: 1_700_000_000 }], total_count: 1, next_page_token: '' }),
    });
    expectClean(result);
    expect(result.code).toBe(FAMILY_FAILED);
    expect(result.stderr).toContain('GET /product/202309/products/{product_id} failed: product_id ".." is not an id the API could have issued');
    expect(result.stub.requests.filter((r) => r.path === '/product/202309/products' || r.path === '/product/202309')).toEqual([]);
  }, 120_000);

  test('secrets with + / = echoed percent- and form-encoded by a failing refresh stay masked', async () => {
    const result = await run(
      {
        'GET /api/v2/token/refresh': (req) => {
          const values = req.rawQuery.slice(1).split('&').map((pair) => pair.split('=')[1]).join(' ');
          const form = new URLSearchParams(req.query).toString().replace(/=/g, ' ');
          return { status: 400, json: { code: 36004004, message: `invalid request: values ${values}; parsed ${form}`, request_id: 'STUB-ECHO-1' } };
        },
      },
      { access_token: undefined, access_token_expire_in: undefined },
    );
    expectClean(result);
    expect(result.code).toBe(2);
    expect(criticalLine(result.stderr)).toMatch(/token\/refresh failed: code 36004004 "invalid request: values /);
    expect(result.stub.count('GET /api/v2/token/refresh')).toBeGreaterThan(0);
    // The stub did receive the encoded secret, so the absence above is masking, not luck.
    expect(result.stub.requests.some((r) => r.rawQuery.includes(encodeURIComponent(SECRETS.app_secret)))).toBe(true);
  }, 120_000);

  test('a gzip bomb is refused at the body cap and not retried', async () => {
    const result = await run({ [SEARCH_ORDERS]: { gzip_bomb_bytes: 200 * 1024 * 1024 } }, { max_retries: 3 });
    expectClean(result);
    expect(result.code).toBe(FAMILY_FAILED);
    expect(errorLine(result.stderr)).toMatch(/POST \/order\/202309\/orders\/search failed: the reply body is larger than 32 MiB \(decoded\); reading stopped there/);
    expect(result.stub.count(SEARCH_ORDERS)).toBe(1);
  }, 120_000);

  test.each([
    ['code 0 with data ["oops"]', { code: 0, message: 'Success', request_id: 'STUB-LIE-1', data: ['oops'] }, /POST \/order\/202309\/orders\/search failed: unexpected reply: data is an array, not an object \(request_id STUB-LIE-1\)/],
    ['no orders key while total_count says 40', { code: 0, message: 'Success', request_id: 'STUB-LIE-2', data: { total_count: 40, next_page_token: '' } }, /search_orders: the reply has no "orders" list although its total_count is 40 \(request_id STUB-LIE-2\)/],
    [
      'update_time in milliseconds',
      { code: 0, message: 'Success', request_id: 'STUB-LIE-3', data: { orders: [order('579128830041112233', 1_700_000_000_000)], total_count: 1, next_page_token: '' } },
      /search_orders: update_time 1700000000000 is not in Unix seconds \(after the year 3000; milliseconds\?\) \(request_id STUB-LIE-3\)/,
    ],
  ])('%s is an error naming the endpoint', async (_name, json, line) => {
    const result = await run({ [SEARCH_ORDERS]: { json } });
    expectClean(result);
    expect(result.code).toBe(FAMILY_FAILED);
    expect(result.stderr).toMatch(line);
    // Nothing was read, so no bookmark moved.
    const states = parseMessages(result.stdout).filter((m) => m.type === 'STATE');
    expect(JSON.stringify(states)).not.toMatch(/"orders":\{"partitions":\[\{[^\]]*"replication_key_value"/);
  }, 120_000);

  test('returns are never asked for fewer than 10 rows a page; other searches keep page_size', async () => {
    const result = await run({}, { page_size: 5 });
    expectClean(result);
    expect(result.code).toBe(0);
    const sizes = (path: string) => [...new Set(result.stub.requests.filter((r) => r.path === path).map((r) => r.query.page_size))];
    expect(sizes('/return_refund/202602/returns/search')).toEqual(['10']);
    expect(sizes('/order/202309/orders/search')).toEqual(['5']);
  }, 120_000);

  test('--test sends a small filter, not an empty {} body', async () => {
    const result = await run({}, {}, ['--test']);
    expectClean(result);
    expect(result.code).toBe(0);
    const bodies = result.stub.requests.filter((r) => r.path === '/order/202309/orders/search').map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies).toHaveLength(1);
    // The orders family's probe: the last minute of update_time, as a sync asks for it.
    expect(Object.keys(bodies[0]!)).toEqual(['update_time_ge', 'update_time_lt']);
    expect(bodies[0]!.update_time_ge).toEqual(expect.any(Number));
  }, 120_000);
});
