import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { STREAMS, STREAM_NAMES, type StreamName } from '../../src/streams/table.js';
import { collect, parseMessages, runTap, tapEnv, tempDir, writeJson, TAP_BIN, type SingerMessage } from './run-tap.js';
import { bookmarkSeconds } from './bookmarks.js';
import { briskSandboxConfig, sandboxConfig } from './sandbox-config.js';

/**
 * Faults survived, interruptions survived, nothing lost. Every scenario is seeded (sandbox data, faults
 * and kill points), so a failure reproduces.
 */
type Json = Record<string, unknown>;
type Bookmarks = Record<string, { partitions: Array<{ context: { shop_id: string }; replication_key_value: string }> }>;

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const keyOf = (m: SingerMessage) => `${m.stream}|${STREAMS[m.stream as StreamName]!.keyProperties.map((k) => String(m.record![k])).join('|')}`;

/**
 * Records by key and content (time_extracted aside). A snapshot stream's `snapshot_time` is when its run read it, so
 * it differs between any two runs by design: it is left out of the content compared.
 */
function recordSet(messages: SingerMessage[]): Set<string> {
  const content = (record: Record<string, unknown>) => JSON.stringify({ ...record, snapshot_time: undefined });
  return new Set(messages.filter((m) => m.type === 'RECORD').map((m) => `${keyOf(m)}|${content(m.record!)}`));
}

const SANDBOX = { seed: 11, shops: 3, orders: 120, products: 20, days: 40 };
/**
 * Page size of the fault and kill runs: each shop's one product window then spans two pages, and the sandbox
 * returns products by create_time, not update_time, so a bookmark moved after a page instead of after the whole
 * window would pass products not read yet, which the kill test's STATE check catches.
 */
const MULTI_PAGE = { page_size: 10 };
/**
 * The fault test's sandbox and settings: SANDBOX with a third of its orders, and external orders of one platform.
 * Under injected 429s the tap's adaptive rate of a shop's endpoint can sink to a request every second or two, so the
 * per-order calls (price detail, external orders: one endpoint, a call per order and platform) set the length of
 * the run. 40 orders a shop still span four pages of orders at MULTI_PAGE (products two), every per-order endpoint
 * is still called for every order, and the run's ~700 requests still meet every fault kind dozens of times and
 * outlive the 5-second access token several times; the test checks both.
 */
const FAULT_SANDBOX = { ...SANDBOX, orders: 40 };
const FAULT_SETTINGS = { lookback_window: 0, external_order_platforms: ['SHOPIFY'] };

describe('reliability (built binary against the sandbox)', () => {
  let clean: SandboxHandle;
  let baseline: SingerMessage[];
  let dir: string;

  let baselineRequests: number;
  const baselineRecords = () => baseline.filter((m) => m.type === 'RECORD').length;

  beforeAll(async () => {
    clean = await startSandbox(SANDBOX);
    dir = tempDir();
    // The reference output: what a run writes does not depend on its pace.
    const result = await runTap(['--config', briskSandboxConfig(clean, dir, { lookback_window: 0 })]);
    expect(result.code).toBe(0);
    baseline = parseMessages(result.stdout);
    baselineRequests = clean.stats().requests;
  });

  afterAll(async () => {
    await clean.close();
  });

  test('faults: 5xx, throttling, slow replies, truncated bodies, resets and a token expiring mid-sync change nothing', async () => {
    // What the same sandbox gives a run without faults (same seed, same data).
    const calm = await startSandbox(FAULT_SANDBOX);
    let expected: SingerMessage[];
    try {
      const result = await runTap(['--config', briskSandboxConfig(calm, tempDir(), FAULT_SETTINGS)]);
      expect(result.code).toBe(0);
      expected = parseMessages(result.stdout);
    } finally {
      await calm.close();
    }
    // The comparison below covers every stream.
    for (const stream of STREAM_NAMES) expect([stream, expected.some((m) => m.type === 'RECORD' && m.stream === stream)]).toEqual([stream, true]);
    const faulty = await startSandbox({ ...FAULT_SANDBOX, faultRate: 0.2, slowMs: 2500, tokenTtl: 5 });
    try {
      const faultDir = tempDir();
      const config = sandboxConfig(faulty, faultDir, { ...FAULT_SETTINGS, ...MULTI_PAGE, request_timeout: 1, max_retries: 8, max_concurrency: 16, emit_metrics: true });
      const result = await runTap(['--config', config, '--log-level', 'debug'], { timeoutMs: 420_000 });
      expect({ code: result.code, tail: result.code === 0 ? '' : result.stderr.slice(-3000) }).toEqual({ code: 0, tail: '' });
      const stats = faulty.stats();
      for (const kind of ['5xx', '429', 'slow', 'truncated', 'reset'] as const) expect([kind, stats.faults_by_kind[kind] > 0]).toEqual([kind, true]);
      expect(stats.refreshes).toBeGreaterThan(0); // the access token expired during the sync
      expect(recordSet(parseMessages(result.stdout))).toEqual(recordSet(expected));

      // Secrets: none of them (nor any signature) on stdout or stderr, even at debug level, including the rotated tokens.
      const rotated = JSON.parse(readFileSync(config, 'utf8')) as Json;
      expect(rotated.refresh_token).not.toBe(faulty.info.refresh_token);
      const secrets = [faulty.info.app_secret, faulty.info.access_token, faulty.info.refresh_token, rotated.access_token, rotated.refresh_token] as string[];
      for (const secret of secrets) {
        expect(result.stdout.includes(secret)).toBe(false);
        expect(result.stderr.includes(secret)).toBe(false);
      }
      expect(result.stderr).not.toMatch(/\b[0-9a-f]{64}\b/);
      expect(result.stderr).toContain('new access and refresh tokens written to');
    } finally {
      await faulty.close();
    }
  }, 420_000);

  test('SIGKILL at 20 seeded points, each run resumed from the last STATE seen: nothing lost, no STATE ahead of its records', async () => {
    const random = mulberry32(20261122);
    const baselineLines = baseline.length;
    const killDir = tempDir();
    // The tap's default pace, not a brisk one: it writes a STATE at most once a second, so a quicker run would give
    // the STATE check below fewer bookmarks to check.
    const config = sandboxConfig(clean, killDir, { ...MULTI_PAGE, lookback_window: 0 });
    const received = new Set<string>();
    const receivedOrders = new Map<string, Set<string>>(); // shop -> order ids seen
    const receivedPricedLines = new Set<string>();
    let state: Json | undefined;
    let kills = 0;
    let attempts = 0;
    const checkState = (value: { bookmarks: Bookmarks }) => {
      // Every order this bookmark covers, and its price detail, must already have been received.
      for (const partition of value.bookmarks.orders?.partitions ?? []) {
        for (const order of clean.store.orders(partition.context.shop_id, { lt: bookmarkSeconds(partition.replication_key_value) })) {
          expect([order.id, receivedOrders.get(partition.context.shop_id)?.has(order.id)]).toEqual([order.id, true]);
          for (const line of order.line_items) expect(receivedPricedLines.has(line.id)).toBe(true);
        }
      }
      for (const partition of value.bookmarks.products?.partitions ?? []) {
        for (const product of clean.store.products(partition.context.shop_id, { lt: bookmarkSeconds(partition.replication_key_value) })) {
          expect(received.has(`products|${product.id}`)).toBe(true);
        }
      }
      for (const partition of value.bookmarks.returns?.partitions ?? []) {
        for (const ret of clean.store.returns(partition.context.shop_id, { lt: bookmarkSeconds(partition.replication_key_value) })) {
          expect(received.has(`returns|${ret.return_id}`)).toBe(true);
        }
      }
      // A cancellation below its bookmark came with all its line items; a package below its bookmark was received.
      for (const partition of value.bookmarks.cancellations?.partitions ?? []) {
        for (const cancellation of clean.store.cancellations(partition.context.shop_id, { lt: bookmarkSeconds(partition.replication_key_value) })) {
          expect(received.has(`cancellations|${cancellation.cancel_id}`)).toBe(true);
          for (const line of cancellation.cancel_line_items) expect(received.has(`cancellation_line_items|${line.cancel_line_item_id}`)).toBe(true);
        }
      }
      for (const partition of value.bookmarks.packages?.partitions ?? []) {
        for (const pkg of clean.store.packages(partition.context.shop_id, { lt: bookmarkSeconds(partition.replication_key_value) })) {
          expect(received.has(`packages|${pkg.id}`)).toBe(true);
        }
      }
    };
    for (;;) {
      attempts++;
      // Each run is killed after a seeded 1 to 2/20 of a whole run's lines, so the 20 kills, one resuming where the
      // last stopped, step through the whole sync once and every stream family is interrupted somewhere; the run
      // after the last kill finishes the sync. (Kill points up to half a run apart would read the output ~8 times.)
      const killAfter = kills < 20 ? 1 + Math.floor(random() * ((2 * baselineLines) / 20)) : Infinity;
      const args = [TAP_BIN, '--config', config, ...(state ? ['--state', writeJson(killDir, 'state.json', state)] : [])];
      const child = spawn(process.execPath, args, { env: tapEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let buffered = '';
      let lines = 0;
      let killed = false;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        if (killed) return;
        buffered += chunk;
        let newline: number;
        while (!killed && (newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline);
          buffered = buffered.slice(newline + 1);
          const message = JSON.parse(line) as SingerMessage;
          if (message.type === 'RECORD') {
            received.add(keyOf(message));
            if (message.stream === 'orders') {
              const shop = message.record!.shop_id as string;
              if (!receivedOrders.has(shop)) receivedOrders.set(shop, new Set());
              receivedOrders.get(shop)!.add(message.record!.id as string);
            }
            if (message.stream === 'order_line_item_price_detail') receivedPricedLines.add(message.record!.line_item_id as string);
          }
          if (message.type === 'STATE') {
            checkState(message.value as { bookmarks: Bookmarks });
            state = message.value;
          }
          if (++lines >= killAfter) {
            killed = true;
            child.kill('SIGKILL');
          }
        }
      });
      const result = await collect(child, 120_000);
      if (killed) {
        kills++;
        continue;
      }
      expect(result.code).toBe(0);
      if (kills >= 20) break;
      // A run finished before its kill point: start a fresh sync for the remaining kill points.
      state = undefined;
    }
    expect(kills).toBeGreaterThanOrEqual(20);
    const expected = new Set(baseline.filter((m) => m.type === 'RECORD').map(keyOf));
    const missing = [...expected].filter((key) => !received.has(key));
    expect(missing).toEqual([]);
    expect(attempts).toBeGreaterThan(20);
    // The premise of MULTI_PAGE: a shop's products do not fit in one page.
    expect(SANDBOX.products).toBeGreaterThan(MULTI_PAGE.page_size);
  }, 420_000);

  test('SIGTERM ends the tap before its sync is done, with a clean last STATE from which a resume loses nothing', async () => {
    const termDir = tempDir();
    const slow = await startSandbox({ ...SANDBOX, latencyMs: 20 });
    try {
      const slowConfig = sandboxConfig(slow, termDir, { lookback_window: 0 });
      const child = spawn(process.execPath, [TAP_BIN, '--config', slowConfig], { env: tapEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
      let seenRecords = 0;
      let sent = false;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        seenRecords += chunk.split('"type":"RECORD"').length - 1;
        if (seenRecords > 200 && !sent) {
          sent = true;
          child.kill('SIGTERM');
        }
      });
      const result = await collect(child, 60_000);
      expect(sent).toBe(true);
      expect({ code: result.code, signal: result.signal }).toEqual({ code: null, signal: 'SIGTERM' });
      expect(result.stderr).not.toMatch(/\n\s+at /);
      const messages = parseMessages(result.stdout);
      // The signal ended the run, not the end of the sync (measured in records, not seconds: no clock involved).
      expect(messages.filter((m) => m.type === 'RECORD').length).toBeLessThan(baselineRecords());
      expect(messages.at(-1)!.type).toBe('STATE');
      // The resume only has to finish the sync: no signal, so no reason to wait at the default pace.
      const resumed = await runTap(['--config', briskSandboxConfig(slow, termDir, { lookback_window: 0 }), '--state', writeJson(termDir, 'state.json', messages.at(-1)!.value)]);
      expect(resumed.code).toBe(0);
      const union = new Set([...parseMessages(result.stdout), ...parseMessages(resumed.stdout)].filter((m) => m.type === 'RECORD').map(keyOf));
      const expected = baseline.filter((m) => m.type === 'RECORD').map(keyOf);
      expect(expected.filter((key) => !union.has(key))).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  test('stopped right after its first RECORD, as `meltano config test` does, the tap ends at once and cleanly', async () => {
    const child = spawn(process.execPath, [TAP_BIN, '--config', sandboxConfig(clean, tempDir())], { env: tapEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (!sent && stdout.includes('"type":"RECORD"')) {
        sent = true;
        child.kill('SIGTERM');
      }
    });
    const result = await collect(child, 60_000);
    expect({ code: result.code, signal: result.signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const messages = parseMessages(result.stdout);
    expect(messages.some((m) => m.type === 'RECORD')).toBe(true);
    // "At once" in records, not seconds: the tap stopped with most of the sync still to do.
    expect(messages.filter((m) => m.type === 'RECORD').length).toBeLessThan(baselineRecords() / 2);
    expect(messages.at(-1)!.type).toBe('STATE');
  });

  test('a target that stops reading (closed pipe) ends the tap promptly with a non-zero exit', async () => {
    const pipeDir = tempDir();
    const requestsBefore = clean.stats().requests;
    const child = spawn(process.execPath, [TAP_BIN, '--config', sandboxConfig(clean, pipeDir)], { env: tapEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(5);
    // "Promptly" in requests, not seconds: the tap gave up with most of a full run's requests not made.
    expect(clean.stats().requests - requestsBefore).toBeLessThan(baselineRequests / 2);
    expect(stderr).toContain('stdout was closed');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('every stream of the baseline has records (the scenarios above compare something)', () => {
    for (const stream of STREAM_NAMES) expect([stream, baseline.some((m) => m.type === 'RECORD' && m.stream === stream)]).toEqual([stream, true]);
  });
});
