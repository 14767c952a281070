/**
 * The finance families (statements with their transactions, payments, withdrawals) run by the engine against the
 * in-memory fake API: request shapes (§9.4), paging, the trailing re-read window and bookmarks, the children-first
 * checkpoints, exact sums, the currency copy, and the missing-scope isolation (105005).
 */
import { validateConfig } from '../../../src/config.js';
import { TapError } from '../../../src/errors.js';
import { paymentRecord } from '../../../src/streams/payments.js';
import { statementRecord } from '../../../src/streams/statements.js';
import { syncBounds } from '../../../src/sync/bounds.js';
import { FakeShopApi, FIRST_STATEMENT_TIME } from './fake-shop-api.js';
import { only, seconds, sync, type Message } from './fake-sync.js';

const DAY = 86_400;
/** The run's "now": ten days after the first statement, so a 30-day window reaches back past all of them. */
const NOW = FIRST_STATEMENT_TIME + 10 * DAY;
const START_DATE = Date.parse('2023-01-01T00:00:00Z') / 1000;
const statementTime = (k: number) => FIRST_STATEMENT_TIME + k * DAY;

const finance = (api: FakeShopApi, path: string, shopId?: string) =>
  api.calls.filter((c) => c.path.startsWith('/finance/') && c.path.includes(path) && (shopId === undefined || c.shop?.id === shopId));
const FINANCE = ['statements', 'statement_transactions', 'payments', 'withdrawals'];

/** A decimal string as an exact integer of millionths (no float ever holds the amount). */
function units(amount: unknown): bigint {
  expect(amount).toEqual(expect.stringMatching(/^-?\d+(\.\d{1,6})?$/));
  const text = amount as string;
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const value = BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
  return negative ? -value : value;
}

describe('finance streams', () => {
  test('a full sync emits the four streams; transactions join their statement and orders, add up to it exactly, and carry its currency', async () => {
    const api = new FakeShopApi(2, 30);
    const { code, records } = await sync(api, { syncStart: NOW });
    expect(code).toBe(0);
    const statements = records('statements');
    const transactions = records('statement_transactions');
    expect(statements).toHaveLength(12);
    expect(records('payments')).toHaveLength(12);
    expect(records('withdrawals')).toHaveLength(8);
    expect(transactions).toHaveLength([...api.transactions.values()].flat().length);
    const orderIds = new Set(records('orders').map((o) => o.id));
    const byId = new Map(statements.map((s) => [s.id, s]));
    const keys = new Set(transactions.map((t) => `${String(t.statement_id)}|${String(t.id)}`));
    expect(keys.size).toBe(transactions.length);
    for (const t of transactions) {
      const statement = byId.get(t.statement_id)!;
      expect(statement).toBeDefined();
      expect(t.shop_id).toBe(statement.shop_id);
      expect(t.currency).toBe(statement.currency); // 202501 transactions carry none: the statement's is copied
      for (const ref of ['order_id', 'adjustment_order_id'] as const) if (t[ref]) expect(orderIds.has(t[ref])).toBe(true);
    }
    expect(transactions.some((t) => t.type !== 'ORDER' && t.adjustment_order_id)).toBe(true);
    for (const statement of statements) {
      const sum = transactions.filter((t) => t.statement_id === statement.id).reduce((total, t) => total + units(t.settlement_amount), 0n);
      expect([statement.id, sum]).toEqual([statement.id, units(statement.settlement_amount)]);
    }
    // Amounts as sent: decimal strings, payment amounts {value, currency}.
    expect(records('payments')[0]!.amount).toEqual({ value: expect.stringMatching(/^\d+\.\d\d$/), currency: 'USD' });
  });

  test('every finance call is a GET with everything in the query: sort_field where required, all four withdrawal types', async () => {
    const api = new FakeShopApi(1, 12);
    await sync(api, { syncStart: NOW, config: { page_size: 100 } });
    for (const call of finance(api, '')) {
      expect(call.method).toBe('GET');
      expect(call.body).toBeUndefined();
    }
    for (const call of finance(api, '/202309/statements')) {
      // start_date (2023-01-01) is floored at 2023-07-01, where TikTok's statement transactions begin.
      expect(call.query).toMatchObject({ sort_field: 'statement_time', sort_order: 'ASC', statement_time_ge: 1_688_169_600, statement_time_lt: NOW - 300 });
      expect(call.query!.page_size).toBe(10); // statement transactions selected: pages of 10 statements
    }
    for (const call of finance(api, '/202501/statements/')) {
      expect(call.path).toMatch(/^\/finance\/202501\/statements\/\d+\/statement_transactions$/);
      expect(call.query).toMatchObject({ sort_field: 'order_create_time', sort_order: 'ASC', page_size: 100 });
    }
    expect(finance(api, '/202501/statements/')).toHaveLength(6); // one per statement (each fits one page)
    for (const call of finance(api, '/payments')) expect(call.query).toMatchObject({ sort_field: 'create_time', sort_order: 'ASC', create_time_ge: START_DATE, page_size: 100 });
    const [withdrawals] = finance(api, '/withdrawals');
    expect(withdrawals!.query).toMatchObject({ types: 'WITHDRAW,SETTLE,TRANSFER,REVERSE', create_time_ge: START_DATE, create_time_lt: NOW - 300 });
    expect(withdrawals!.query).not.toHaveProperty('sort_field');
    expect(withdrawals!.query).not.toHaveProperty('sort_order');

    // Without statement_transactions, statements come in pages of page_size.
    const plain = new FakeShopApi(1, 12);
    await sync(plain, { syncStart: NOW, config: { page_size: 100 }, selection: only('statements') });
    expect(finance(plain, '/202309/statements')[0]!.query!.page_size).toBe(100);
    expect(finance(plain, '/202501/')).toHaveLength(0);
  });

  test('transactions and statements are paged by page_token; every transaction is written once, before the checkpoint that covers its statement', async () => {
    const api = new FakeShopApi(1, 30);
    // A checkpoint per page (no throttling), so every STATE can be checked against the records before it.
    const { messages, records } = await sync(api, { syncStart: NOW, config: { page_size: 2 }, stateIntervalMs: 0 });
    expect(finance(api, '/202309/statements').length).toBeGreaterThan(2);
    expect(finance(api, '/202501/statements/').filter((c) => c.query?.page_token).length).toBeGreaterThan(6);
    const transactions = records('statement_transactions');
    expect(transactions).toHaveLength([...api.transactions.values()].flat().length);
    expect(new Set(transactions.map((t) => `${String(t.statement_id)}|${String(t.id)}`)).size).toBe(transactions.length);
    // Each STATE that moves the statements bookmark to V comes after every transaction of the statements up to V.
    const timeOf = new Map([...api.statements.values()].flat().map((s) => [s.id, s.statement_time as number]));
    const states = messages.flatMap((m: Message, i) => {
      const value = m.type === 'STATE' ? m.value?.bookmarks.statements?.partitions[0]?.replication_key_value : undefined;
      return value ? [{ at: i, bookmark: seconds(value) }] : [];
    });
    expect(states.length).toBeGreaterThan(1);
    messages.forEach((m, i) => {
      if (m.type !== 'RECORD' || m.stream !== 'statement_transactions') return;
      const covering = states.find((s) => s.bookmark >= timeOf.get(m.record!.statement_id as string)!);
      if (covering) expect(i).toBeLessThan(covering.at);
    });
  });

  test('bookmarks per shop on each time field; the next run re-reads the trailing window and emits the changed status, and bookmarks never go back', async () => {
    const api = new FakeShopApi(1, 30);
    const shopId = api.shops[0]!.id;
    const first = await sync(api, { syncStart: NOW });
    const bookmarks = Object.fromEntries(['statements', 'payments', 'withdrawals'].map((s) => [s, seconds(first.finalBookmark(s, shopId)!.replication_key_value)]));
    expect(bookmarks).toEqual({ statements: statementTime(5), payments: statementTime(5), withdrawals: statementTime(3) + 7200 });
    expect(first.finalBookmark('statements', shopId)!.synced_streams).toEqual(['statements', 'statement_transactions', 'order_sku_transactions']);
    // After the run the PROCESSING statement of day 4 is paid: its statement_time and the payment's create_time stay.
    const statement = api.statements.get(shopId)![4]!;
    Object.assign(statement, { payment_status: 'PAID', payment_time: statementTime(4) + 86_000 });
    Object.assign(api.payments.get(shopId)![4]!, { status: 'PAID', paid_time: statementTime(4) + 86_000 });
    const withdrawal = api.withdrawals.get(shopId)!.find((w) => w.create_time === statementTime(1) + 7200)!;
    withdrawal.status = 'FAILED';

    const second = await sync(api, { syncStart: NOW, state: first.state() });
    // lo = bookmark − max(lookback_window, 30 days), here bookmark − 30 days (after start_date).
    expect(finance(api, '/202309/statements').at(-1)!.query!.statement_time_ge).toBe(statementTime(5) - 30 * DAY);
    expect(second.records('statements').find((s) => s.id === statement.id)).toMatchObject({ payment_status: 'PAID', payment_time: expect.any(String) });
    expect(second.records('payments').find((p) => p.id === statement.payment_id)).toMatchObject({ status: 'PAID' });
    expect(second.records('withdrawals').find((w) => w.id === withdrawal.id)).toMatchObject({ status: 'FAILED' });
    // Only the changed statement is read again, with its transactions (§9.9); unchanged ones are neither requested
    // nor written again (their transactions cannot change: the run's state marks them read).
    expect(second.records('statements').map((s) => s.id)).toEqual([statement.id]);
    expect(new Set(second.records('statement_transactions').map((t) => t.statement_id))).toEqual(new Set([statement.id]));
    expect(second.records('statement_transactions').filter((t) => t.statement_id === statement.id)).toHaveLength(api.transactions.get(statement.id as string)!.length);
    for (const stream of ['statements', 'payments', 'withdrawals']) expect(seconds(second.finalBookmark(stream, shopId)!.replication_key_value)).toBe(bookmarks[stream]);

    // With finance_lookback_days 0 only lookback_window before the bookmark is read: the change is not seen.
    const without = await sync(api, { syncStart: NOW, state: first.state(), config: { finance_lookback_days: 0 } });
    expect(finance(api, '/202309/statements').at(-1)!.query!.statement_time_ge).toBe(statementTime(5) - 3600);
    // The statement at the bookmark is read again but is unchanged: not written again.
    expect(without.records('statements')).toEqual([]);
    // Only the withdrawal at the bookmark (read again at its own time, at-least-once), not the one that failed.
    expect(without.records('withdrawals').map((w) => w.create_time)).toEqual([first.finalBookmark('withdrawals', shopId)!.replication_key_value]);
    // A window of 2 days reads the statements of the 2 days before the bookmark only (days 3-5), and of those writes
    // the one that changed.
    const week = await sync(api, { syncStart: NOW, state: first.state(), config: { finance_lookback_days: 2 } });
    expect(finance(api, '/202309/statements').at(-1)!.query!.statement_time_ge).toBe(statementTime(5) - 2 * DAY);
    expect(week.records('statements').map((s) => seconds(s.statement_time as string))).toEqual([statementTime(4)]);
  });

  test('the window is clamped to start_date and only ever reaches back: syncBounds with a trailing window', () => {
    const base = { lookbackSeconds: 3600, startDate: 1_000_000, endDate: undefined, syncStart: 10_000_000 };
    // The window hangs from the bookmark: a recent one...
    expect(syncBounds({ ...base, bookmark: 9_990_000, trailingSeconds: 30 * DAY })).toEqual({ lo: 9_990_000 - 30 * DAY, hi: 10_000_000 - 300 });
    // ...and an old one (a shop quiet for months: its last statements may still be PROCESSING).
    expect(syncBounds({ ...base, bookmark: 5_000_000, trailingSeconds: 30 * DAY })).toEqual({ lo: 5_000_000 - 30 * DAY, hi: 10_000_000 - 300 });
    // A lookback longer than the window wins; a bookmark past the sync start (a clock step) hangs from the start.
    expect(syncBounds({ ...base, bookmark: 9_990_000, lookbackSeconds: 40 * DAY, trailingSeconds: 30 * DAY })!.lo).toBe(9_990_000 - 40 * DAY);
    expect(syncBounds({ ...base, bookmark: 12_000_000, trailingSeconds: 30 * DAY })!.lo).toBe(10_000_000 - 30 * DAY);
    // Never before start_date, with or without a bookmark.
    expect(syncBounds({ ...base, bookmark: 9_990_000, trailingSeconds: 200 * DAY })!.lo).toBe(1_000_000);
    expect(syncBounds({ ...base, bookmark: undefined, trailingSeconds: 30 * DAY })!.lo).toBe(1_000_000);
    // No trailing window: as before.
    expect(syncBounds({ ...base, bookmark: 9_990_000, trailingSeconds: 0 })!.lo).toBe(9_990_000 - 3600);
  });

  test('a statement whose transactions cannot be read fails the statements family; the bookmark stays before it, the rest syncs', async () => {
    const api = new FakeShopApi(1, 30);
    const shopId = api.shops[0]!.id;
    const broken = api.statements.get(shopId)![3]!.id as string;
    api.failWith = (call) => (call.path.includes(`/statements/${broken}/`) ? new TapError('API_REPLY_INVALID', 'transactions unreadable', { exitCode: 2 }) : undefined);
    const { code, logs, finalBookmark, records } = await sync(api, { syncStart: NOW, config: { page_size: 2 } });
    expect(code).toBe(3);
    expect(logs).toMatch(/statements failed and was skipped.*transactions unreadable/);
    // Keyset pages of two (each from the last statement_time read): the page that brings statement 3 never
    // checkpoints, so the bookmark stays at statement 2, the last one written with all its transactions.
    expect(seconds(finalBookmark('statements', shopId)!.replication_key_value)).toBe(statementTime(2));
    expect(records('statement_transactions').some((t) => t.statement_id === broken)).toBe(false);
    expect(records('payments')).toHaveLength(6);
    expect(records('orders').length).toBeGreaterThan(0);
  });

  test('105005 fails the finance families of that shop only, with one line naming the Finance scope; the other streams and shops sync (exit 3)', async () => {
    const api = new FakeShopApi(2, 20);
    const [lacking, granted] = api.shops.map((shop) => shop.id);
    api.financeScopeMissing.add(lacking!);
    const { code, logs, records } = await sync(api, { syncStart: NOW });
    expect(code).toBe(3);
    const lines = logs.split('\n').filter((line) => line.includes('the Finance scope'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`shop ${lacking!}`);
    expect(lines[0]).toMatch(/lacks the Finance scope \(GET \/finance\/202309\/statements failed: code 105005/);
    expect(lines[0]).toMatch(/statements, unsettled_transactions, payments and withdrawals are skipped for this shop and its other streams sync/);
    expect(lines[0]).toMatch(/have the seller authorize the app again/);
    // The first refusal is enough: no payments or withdrawals request for that shop.
    expect(finance(api, '', lacking)).toHaveLength(1);
    for (const stream of FINANCE) expect(records(stream).every((r) => r.shop_id === granted)).toBe(true);
    expect(records('statements').length).toBeGreaterThan(0);
    expect(records('orders').filter((o) => o.shop_id === lacking).length).toBeGreaterThan(0);
    expect(records('products').filter((p) => p.shop_id === lacking).length).toBeGreaterThan(0);
    expect(logs).toMatch(
      new RegExp(`summary: failed: stream families statements of shop ${lacking!}, unsettled_transactions of shop ${lacking!}, payments of shop ${lacking!}, withdrawals of shop ${lacking!}; the rest synced \\(exit code 3\\)`),
    );
  });

  test('with only finance selected, a shop without the scope fails the run with that one line (exit 2)', async () => {
    const api = new FakeShopApi(1, 10);
    api.financeScopeMissing.add(api.shops[0]!.id);
    const failure = sync(api, { syncStart: NOW, selection: only(...FINANCE) });
    await expect(failure).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/lacks the Finance scope .* statements, payments and withdrawals are skipped/) });
  });

  test('finance_lookback_days: 30 by default, 0 allowed, anything but a non-negative integer is one line naming it', () => {
    const base = { app_key: 'k', app_secret: 's', refresh_token: 'r' };
    expect(validateConfig(base, { requireCredentials: true }).finance_lookback_days).toBe(30);
    expect(validateConfig({ ...base, finance_lookback_days: 0 }, { requireCredentials: true }).finance_lookback_days).toBe(0);
    for (const [value, message] of [
      [-1, /"finance_lookback_days" must be >= 0 \(got -1\)/],
      [1.5, /"finance_lookback_days" must be integer \(got 1.5\)/],
      ['thirty', /"finance_lookback_days" must be integer \(got "thirty"\)/],
    ] as const) {
      let error: unknown;
      try {
        validateConfig({ ...base, finance_lookback_days: value }, { requireCredentials: true });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(TapError);
      expect((error as TapError).userLine()).toMatch(message);
      expect((error as TapError).userLine()).not.toContain('\n');
    }
  });
});

describe('record builders', () => {
  test('a payment time of 0 before the money moved is null, not 1970-01-01; a real one is kept', () => {
    expect(statementRecord({ id: 's1', payment_status: 'PROCESSING', payment_time: 0 }, 'shop').payment_time).toBeNull();
    expect(statementRecord({ id: 's1', payment_status: 'PAID', payment_time: 1_700_000_000 }, 'shop').payment_time).toBe(1_700_000_000);
    expect(paymentRecord({ id: 'p1', status: 'PROCESSING', paid_time: 0 }, 'shop').paid_time).toBeNull();
    expect(paymentRecord({ id: 'p1', status: 'PAID', paid_time: 1_700_000_001 }, 'shop').paid_time).toBe(1_700_000_001);
  });
});

describe('declarations', () => {
  test('every root read filters on its stream’s replication key, and each finance family names the scope and the trailing window', async () => {
    const { FAMILIES, TAP_STREAMS } = await import('../../../src/streams/table.js');
    for (const family of FAMILIES) {
      if (family.read.kind === 'shop-list' || family.read.kind === 'snapshot' || family.read.kind === 'day-report' || family.read.kind === 'id-snapshot') continue;
      expect([family.root, family.read.timeField ?? 'update_time']).toEqual([family.root, TAP_STREAMS.get(family.root).replicationKey]);
    }
    const financeFamilies = FAMILIES.filter((family) => family.trailing?.setting === 'finance_lookback_days' || family.grant?.scope === 'the Finance scope');
    expect(financeFamilies.map((family) => family.root)).toEqual(['statements', 'unsettled_transactions', 'payments', 'withdrawals']);
    // The return_refund searches share one grant.
    expect(FAMILIES.filter((family) => family.grant?.scope === 'seller.return_refund.basic').map((family) => family.root)).toEqual(['returns', 'cancellations']);
    // The unsettled set is read whole on every run: it has no trailing window.
    for (const family of financeFamilies.filter((f) => f.read.kind !== 'snapshot')) {
      expect(family.grant!.scope).toBe('the Finance scope');
      expect(family.trailing!.setting).toBe('finance_lookback_days');
    }
  });
});
