import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { setAnalyticsScope } from '../../src/sandbox/http/analytics-reports.js';
import { parseMessages, recordsOf, runTap, tempDir, writeJson, type SingerMessage } from './run-tap.js';
import { briskSandboxConfig, sandboxCounts } from './sandbox-config.js';

/** The analytics streams end to end (built binary against the sandbox): days, revisions, big SKU ids, the scope. */
type Json = Record<string, unknown>;

const ANALYTICS = ['shop_performance', 'product_performance', 'sku_performance', 'video_performance', 'live_performance'] as const;
const DAY = 86_400;
const lastState = (messages: SingerMessage[]): Json => messages.filter((m) => m.type === 'STATE').at(-1)!.value!;
const dayOf = (record: Json): string => String(record.date).slice(0, 10);
/**
 * The tap's default history (sandboxConfig reads only a few days unless told): more than the sandbox's 12 days, so a
 * first run reads every day the sandbox holds, which the count test below compares against.
 */
const HISTORY = { analytics_history_days: 90 };

describe('analytics streams against the sandbox', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  let full: SingerMessage[];

  beforeAll(async () => {
    // Noon UTC, so the US shop's day (Los Angeles) is the same whatever the time the test runs.
    sandbox = await startSandbox({ seed: 27, shops: 2, orders: 40, products: 8, days: 12, now: 1_748_736_000 + 12 * 3600 });
    dir = tempDir();
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir, { ...HISTORY, analytics_lookback_days: 3 })]);
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });
    full = parseMessages(result.stdout);
  }, 180_000);

  afterAll(async () => {
    await sandbox.close();
  });

  test('every analytics record the sandbox holds arrives, one per item and day', async () => {
    const { total } = await sandboxCounts(sandbox);
    const counts = total as unknown as Record<string, number>;
    for (const stream of ANALYTICS) {
      expect([stream, recordsOf(full, stream).length]).toEqual([stream, counts[stream]]);
      expect(counts[stream]).toBeGreaterThan(0);
    }
  });

  test('SKU ids above 2^53, sent as JSON integers, arrive with every digit', () => {
    const known = new Set(sandbox.store.shops().flatMap((shop) => sandbox.store.products(shop.id).flatMap((p) => p.skus.map((sku) => sku.id))));
    const skus = recordsOf(full, 'sku_performance');
    for (const sku of skus) {
      expect(typeof sku.id).toBe('string');
      expect(known.has(sku.id as string)).toBe(true);
    }
    expect(skus.some((sku) => BigInt(sku.id as string) > 2n ** 53n)).toBe(true);
  });

  test('after the sandbox advances two days, the next run reads exactly the lookback days and the new ones, with revised numbers', async () => {
    const state = lastState(full);
    const before = new Map(recordsOf(full, 'shop_performance').map((r) => [`${String(r.shop_id)}|${dayOf(r)}`, r.orders_count]));
    sandbox.advance({ seconds: 2 * DAY });
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir, { ...HISTORY, analytics_lookback_days: 3 }), '--state', writeJson(dir, 'state.json', state)]);
    expect(result.code).toBe(0);
    const second = parseMessages(result.stdout);
    for (const shop of sandbox.store.shops()) {
      const firstDays = [...new Set(recordsOf(full, 'shop_performance').filter((r) => r.shop_id === shop.id).map(dayOf))].sort();
      const last = firstDays.at(-1)!;
      const at = (n: number) => new Date(Date.parse(`${last}T00:00:00Z`) + n * DAY * 1000).toISOString().slice(0, 10);
      const expected = [at(-2), at(-1), at(0), at(1), at(2)];
      const days = recordsOf(second, 'shop_performance').filter((r) => r.shop_id === shop.id).map(dayOf);
      expect([shop.id, days]).toEqual([shop.id, expected]);
      // The re-read days were revised by the advance.
      const revised = recordsOf(second, 'shop_performance').filter((r) => r.shop_id === shop.id && dayOf(r) <= last);
      expect(revised.some((r) => r.orders_count !== before.get(`${shop.id}|${dayOf(r)}`))).toBe(true);
      const skuDays = new Set(recordsOf(second, 'sku_performance').filter((r) => r.shop_id === shop.id).map(dayOf));
      for (const day of skuDays) expect(expected).toContain(day);
    }
  }, 180_000);

  test('a shop without the analytics scope fails only the analytics families, with one line naming the scope', async () => {
    const [fine, lacking] = sandbox.store.shops();
    setAnalyticsScope(sandbox.store, lacking!.id, false);
    try {
      const result = await runTap(['--config', briskSandboxConfig(sandbox, tempDir(), HISTORY)]);
      expect(result.code).not.toBe(0);
      const lines = result.stderr.split('\n').filter((line) => line.includes('data.shop_analytics.public.read'));
      expect(lines.length).toBeGreaterThanOrEqual(1);
      expect(lines[0]).toContain(lacking!.id);
      const messages = parseMessages(result.stdout);
      expect(recordsOf(messages, 'orders').some((r) => r.shop_id === lacking!.id)).toBe(true);
      for (const stream of ANALYTICS) {
        expect(recordsOf(messages, stream).some((r) => r.shop_id === lacking!.id)).toBe(false);
        expect(recordsOf(messages, stream).some((r) => r.shop_id === fine!.id)).toBe(true);
      }
    } finally {
      setAnalyticsScope(sandbox.store, lacking!.id, true);
    }
  }, 180_000);
});
