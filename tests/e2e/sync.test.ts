import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { startSandbox, type CountsReport, type SandboxHandle } from '../../src/sandbox/index.js';
import { streamSchema } from '../../src/streams/schemas.js';
import { STREAMS, STREAM_NAMES, type StreamName } from '../../src/streams/table.js';
import { timePaths } from '../../src/singer/times.js';
import { firstUntyped } from '../unit/schemas/schema-helpers.js';
import { bookmarkSeconds } from './bookmarks.js';
import { parseMessages, runTap, tempDir, writeJson, ROOT, type SingerMessage, type TapResult } from './run-tap.js';
import { briskSandboxConfig } from './sandbox-config.js';

type Json = Record<string, unknown>;

/** Validators for the schemas the run's own SCHEMA messages announce (formats checked: date-time times). */
function validatorsOf(messages: SingerMessage[]): Map<string, ValidateFunction> {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return new Map(messages.filter((m) => m.type === 'SCHEMA').map((m) => [m.stream!, ajv.compile(m.schema!)]));
}

const RFC3339_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
/** Pure ASCII: what Meltano before 3.3 can decode. */
const ASCII = /^[\x00-\x7f]*$/;

function recordsOf(messages: SingerMessage[], stream: StreamName): Json[] {
  return messages.filter((m) => m.type === 'RECORD' && m.stream === stream).map((m) => m.record!);
}

function lastState(messages: SingerMessage[]): Json {
  return messages.filter((m) => m.type === 'STATE').at(-1)!.value!;
}

function keyOf(stream: StreamName, record: Json): string {
  return STREAMS[stream]!.keyProperties.map((k) => String(record[k])).join('|');
}

describe('sync against the sandbox (built binary, several shops)', () => {
  let sandbox: SandboxHandle;
  let dir: string;
  let full: SingerMessage[];
  let fullRun: TapResult;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 7, shops: 3, orders: 250, products: 30, days: 60 });
    dir = tempDir();
    // Progress lines and metrics on, so the ASCII check below sees every kind of log line. The tap's default analytics
    // history (90 days, more than the sandbox's 60), so the count test compares every stream with all the sandbox holds.
    // 200 requests/s per endpoint and shop: external orders of two platforms for 250 orders are 500 requests per shop,
    // so the pacing alone keeps the run going 2.5 s or more, past the first 1-second progress line however fast the
    // machine is.
    fullRun = await runTap(['--config', briskSandboxConfig(sandbox, dir, { progress_interval: 1, emit_metrics: true, analytics_history_days: 90, endpoint_requests_per_second: 200 })]);
    expect({ code: fullRun.code, stderr: fullRun.code === 0 ? '' : fullRun.stderr }).toEqual({ code: 0, stderr: '' });
    full = parseMessages(fullRun.stdout);
  }, 180_000);

  afterAll(async () => {
    await sandbox.close();
  });

  test('SCHEMA before RECORD for every stream, then STATE; records valid, keys present and unique', () => {
    const schemaAt = new Map<string, number>();
    full.forEach((m, i) => {
      if (m.type === 'SCHEMA') schemaAt.set(m.stream!, i);
    });
    expect([...schemaAt.keys()].sort()).toEqual([...STREAM_NAMES].sort());
    full.forEach((m, i) => {
      if (m.type === 'RECORD') expect(schemaAt.get(m.stream!)).toBeLessThan(i);
    });
    expect(full.at(-1)!.type).toBe('STATE');
    const validators = validatorsOf(full);
    for (const stream of STREAM_NAMES) {
      const records = recordsOf(full, stream);
      expect([stream, records.length > 0]).toEqual([stream, true]);
      const validate = validators.get(stream)!;
      const keys = new Set<string>();
      for (const record of records) {
        if (!validate(record)) throw new Error(`${stream} ${keyOf(stream, record)}: ${JSON.stringify(validate.errors)}`);
        for (const key of STREAMS[stream]!.keyProperties) expect(record[key]).toEqual(expect.any(String));
        keys.add(keyOf(stream, record));
      }
      expect([stream, keys.size]).toEqual([stream, records.length]);
    }
    for (const m of full.filter((m) => m.type === 'RECORD')) expect(m.time_extracted).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('every SCHEMA line and all of stderr are pure ASCII', async () => {
    const schemaLines = fullRun.stdout.split('\n').filter((line) => line.startsWith('{"type":"SCHEMA"'));
    expect(schemaLines).toHaveLength(STREAM_NAMES.length);
    for (const line of schemaLines) expect(line).toMatch(ASCII);
    // Non-ASCII was there to escape (the schemas' section signs), and it survives decoding.
    expect(JSON.stringify(full.filter((m) => m.type === 'SCHEMA').map((m) => m.schema))).toContain('\u00a7');
    expect(fullRun.stderr).toMatch(/METRIC: /);
    expect(fullRun.stderr).toMatch(/progress: /);
    const offending = fullRun.stderr.split('\n').filter((line) => !ASCII.test(line));
    expect(offending).toEqual([]);
    // An error line (message, then the hint) is what `meltano config test` shows; it is ASCII too.
    const state = join(dir, 'broken-state.json');
    writeFileSync(state, '{"bookmarks": ');
    const failed = await runTap(['--config', briskSandboxConfig(sandbox, dir), '--state', state]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/is not valid JSON .* - pass the value of the last STATE message/);
    expect(failed.stderr).toMatch(ASCII);
  });

  test('SCHEMA messages declare a type on every property at every depth (pipelinewise-target-postgres needs it)', () => {
    for (const m of full.filter((m) => m.type === 'SCHEMA')) expect([m.stream, firstUntyped(m.schema!, m.stream!)]).toEqual([m.stream, undefined]);
  });

  test('one key set per stream: every record has its SCHEMA properties, in order, and nothing else', () => {
    const properties = new Map(full.filter((m) => m.type === 'SCHEMA').map((m) => [m.stream!, Object.keys((m.schema as { properties: Json }).properties)]));
    for (const stream of STREAM_NAMES) {
      const keySets = new Set(recordsOf(full, stream).map((record) => Object.keys(record).join(',')));
      expect([stream, [...keySets]]).toEqual([stream, [properties.get(stream)!.join(',')]]);
    }
  });

  test('times are RFC 3339 UTC strings with the instant the API sent, replication keys and bookmarks too', () => {
    const shop = sandbox.store.shops()[0]!;
    const sent = new Map(sandbox.store.orders(shop.id).map((order) => [order.id, order as unknown as Json]));
    const orders = recordsOf(full, 'orders').filter((r) => r.shop_id === shop.id);
    expect(orders.length).toBe(sent.size);
    const times = timePaths(streamSchema('orders')).map((path) => path[0]!);
    let compared = 0;
    for (const order of orders) {
      const api = sent.get(order.id as string)!;
      for (const field of times) {
        if (api[field] === undefined || api[field] === null) {
          expect([field, order[field]]).toEqual([field, null]);
          continue;
        }
        expect([field, order[field]]).toEqual([field, expect.stringMatching(RFC3339_UTC)]);
        expect(Date.parse(order[field] as string) / 1000).toBe(api[field]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(orders.length * 2);
    for (const m of full.filter((m) => m.type === 'STATE')) {
      for (const entry of Object.values((m.value as { bookmarks: Record<string, { partitions: Json[] }> }).bookmarks)) {
        for (const partition of entry.partitions) expect(partition.replication_key_value).toMatch(RFC3339_UTC);
      }
    }
    const products = recordsOf(full, 'products');
    expect(products.every((p) => RFC3339_UTC.test(p.update_time as string))).toBe(true);
  });

  test('every child points at a parent that was emitted', () => {
    const ids = (stream: StreamName, field = 'id') => new Set(recordsOf(full, stream).map((r) => r[field]));
    const orders = ids('orders');
    const lineItems = ids('order_line_items');
    const returns = ids('returns', 'return_id');
    const products = ids('products');
    for (const li of recordsOf(full, 'order_line_items')) expect(orders.has(li.order_id)).toBe(true);
    for (const pd of recordsOf(full, 'order_line_item_price_detail')) expect(lineItems.has(pd.line_item_id)).toBe(true);
    for (const eo of recordsOf(full, 'external_orders')) expect(orders.has(eo.order_id)).toBe(true);
    for (const el of recordsOf(full, 'external_order_line_items')) expect(lineItems.has(el.order_line_item_id)).toBe(true);
    for (const rl of recordsOf(full, 'return_line_items')) {
      expect(returns.has(rl.return_id)).toBe(true);
      expect(lineItems.has(rl.order_line_item_id)).toBe(true);
    }
    for (const sku of recordsOf(full, 'product_skus')) expect(products.has(sku.product_id)).toBe(true);
  });

  test('record counts equal what the sandbox holds (its counts route, GET /__sandbox/counts)', async () => {
    const reply = await fetch(`${sandbox.info.base_url}/__sandbox/counts`);
    expect(reply.status).toBe(200);
    const { total } = ((await reply.json()) as { data: CountsReport }).data;
    const count = (stream: StreamName) => recordsOf(full, stream).length;
    const expected: Record<string, number> = { shops: sandbox.store.shops().length, ...total };
    expect(Object.fromEntries(STREAM_NAMES.map((stream) => [stream, count(stream)]))).toEqual(Object.fromEntries(STREAM_NAMES.map((stream) => [stream, expected[stream]])));
    // The default product search leaves deleted products out: they are in the count only through the DELETED pass.
    expect(recordsOf(full, 'products').some((p) => p.status === 'DELETED')).toBe(true);
  });

  test('after the sandbox advances, a run from the final state emits exactly the new and changed records and the ties', async () => {
    const state = lastState(full) as { bookmarks: Record<string, { partitions: Array<{ context: { shop_id: string }; replication_key_value: string | number }> }> };
    const bookmark = (stream: string, shopId: string) =>
      bookmarkSeconds(state.bookmarks[stream]!.partitions.find((p) => p.context.shop_id === shopId)!.replication_key_value);
    // The state as the previous version wrote it, with integer bookmarks: it must be read the same way.
    for (const entry of Object.values(state.bookmarks)) for (const p of entry.partitions) p.replication_key_value = bookmarkSeconds(p.replication_key_value);
    sandbox.advance({ seconds: 7200, newOrders: 12, updatedOrders: 20, newReturns: 3, updatedReturns: 2, newProducts: 2, updatedProducts: 4, newCancellations: 3, updatedCancellations: 2 });
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir, { lookback_window: 0 }), '--state', writeJson(dir, 'state.json', state)]);
    expect(result.code).toBe(0);
    const second = parseMessages(result.stdout);
    const currentOf = (stream: string, shopId: string): unknown[] =>
      stream === 'orders'
        ? sandbox.store.orders(shopId)
        : stream === 'returns'
          ? sandbox.store.returns(shopId)
          : stream === 'cancellations'
            ? sandbox.store.cancellations(shopId)
            : stream === 'packages'
              ? sandbox.store.packages(shopId)
              : sandbox.store.products(shopId);
    const roots = [['orders', 'id'], ['returns', 'return_id'], ['cancellations', 'cancel_id'], ['packages', 'id'], ['products', 'id']] as const;
    for (const [stream, idField] of roots) {
      const expected = new Set<string>();
      for (const shop of sandbox.store.shops()) {
        const from = bookmark(stream, shop.id);
        const current = currentOf(stream, shop.id);
        for (const record of current as unknown as Json[]) if ((record.update_time as number) >= from) expected.add(String(record[idField]));
      }
      const emitted = recordsOf(second, stream).map((r) => String(r[idField]));
      expect([stream, new Set(emitted)]).toEqual([stream, expected]);
      expect(expected.size).toBeGreaterThan(0);
    }
  });

  test('deselecting price detail and external orders removes their requests', async () => {
    const catalog = JSON.parse(readFileSync(join(ROOT, 'catalog.json'), 'utf8')) as { streams: Array<{ tap_stream_id: string; metadata: Array<{ breadcrumb: string[]; metadata: Json }> }> };
    for (const entry of catalog.streams) {
      const deselect = ['order_line_item_price_detail', 'external_orders', 'external_order_line_items'].includes(entry.tap_stream_id);
      entry.metadata.find((m) => m.breadcrumb.length === 0)!.metadata.selected = !deselect;
    }
    sandbox.resetStats();
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir), '--catalog', writeJson(dir, 'catalog.json', catalog)]);
    expect(result.code).toBe(0);
    const byEndpoint = sandbox.stats().by_endpoint as Record<string, number>;
    const fanOut = Object.entries(byEndpoint).filter(([path]) => path.includes('price_detail') || path.includes('external_orders'));
    expect(fanOut.reduce((sum, [, n]) => sum + n, 0)).toBe(0);
    expect(Object.entries(byEndpoint).some(([path, n]) => path.includes('orders/search') && n > 0)).toBe(true);
    expect(recordsOf(parseMessages(result.stdout), 'orders').length).toBeGreaterThan(0);
  });

  test('start_date and end_date bound the output', async () => {
    const shop = sandbox.store.shops()[0]!;
    const times = sandbox.store.orders(shop.id).map((o) => o.update_time).sort((a, b) => a - b);
    const start = times[Math.floor(times.length / 3)]!;
    const end = times[Math.floor((2 * times.length) / 3)]!;
    const iso = (t: number) => new Date(t * 1000).toISOString();
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir, { start_date: iso(start), end_date: iso(end), shop_ids: [shop.id] })]);
    expect(result.code).toBe(0);
    const orders = recordsOf(parseMessages(result.stdout), 'orders');
    const expected = sandbox.store.orders(shop.id, { ge: start, lt: end }).map((o) => o.id).sort();
    expect(orders.map((o) => o.id).sort()).toEqual(expected);
    for (const state of parseMessages(result.stdout).filter((m) => m.type === 'STATE')) {
      const partitions = (state.value as { bookmarks: { orders?: { partitions: Array<{ replication_key_value: string }> } } }).bookmarks.orders?.partitions ?? [];
      for (const p of partitions) expect(bookmarkSeconds(p.replication_key_value)).toBeLessThan(end);
    }
  });

  test('time_format unix: integer times as the API sent them, integer bookmarks, and SCHEMA messages that say so', async () => {
    const shop = sandbox.store.shops()[0]!;
    const result = await runTap(['--config', briskSandboxConfig(sandbox, dir, { time_format: 'unix', shop_ids: [shop.id] })]);
    expect(result.code).toBe(0);
    const messages = parseMessages(result.stdout);
    const validators = validatorsOf(messages);
    const schema = messages.find((m) => m.type === 'SCHEMA' && m.stream === 'orders')!.schema as { properties: Record<string, Json> };
    expect(schema.properties.update_time).toMatchObject({ type: 'integer' });
    expect(schema.properties.update_time!.format).toBeUndefined();
    const sent = new Map(sandbox.store.orders(shop.id).map((order) => [order.id, order.update_time]));
    const orders = recordsOf(messages, 'orders');
    expect(orders.length).toBe(sent.size);
    for (const order of orders) {
      expect(order.update_time).toBe(sent.get(order.id as string));
      expect(validators.get('orders')!(order)).toBe(true);
    }
    for (const partition of (lastState(messages) as { bookmarks: Record<string, { partitions: Json[] }> }).bookmarks.orders!.partitions) {
      expect(partition.replication_key_value).toEqual(expect.any(Number));
    }
    // Discovery with the same config describes the same schemas.
    const discovered = await runTap(['--config', briskSandboxConfig(sandbox, dir, { time_format: 'unix' }), '--discover']);
    const catalog = JSON.parse(discovered.stdout) as { streams: Array<{ tap_stream_id: string; schema: unknown }> };
    expect(catalog.streams.find((s) => s.tap_stream_id === 'orders')!.schema).toEqual(messages.find((m) => m.type === 'SCHEMA' && m.stream === 'orders')!.schema);
  }, 180_000);
});
