import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { parseMessages, recordsOf, runTap, tempDir, writeJson, ROOT, type SingerMessage } from './run-tap.js';
import { briskSandboxConfig, sandboxCounts } from './sandbox-config.js';

/** Cancellations, their line items and packages, end to end against the sandbox (built binary). */
type Json = Record<string, unknown>;

describe('cancellations, cancellation_line_items and packages against the sandbox', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  let full: SingerMessage[];

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 14, shops: 2, orders: 300, products: 5, days: 60 });
    dir = tempDir();
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir, { lookback_window: 0 })]);
    expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr.slice(-3000) }).toEqual({ code: 0, stderr: '' });
    full = parseMessages(result.stdout);
  }, 180_000);

  afterAll(async () => {
    await sandbox.close();
  });

  test('--discover lists the three streams with their keys, replication and parent', async () => {
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir), '--discover']);
    expect(result.code).toBe(0);
    const streams = new Map((JSON.parse(result.stdout) as { streams: Json[] }).streams.map((entry) => [entry.tap_stream_id as string, entry]));
    expect(streams.get('cancellations')).toMatchObject({ key_properties: ['cancel_id'], replication_key: 'update_time', replication_method: 'INCREMENTAL' });
    expect(streams.get('packages')).toMatchObject({ key_properties: ['id'], replication_key: 'update_time', replication_method: 'INCREMENTAL' });
    const lines = streams.get('cancellation_line_items') as { key_properties: string[]; metadata: Array<{ breadcrumb: string[]; metadata: Json }> };
    expect(lines.key_properties).toEqual(['cancel_line_item_id']);
    expect(lines.metadata.find((m) => m.breadcrumb.length === 0)!.metadata['parent-tap-stream-id']).toBe('cancellations');
  });

  test('a full sync emits each stream, as many records as the sandbox holds', async () => {
    const { total } = await sandboxCounts(sandbox);
    for (const stream of ['cancellations', 'cancellation_line_items', 'packages'] as const) {
      const records = recordsOf(full, stream);
      expect([stream, records.length > 0]).toEqual([stream, true]);
      expect([stream, records.length]).toEqual([stream, total[stream]]);
    }
  });

  test('every child joins to its parent and to orders, with no orphan', () => {
    const ids = (stream: string, field = 'id') => new Set(recordsOf(full, stream).map((r) => r[field]));
    const orders = ids('orders');
    const lineItems = ids('order_line_items');
    const cancellations = ids('cancellations', 'cancel_id');
    for (const c of recordsOf(full, 'cancellations')) expect([c.cancel_id, orders.has(c.order_id)]).toEqual([c.cancel_id, true]);
    for (const line of recordsOf(full, 'cancellation_line_items')) {
      expect([line.cancel_line_item_id, cancellations.has(line.cancel_id), orders.has(line.order_id), lineItems.has(line.order_line_item_id)]).toEqual([
        line.cancel_line_item_id,
        true,
        true,
        true,
      ]);
    }
    for (const p of recordsOf(full, 'packages')) {
      const orderIds = p.order_ids as string[];
      expect([p.id, orderIds.length > 0]).toEqual([p.id, true]);
      for (const id of orderIds) expect([p.id, id, orders.has(id)]).toEqual([p.id, id, true]);
      for (const id of (p.order_line_item_ids as string[] | null) ?? []) expect([p.id, id, lineItems.has(id)]).toEqual([p.id, id, true]);
    }
  });

  test('package_detail adds Get Package Detail, one request per package, folded into the search names', async () => {
    sandbox.resetStats();
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir, { package_detail: true }), '--catalog', catalogOf(['packages'], dir)]);
    expect(result.code).toBe(0);
    const packages = recordsOf(parseMessages(result.stdout), 'packages');
    const detailRequests = Object.entries(sandbox.stats().by_endpoint as Record<string, number>)
      .filter(([endpoint]) => /packages\/\{package_id\}/.test(endpoint))
      .reduce((sum, [, n]) => sum + n, 0);
    expect(packages.length).toBeGreaterThan(0);
    expect(detailRequests).toBe(packages.length);
    for (const p of packages) {
      expect(p.id).toEqual(expect.any(String));
      expect(p.status).toEqual(expect.any(String));
      expect(p).not.toHaveProperty('package_id');
      expect(p).not.toHaveProperty('package_status');
    }
    expect(packages.some((p) => p.shipping_type !== null)).toBe(true);
  });

  test('refusals the sandbox serves on demand (§3.3): a denied package detail falls back to its search record; a refused returns search skips returns and cancellations with one line, the rest syncs (exit 3)', async () => {
    const shop = sandbox.store.shops()[0]!;
    const first = parseMessages((await runTap(['--config', briskSandboxConfig(sandbox, dir), '--catalog', catalogOf(['packages'], dir)])).stdout);
    const denied = recordsOf(first, 'packages').find((p) => p.shop_id === shop.id)!.id as string;
    sandbox.refuse(`/fulfillment/202309/packages/${denied}`, 10006402);
    sandbox.refuse('/return_refund/202602/returns/search', 25020005);
    try {
      const result = await runTap(['--config', briskSandboxConfig(sandbox, dir, { package_detail: true }), '--catalog', catalogOf(['packages', 'returns', 'cancellations'], dir)]);
      const messages = parseMessages(result.stdout);
      expect(result.code).toBe(3); // packages synced; returns and cancellations failed (the path is refused for every shop)
      const packages = recordsOf(messages, 'packages');
      expect(packages.find((p) => p.id === denied)!.shipping_type).toBeNull();
      expect(packages.filter((p) => p.id !== denied).every((p) => p.shipping_type !== null)).toBe(true);
      expect(result.stderr).toMatch(/Get Package Detail of package \d+ was refused .*code 10006402/);
      expect(result.stderr).toMatch(/lacks seller\.return_refund\.basic .*code 25020005.*so returns and cancellations are skipped/);
      expect(recordsOf(messages, 'cancellations')).toHaveLength(0);
    } finally {
      sandbox.refuse(`/fulfillment/202309/packages/${denied}`, null);
      sandbox.refuse('/return_refund/202602/returns/search', null);
    }
  });
});

/** The repo's catalog.json with only `streams` selected, written to `dir`. */
function catalogOf(streams: string[], dir: string): string {
  const catalog = JSON.parse(readFileSync(join(ROOT, 'catalog.json'), 'utf8')) as { streams: Array<{ tap_stream_id: string; metadata: Array<{ breadcrumb: string[]; metadata: Json }> }> };
  for (const entry of catalog.streams) entry.metadata.find((m) => m.breadcrumb.length === 0)!.metadata.selected = streams.includes(entry.tap_stream_id);
  return writeJson(dir, `catalog-${streams.join('-')}.json`, catalog);
}
