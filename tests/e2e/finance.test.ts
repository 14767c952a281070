import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { bookmarkSeconds } from './bookmarks.js';
import { parseMessages, recordsOf, runTap, tempDir, writeJson, type SingerMessage } from './run-tap.js';
import { briskSandboxConfig, sandboxCounts } from './sandbox-config.js';

/** Statements, their transactions, payments and withdrawals, end to end against the sandbox (built binary). */
type Json = Record<string, unknown>;

const FINANCE = ['statements', 'statement_transactions', 'order_sku_transactions', 'unsettled_transactions', 'payments', 'withdrawals'] as const;

const TRANSACTIONS_CALL = 'GET /finance/202501/statements/{statement_id}/statement_transactions';
const SKU_CALL = 'GET /finance/202501/orders/{order_id}/statement_transactions';

/** A record's key, per stream. */
const keyOf = (stream: string, r: Json): string =>
  stream === 'statement_transactions'
    ? `${String(r.statement_id)}|${String(r.id)}`
    : stream === 'order_sku_transactions'
      ? `${String(r.statement_id)}|${String(r.order_id)}|${String(r.sku_id)}`
      : stream === 'unsettled_transactions'
        ? `${String(r.shop_id)}|${String(r.id)}`
        : String(r.id);

const lastState = (messages: SingerMessage[]): Json => messages.filter((m) => m.type === 'STATE').at(-1)!.value!;

/** A decimal money string as an exact integer of millionths: sums are compared without floats. */
function units(amount: unknown): bigint {
  if (typeof amount !== 'string' || !/^-?\d+(\.\d{1,6})?$/.test(amount)) throw new Error(`not a decimal money string: ${JSON.stringify(amount)}`);
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const value = BigInt(whole!) * 1_000_000n + BigInt(fraction.padEnd(6, '0'));
  return amount.startsWith('-') ? -value : value;
}

/**
 * The sandbox clock at noon UTC two days before the wall clock: its newest statements (one a day, at 00:00 UTC) are
 * still PROCESSING and lie inside the tap's trailing window (finance_lookback_days before the bookmark), and the
 * sandbox's data is not cut by the tap's safety lag. Noon, so the data is the same whatever the time of day the
 * test runs (and an hour's advance stays that day).
 */
const sandboxNow = (): number => (Math.floor(Date.now() / 86_400_000) - 2) * 86_400 + 12 * 3600;

describe('finance streams against the sandbox', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  let full: SingerMessage[];

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 15, shops: 2, orders: 300, products: 5, days: 60, now: sandboxNow() });
    dir = tempDir();
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir, { lookback_window: 0 })]);
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });
    full = parseMessages(result.stdout);
  }, 180_000);

  afterAll(async () => {
    await sandbox.close();
  });

  test('--discover lists the four streams with their keys, replication keys and parent', async () => {
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir), '--discover']);
    expect(result.code).toBe(0);
    const streams = new Map((JSON.parse(result.stdout) as { streams: Json[] }).streams.map((entry) => [entry.tap_stream_id as string, entry]));
    expect(streams.get('statements')).toMatchObject({ key_properties: ['id'], replication_key: 'statement_time', replication_method: 'INCREMENTAL' });
    expect(streams.get('payments')).toMatchObject({ key_properties: ['id'], replication_key: 'create_time', replication_method: 'INCREMENTAL' });
    expect(streams.get('withdrawals')).toMatchObject({ key_properties: ['id'], replication_key: 'create_time', replication_method: 'INCREMENTAL' });
    const transactions = streams.get('statement_transactions') as { key_properties: string[]; metadata: Array<{ breadcrumb: string[]; metadata: Json }> };
    expect(transactions.key_properties).toEqual(['statement_id', 'id']);
    expect(transactions.metadata.find((m) => m.breadcrumb.length === 0)!.metadata['parent-tap-stream-id']).toBe('statements');
    expect(streams.get('order_sku_transactions')).toMatchObject({ key_properties: ['statement_id', 'order_id', 'sku_id'] });
    expect(streams.get('unsettled_transactions')).toMatchObject({ key_properties: ['shop_id', 'id'], replication_method: 'FULL_TABLE' });
  });

  test('every SKU row joins to its order, a SKU of that order and its statement; per settled order the rows add up exactly to its settlement', () => {
    const skusOfOrder = new Map<unknown, Set<unknown>>();
    for (const li of recordsOf(full, 'order_line_items')) {
      if (!skusOfOrder.has(li.order_id)) skusOfOrder.set(li.order_id, new Set());
      skusOfOrder.get(li.order_id)!.add(li.sku_id);
    }
    const statements = new Map(recordsOf(full, 'statements').map((s) => [s.id, s]));
    const rows = recordsOf(full, 'order_sku_transactions');
    expect(rows.length).toBeGreaterThan(0);
    const sums = new Map<string, bigint>();
    for (const row of rows) {
      expect([row.order_id, skusOfOrder.get(row.order_id)?.has(row.sku_id)]).toEqual([row.order_id, true]);
      expect([row.statement_id, statements.get(row.statement_id)?.shop_id]).toEqual([row.statement_id, row.shop_id]);
      const key = `${String(row.statement_id)}|${String(row.order_id)}`;
      sums.set(key, (sums.get(key) ?? 0n) + units(row.settlement_amount));
    }
    const orderTransactions = recordsOf(full, 'statement_transactions').filter((t) => t.type === 'ORDER');
    for (const t of orderTransactions) {
      const key = `${String(t.statement_id)}|${String(t.order_id)}`;
      expect([key, sums.get(key)]).toEqual([key, units(t.settlement_amount)]);
    }
    expect(sums.size).toBe(orderTransactions.length);
    // The statements carry the 202501 totals of the same read.
    for (const s of statements.values()) expect([s.id, s.status, s.total_settlement_amount]).toEqual([s.id, 'SETTLED', s.settlement_amount]);
  });

  test('a second run with nothing changed requests no statement or SKU transactions, and writes no statement again', async () => {
    const before = sandbox.stats().by_endpoint;
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir, { lookback_window: 0 }), '--state', writeJson(dir, 'same-state.json', lastState(full))]);
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });
    const after = sandbox.stats().by_endpoint;
    expect([(after[TRANSACTIONS_CALL] ?? 0) - (before[TRANSACTIONS_CALL] ?? 0), (after[SKU_CALL] ?? 0) - (before[SKU_CALL] ?? 0)]).toEqual([0, 0]);
    const again = parseMessages(result.stdout);
    expect(recordsOf(again, 'statements')).toEqual([]);
    // The unsettled set is a snapshot: all of it again, with a later or equal snapshot_time.
    expect(recordsOf(again, 'unsettled_transactions').length).toBe(recordsOf(full, 'unsettled_transactions').length);
  }, 180_000);

  test('a full sync emits each stream, as many records as the sandbox holds, each key once', async () => {
    const { total } = await sandboxCounts(sandbox);
    for (const stream of FINANCE) {
      const records = recordsOf(full, stream);
      expect([stream, records.length > 0, records.length]).toEqual([stream, true, total[stream]]);
      expect([stream, new Set(records.map((r) => keyOf(stream, r))).size]).toEqual([stream, records.length]);
    }
  });

  test('every transaction joins to its statement and every order reference to an order; payments to their statements', () => {
    const orders = new Set(recordsOf(full, 'orders').map((o) => o.id));
    const statements = new Map(recordsOf(full, 'statements').map((s) => [s.id, s]));
    const transactions = recordsOf(full, 'statement_transactions');
    let references = 0;
    for (const t of transactions) {
      const statement = statements.get(t.statement_id);
      expect([t.id, statement !== undefined]).toEqual([t.id, true]);
      expect([t.id, t.shop_id, t.currency]).toEqual([t.id, statement!.shop_id, statement!.currency]);
      for (const field of ['order_id', 'adjustment_order_id', 'associated_order_id']) {
        if (t[field] === '' || t[field] === null) continue;
        references++;
        expect([t.id, field, orders.has(t[field])]).toEqual([t.id, field, true]);
      }
    }
    expect(references).toBeGreaterThanOrEqual(transactions.length);
    expect(transactions.some((t) => t.type !== 'ORDER')).toBe(true);
    const payments = new Set(recordsOf(full, 'payments').map((p) => p.id));
    for (const s of statements.values()) expect(payments.has(s.payment_id)).toBe(true);
  });

  test("per statement, its transactions' settlement amounts add up exactly to the statement's settlement amount", () => {
    const sums = new Map<unknown, bigint>();
    for (const t of recordsOf(full, 'statement_transactions')) sums.set(t.statement_id, (sums.get(t.statement_id) ?? 0n) + units(t.settlement_amount));
    const statements = recordsOf(full, 'statements');
    for (const s of statements) expect([s.id, sums.get(s.id) ?? 0n]).toEqual([s.id, units(s.settlement_amount)]);
    expect(statements.filter((s) => (sums.get(s.id) ?? 0n) !== 0n).length).toBeGreaterThan(0);
  });

  test('a clock advance that pays a PROCESSING statement shows up as an updated record in the next incremental run; bookmarks do not go back', async () => {
    const state = lastState(full) as { bookmarks: Record<string, { partitions: Array<{ context: { shop_id: string }; replication_key_value: string }> }> };
    const bookmark = (value: Json, stream: string, shopId: string) =>
      bookmarkSeconds((value as typeof state).bookmarks[stream]!.partitions.find((p) => p.context.shop_id === shopId)!.replication_key_value);
    const processing = recordsOf(full, 'statements').filter((s) => s.payment_status === 'PROCESSING');
    // Resolves the oldest PROCESSING statement of each shop.
    const advanced = sandbox.advance({ seconds: 3600, newOrders: 0, updatedOrders: 0, resolveStatements: 1 });
    const updated = advanced.shops.flatMap((shop) => shop.updated_statements);
    const paid = processing.filter((s) => updated.includes(s.id as string));
    // The case this is about: a statement behind its shop's bookmark, which no bookmark would read again. (The newest
    // statement sits at the bookmark and is read again anyway.)
    const behind = paid.filter((s) => bookmarkSeconds(s.statement_time) < bookmark(state, 'statements', s.shop_id as string));
    expect(behind.length).toBeGreaterThan(0);

    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir, { lookback_window: 0 }), '--state', writeJson(dir, 'finance-state.json', state)]);
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });
    const second = parseMessages(result.stdout);
    const statements = new Map(recordsOf(second, 'statements').map((s) => [s.id, s]));
    const payments = new Map(recordsOf(second, 'payments').map((p) => [p.id, p]));
    for (const before of paid) {
      const now = sandbox.store.statements(before.shop_id as string).find((s) => s.id === before.id)!;
      expect(now.payment_status).not.toBe('PROCESSING');
      // Its statement_time is the same as before, behind the bookmark: only the trailing window reads it again.
      expect(statements.get(before.id)).toMatchObject({ id: before.id, statement_time: before.statement_time, payment_status: now.payment_status });
      expect(payments.get(before.payment_id)).toMatchObject({ status: now.payment_status });
      // Its transactions come again with it.
      expect(recordsOf(second, 'statement_transactions').filter((t) => t.statement_id === before.id).length).toBe(
        recordsOf(full, 'statement_transactions').filter((t) => t.statement_id === before.id).length,
      );
    }
    if (paid.some((s) => sandbox.store.statements(s.shop_id as string).find((n) => n.id === s.id)!.payment_status === 'PAID')) {
      expect([...statements.values()].some((s) => paid.some((p) => p.id === s.id) && s.payment_status === 'PAID' && typeof s.payment_time === 'string')).toBe(true);
    }
    const after = lastState(second);
    for (const shop of sandbox.store.shops()) {
      for (const stream of ['statements', 'payments', 'withdrawals']) {
        expect([stream, bookmark(after, stream, shop.id) >= bookmark(state, stream, shop.id)]).toEqual([stream, true]);
      }
    }
  }, 180_000);
});

describe('a shop without the finance scope', () => {
  test('fails only its finance streams, with one line naming the Finance scope; its other streams and the other shop sync (exit 3)', async () => {
    const sandbox = await startSandbox({ seed: 16, shops: 2, orders: 60, products: 3, days: 30, now: sandboxNow(), noFinanceScope: [1] });
    try {
      const [lacking, granted] = sandbox.store.shops().map((shop) => shop.id);
      const result = await runTap(['--config', briskSandboxConfig(sandbox, tempDir())]);
      expect({ code: result.code, stderr: result.code === 3 ? '' : result.stderr.slice(-3000) }).toEqual({ code: 3, stderr: '' });
      const messages = parseMessages(result.stdout);
      const lines = result.stderr.split('\n').filter((line) => line.includes('the Finance scope'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`shop ${lacking!}`);
      expect(lines[0]).toMatch(/code 105005/);
      expect(lines[0]).toMatch(/statements, unsettled_transactions, payments and withdrawals are skipped for this shop and its other streams sync/);
      expect(lines[0]).toMatch(/have the seller authorize the app again/);
      // One refused request for that shop, then none.
      expect(sandbox.stats().errors['105005']).toBe(1);
      for (const stream of FINANCE) {
        const records = recordsOf(messages, stream);
        expect([stream, records.length > 0, records.every((r) => r.shop_id === granted)]).toEqual([stream, true, true]);
      }
      for (const stream of ['orders', 'order_line_items', 'returns', 'cancellations', 'packages', 'products']) {
        expect([stream, recordsOf(messages, stream).some((r) => r.shop_id === lacking)]).toEqual([stream, true]);
      }
      expect(result.stderr).toMatch(
        new RegExp(`summary: failed: stream families statements of shop ${lacking!}, unsettled_transactions of shop ${lacking!}, payments of shop ${lacking!}, withdrawals of shop ${lacking!}; the rest synced \\(exit code 3\\)`),
      );
      // No bookmark for the finance streams of that shop; the granted shop has them.
      const bookmarks = (lastState(messages) as { bookmarks: Record<string, { partitions?: Array<{ context: { shop_id: string } }> }> }).bookmarks;
      for (const stream of ['statements', 'payments', 'withdrawals']) {
        const shops = (bookmarks[stream]?.partitions ?? []).map((p) => p.context.shop_id);
        expect([stream, shops]).toEqual([stream, [granted]]);
      }
    } finally {
      await sandbox.close();
    }
  }, 180_000);
});

describe('settlement over time, regions and refusals', () => {
  test('an advance that closes a day moves its completed orders from unsettled_transactions to order_sku_transactions', async () => {
    const sandbox = await startSandbox({ seed: 17, shops: 1, orders: 200, products: 4, days: 30, now: sandboxNow() - 86_400 });
    try {
      const dir = tempDir();
      const first = await runTap(['--config', briskSandboxConfig(sandbox, dir, { lookback_window: 0 })]);
      expect({ code: first.code, stderr: first.code === 0 ? '' : first.stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });
      const firstMessages = parseMessages(first.stdout);
      const unsettled = new Set(recordsOf(firstMessages, 'unsettled_transactions').map((t) => t.order_id));
      sandbox.advance({ seconds: 86_400, newOrders: 0, updatedOrders: 0 });
      const second = await runTap(['--config', briskSandboxConfig(sandbox, dir, { lookback_window: 0 }), '--state', writeJson(dir, 'state.json', lastState(firstMessages))]);
      expect({ code: second.code, stderr: second.code === 0 ? '' : second.stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });
      const messages = parseMessages(second.stdout);
      const settledNow = new Set(recordsOf(messages, 'order_sku_transactions').map((r) => r.order_id));
      const moved = [...settledNow].filter((id) => unsettled.has(id));
      expect(moved.length).toBeGreaterThan(0);
      const stillUnsettled = new Set(recordsOf(messages, 'unsettled_transactions').map((t) => t.order_id));
      for (const id of settledNow) expect([id, stillUnsettled.has(id)]).toEqual([id, false]);
      // Only the new statement was read: its SKU rows are its orders only.
      expect(recordsOf(messages, 'statements').length).toBeGreaterThan(0);
    } finally {
      await sandbox.close();
    }
  }, 180_000);

  test('a SEA shop skips payments with a warning, 22005007 skips withdrawals with a warning, and the run exits 0', async () => {
    // Shops cycle US, GB, ID: the third is South-East Asian.
    const sandbox = await startSandbox({ seed: 18, shops: 3, orders: 40, products: 3, days: 20, now: sandboxNow() });
    try {
      const [us, gb, id] = sandbox.store.shops().map((shop) => shop.id);
      sandbox.store.finance(sandbox.store.shop(gb!)).merchantMissing = true;
      const result = await runTap(['--config', briskSandboxConfig(sandbox, tempDir())]);
      expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });
      const paymentLines = result.stderr.split('\n').filter((line) => /WARN/.test(line) && line.includes('Get Payments'));
      expect(paymentLines).toHaveLength(1);
      expect(paymentLines[0]).toContain(id!);
      const withdrawalLines = result.stderr.split('\n').filter((line) => /WARN/.test(line) && line.includes('22005007'));
      expect(withdrawalLines).toHaveLength(1);
      expect(withdrawalLines[0]).toContain(gb!);
      const messages = parseMessages(result.stdout);
      expect(new Set(recordsOf(messages, 'payments').map((p) => p.shop_id))).toEqual(new Set([us, gb]));
      expect(new Set(recordsOf(messages, 'withdrawals').map((w) => w.shop_id))).toEqual(new Set([us, id]));
    } finally {
      await sandbox.close();
    }
  }, 180_000);
});
