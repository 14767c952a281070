/**
 * Get Unsettled Transactions 202507 (§9.8) and the regional refusals (§9.10) of the sandbox: unsettled rows are the
 * shipped or done orders no statement settles yet, and move to the statements on an advance; per settled order the
 * SKU rows add up exactly to its ORDER transaction; SEA shops are refused Get Payments; 22005007 on demand.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startSandbox, type SandboxHandle, type Shop } from '../../../src/sandbox/index.js';
import { PAYMENTS, STATEMENTS, WITHDRAWALS, call, orderTransactionsPath, pageAll, statementTransactionsPath } from './helpers.js';

const UNSETTLED = '/finance/202507/orders/unsettled';

let sb: SandboxHandle;
let shops: Shop[];

beforeAll(async () => {
  // Shops cycle US, GB, ID: the third is South-East Asian.
  // At noon: orders completed since midnight are in no statement yet; the next midnight settles them.
  sb = await startSandbox({ seed: 27, shops: 3, orders: 250, products: 10, days: 30, now: 1_748_736_000 + 12 * 3600 });
  shops = sb.store.shops();
});
afterAll(async () => {
  await sb.close();
});

const cents = (text: unknown): bigint => BigInt(String(text).replace('.', ''));
const unsettledOf = (cipher: string) =>
  pageAll(sb, UNSETTLED, cipher, 'transactions', { method: 'GET', pageSize: 30, sortField: 'order_create_time' });

describe('unsettled transactions', () => {
  test('sort_field order_create_time is required; rows are estimates of orders in no statement, by create time', async () => {
    const shop = shops[0]!;
    const refused = await call(sb, 'GET', UNSETTLED, { query: { shop_cipher: shop.cipher, page_size: '10' } });
    expect(refused.body.code).not.toBe(0);
    const { items, totalCount } = await unsettledOf(shop.cipher);
    expect(items.length).toBeGreaterThan(0);
    expect(totalCount).toBe(items.length);
    const times = items.map((t) => t.order_create_time as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const t of items) expect(t).toMatchObject({ type: 'ORDER', status: 'UNSETTLED', est_settlement_amount: expect.stringMatching(/^-?\d+\.\d\d$/) });
    const settled = new Set<string>();
    for (const st of sb.store.statements(shop.id)) for (const t of sb.store.statementTransactions(shop.id, st.id)!) settled.add(t.order_id);
    for (const t of items) expect([t.order_id, settled.has(t.order_id)]).toEqual([t.order_id, false]);
  });

  test('an advance that closes a day settles some of them: they leave the unsettled set and appear in a statement', async () => {
    const shop = shops[0]!;
    const before = new Set((await unsettledOf(shop.cipher)).items.map((t) => t.order_id as string));
    sb.advance({ seconds: 86_400, newOrders: 0, updatedOrders: 0 });
    const after = new Set((await unsettledOf(shop.cipher)).items.map((t) => t.order_id as string));
    const left = [...before].filter((id) => !after.has(id));
    expect(left.length).toBeGreaterThan(0);
    const settled = new Set<string>();
    for (const st of sb.store.statements(shop.id)) for (const t of sb.store.statementTransactions(shop.id, st.id)!) settled.add(t.order_id);
    for (const id of left) expect([id, settled.has(id)]).toEqual([id, true]);
  });
});

describe('SKU rows of settled orders', () => {
  test("per settled order, the SKU rows of its statement add up exactly to the order's settlement", async () => {
    const shop = shops[1]!;
    const statements = (await pageAll(sb, STATEMENTS, shop.cipher, 'statements', { method: 'GET', pageSize: 50, sortField: 'statement_time' })).items.slice(-3);
    let orders = 0;
    for (const statement of statements) {
      const txns = await pageAll(sb, statementTransactionsPath(statement.id), shop.cipher, 'transactions', { method: 'GET', pageSize: 100, sortField: 'order_create_time' });
      for (const t of txns.items.filter((x) => x.type === 'ORDER')) {
        const reply = await call(sb, 'GET', orderTransactionsPath(t.order_id), { query: { shop_cipher: shop.cipher } });
        const rows = (reply.body.data.sku_transactions as any[]).filter((r) => r.statement_id === statement.id);
        expect(rows.length).toBeGreaterThan(0);
        expect([t.order_id, rows.reduce((sum, r) => sum + cents(r.settlement_amount), 0n)]).toEqual([t.order_id, cents(t.settlement_amount)]);
        orders++;
      }
    }
    expect(orders).toBeGreaterThan(0);
  });
});

describe('regional refusals', () => {
  test('Get Payments is refused for a South-East Asian shop and served for the others', async () => {
    const query = (cipher: string) => ({ shop_cipher: cipher, page_size: '5', sort_field: 'create_time' });
    const sea = shops[2]!;
    expect(sb.store.shop(sea.id).market.region).toBe('ID');
    expect((await call(sb, 'GET', PAYMENTS, { query: query(sea.cipher) })).body.code).not.toBe(0);
    expect((await call(sb, 'GET', PAYMENTS, { query: query(shops[0]!.cipher) })).body.code).toBe(0);
  });

  test('22005007 on Get Withdrawals for a shop set so, on demand', async () => {
    const shop = shops[1]!;
    const query = { shop_cipher: shop.cipher, page_size: '5', types: 'WITHDRAW,SETTLE,TRANSFER,REVERSE' };
    expect((await call(sb, 'GET', WITHDRAWALS, { query })).body.code).toBe(0);
    sb.store.finance(sb.store.shop(shop.id)).merchantMissing = true;
    expect((await call(sb, 'GET', WITHDRAWALS, { query })).body.code).toBe(22005007);
    sb.store.finance(sb.store.shop(shop.id)).merchantMissing = false;
  });
});
