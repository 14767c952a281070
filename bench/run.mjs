#!/usr/bin/env node
// `npm run bench`: the benchmarks of issue 8, never part of the test run. Starts the sandbox in its own process,
// runs the built tap against it, and writes bench/results.json and bench/RESULTS.md (machine, Node version,
// every scenario's figures and the medians of several runs). BENCH_QUICK=1 runs each scenario once, smaller.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = join(root, 'bench', 'tmp');
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });
const quick = process.env.BENCH_QUICK === '1';
const RUNS = quick ? 1 : 3;
const TAP = join(root, 'bin', 'tap-tiktok-shop');
const MEASURE = join(root, 'bench', 'measure.mjs');

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

async function startSandbox(flags) {
  const child = spawn(process.execPath, [join(root, 'bin', 'tiktok-shop-sandbox'), '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
  });
  const control = async (path, body) => {
    const response = await fetch(`${info.base_url}/__sandbox/${path}`, body ? { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {});
    return (await response.json()).data;
  };
  return { info, control, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) };
}

const { tapConfigFor } = await import(join(root, 'dist', 'src', 'sandbox', 'tap-config.js'));

function writeConfig(info, extra = {}) {
  const path = join(tmp, `config-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(tapConfigFor(info, { progress_interval: 0, emit_metrics: false, external_order_platforms: ['SHOPIFY'], ...extra })));
  return path;
}

function catalogSelecting(streams) {
  const catalog = JSON.parse(readFileSync(join(root, 'catalog.json'), 'utf8'));
  for (const entry of catalog.streams) {
    entry.metadata.find((m) => m.breadcrumb.length === 0).metadata.selected = streams === 'all' || streams.includes(entry.tap_stream_id);
  }
  const path = join(tmp, `catalog-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(catalog));
  return path;
}

/** Runs a node script with stdout to /dev/null; returns wall seconds, CPU seconds, peak RSS and stderr. */
function runMeasured(args, env = {}) {
  const usageFile = join(tmp, `usage-${Math.random().toString(36).slice(2)}.json`);
  const devnull = openSync('/dev/null', 'w');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['--import', MEASURE, ...args], { stdio: ['ignore', devnull, 'pipe'], env: { ...process.env, BENCH_USAGE: usageFile, ...env } });
  closeSync(devnull);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited ${code}:\n${stderr.slice(-2000)}`));
      const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
      resolve({ wall_s: wall, cpu_s: usage.user_s + usage.system_s, max_rss_mib: usage.max_rss_mib, stderr });
    });
  });
}

const recordsFromSummary = (stderr) => Number(/summary: (\d+) records in/.exec(stderr)?.[1] ?? NaN);
const syncSecondsFromSummary = (stderr) => Number(/summary: \d+ records in ([\d.]+) s/.exec(stderr)?.[1] ?? NaN);

async function throughput() {
  const orders = quick ? 5000 : 20000;
  const sandbox = await startSandbox(['--seed', '1', '--shops', '1', '--orders', String(orders), '--products', '10', '--days', '365']);
  try {
    const config = writeConfig(sandbox.info);
    const catalog = catalogSelecting(['orders', 'order_line_items']);
    const [shop] = (await sandbox.control('stats')) && JSON.parse(readFileSync(config, 'utf8')) && [await shopCipher(sandbox)];
    const tap = [];
    const base = [];
    for (let i = 0; i < RUNS; i++) {
      const t = await runMeasured([TAP, '--config', config, '--catalog', catalog]);
      const records = recordsFromSummary(t.stderr);
      tap.push({ ...t, records, records_per_s: records / t.wall_s, sync_records_per_s: records / syncSecondsFromSummary(t.stderr) });
      const b = await runMeasured([join(root, 'bench', 'baseline.mjs'), config, shop]);
      const baseRecords = Number(/baseline: (\d+) records/.exec(b.stderr)[1]);
      base.push({ ...b, records: baseRecords, records_per_s: baseRecords / b.wall_s });
    }
    const tapRate = median(tap.map((r) => r.records_per_s));
    const baseRate = median(base.map((r) => r.records_per_s));
    return {
      orders,
      records: tap[0].records,
      tap: { records_per_s: round(tapRate, 0), records_per_s_after_startup: round(median(tap.map((r) => r.sync_records_per_s)), 0), cpu_s: round(median(tap.map((r) => r.cpu_s))), wall_s: round(median(tap.map((r) => r.wall_s))), peak_rss_mib: round(median(tap.map((r) => r.max_rss_mib)), 1) },
      baseline: { records_per_s: round(baseRate, 0), cpu_s: round(median(base.map((r) => r.cpu_s))), wall_s: round(median(base.map((r) => r.wall_s))), peak_rss_mib: round(median(base.map((r) => r.max_rss_mib)), 1) },
      tap_over_baseline: round(tapRate / baseRate),
      runs: { tap: tap.map((r) => round(r.records_per_s, 0)), baseline: base.map((r) => round(r.records_per_s, 0)) },
    };
  } finally {
    await sandbox.stop();
  }
}

async function shopCipher(sandbox) {
  // The baseline needs the shop's cipher; ask the tap's own --discover-free path: the shops stream.
  const config = writeConfig(sandbox.info);
  const catalog = catalogSelecting(['shops']);
  const out = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [TAP, '--config', config, '--catalog', catalog], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (text += c));
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error('shops sync failed'))));
  });
  const record = out.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((m) => m.type === 'RECORD');
  return record.record.cipher;
}

/** Records per stream, from the tap's summary lines ("summary: orders: N records ..."). */
const streamRecordsFromSummary = (stderr) => Object.fromEntries([...stderr.matchAll(/summary: (\w+): (\d+) records/g)].map((m) => [m[1], Number(m[2])]));

async function allStreams() {
  const orders = quick ? 5000 : 20000;
  const sandbox = await startSandbox(['--seed', '1', '--shops', '1', '--orders', String(orders), '--products', '500', '--days', '365']);
  try {
    // Every stream and every request the tap can make, Get Package Detail included.
    const config = writeConfig(sandbox.info, { package_detail: true });
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      await sandbox.control('stats/reset', {});
      const t = await runMeasured([TAP, '--config', config]);
      const stats = await sandbox.control('stats');
      const records = recordsFromSummary(t.stderr);
      const streams = streamRecordsFromSummary(t.stderr);
      for (const stream of ['orders', 'returns', 'cancellations', 'cancellation_line_items', 'packages', 'products']) {
        if (!(streams[stream] > 0)) throw new Error(`all_streams: no ${stream} records in the summary:\n${t.stderr.slice(-2000)}`);
      }
      runs.push({ records, streams, requests: stats.requests, records_per_s: records / t.wall_s, requests_per_s: stats.requests / t.wall_s, cpu_s: t.cpu_s, wall_s: t.wall_s, rss: t.max_rss_mib });
    }
    return {
      orders,
      records: runs[0].records,
      records_per_stream: runs[0].streams,
      requests: runs[0].requests,
      records_per_s: round(median(runs.map((r) => r.records_per_s)), 0),
      requests_per_s: round(median(runs.map((r) => r.requests_per_s)), 0),
      cpu_s: round(median(runs.map((r) => r.cpu_s))),
      wall_s: round(median(runs.map((r) => r.wall_s))),
      peak_rss_mib: round(median(runs.map((r) => r.rss)), 1),
    };
  } finally {
    await sandbox.stop();
  }
}

async function fanOut() {
  const limit = 20;
  const orders = quick ? 150 : 400;
  const runs = [];
  for (let i = 0; i < (quick ? 1 : 2); i++) {
    const sandbox = await startSandbox(['--seed', String(3 + i), '--shops', '2', '--orders', String(orders), '--products', '5', '--latency-ms', '50', '--rate-limit', String(limit)]);
    try {
      const config = writeConfig(sandbox.info, { requests_per_second: limit, max_concurrency: 16 });
      const catalog = catalogSelecting(['orders', 'order_line_item_price_detail', 'external_orders', 'external_order_line_items']);
      const samples = [];
      const started = Date.now();
      const poller = setInterval(async () => {
        const stats = await sandbox.control('stats');
        samples.push({ t: (Date.now() - started) / 1000, requests: stats.requests, throttled: stats.throttled });
      }, 1000);
      const t = await runMeasured([TAP, '--config', config, '--catalog', catalog]);
      clearInterval(poller);
      const final = await sandbox.control('stats');
      // From the first sample at or after 10 s to the last full second before the tap finished.
      const warm = samples.filter((s) => s.t >= 10 && s.t <= t.wall_s - 1);
      const first = warm[0];
      const last = warm.at(-1);
      const seconds = last.t - first.t;
      const requests = last.requests - first.requests;
      const throttled = last.throttled - first.throttled;
      runs.push({
        wall_s: t.wall_s,
        requests: final.requests,
        throttled_total: final.throttled,
        warm_rate_share: requests / seconds / (limit * 2),
        warm_throttled_share: throttled / Math.max(1, requests),
        overall_rate_share: final.requests / t.wall_s / (limit * 2),
      });
    } finally {
      await sandbox.stop();
    }
  }
  return {
    shops: 2,
    orders_per_shop: orders,
    latency_ms: 50,
    limit_per_shop: limit,
    warm_rate_share: round(median(runs.map((r) => r.warm_rate_share)), 3),
    warm_throttled_share: round(median(runs.map((r) => r.warm_throttled_share)), 4),
    overall_rate_share: round(median(runs.map((r) => r.overall_rate_share)), 3),
    requests: runs[0].requests,
    wall_s: round(median(runs.map((r) => r.wall_s)), 1),
  };
}

async function memory() {
  const sizes = quick ? [2000, 20000] : [10000, 100000];
  const result = {};
  for (const orders of sizes) {
    const sandbox = await startSandbox(['--seed', '5', '--shops', '1', '--orders', String(orders), '--products', '200', '--days', '365']);
    try {
      const config = writeConfig(sandbox.info);
      const t = await runMeasured([TAP, '--config', config]);
      result[orders] = { peak_rss_mib: round(t.max_rss_mib, 1), records: recordsFromSummary(t.stderr), wall_s: round(t.wall_s, 1) };
      if (orders === sizes.at(-1)) {
        // The same run with V8's old space capped (see NOTES.md): what a user gets with NODE_OPTIONS.
        const capped = await runMeasured([TAP, '--config', config], { NODE_OPTIONS: '--max-old-space-size=128' });
        result[`${orders}_node_options_max_old_space_128`] = { peak_rss_mib: round(capped.max_rss_mib, 1), records: recordsFromSummary(capped.stderr), wall_s: round(capped.wall_s, 1) };
      }
    } finally {
      await sandbox.stop();
    }
  }
  const [small, large] = sizes;
  return { per_size: result, ratio: round(result[large].peak_rss_mib / result[small].peak_rss_mib), capped_key: `${large}_node_options_max_old_space_128` };
}

async function startup() {
  const measure = async (args) => {
    const walls = [];
    for (let i = 0; i < 7; i++) walls.push((await runMeasured([TAP, ...args])).wall_s);
    return round(median(walls), 3);
  };
  return { about_s: await measure(['--about', '--format', 'json']), discover_s: await measure(['--discover']) };
}

const results = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memory_gib: round(totalmem() / 2 ** 30, 1) },
  node: process.version,
  runs_per_scenario: RUNS,
  quick,
  scenarios: {},
};
const scenarios = [['startup', startup], ['throughput', throughput], ['all_streams', allStreams], ['fan_out', fanOut], ['memory', memory]];
// `node bench/run.mjs NAME` re-runs one scenario and keeps the others' figures from the last full run.
const only = process.argv[2];
if (only) {
  if (!scenarios.some(([name]) => name === only)) throw new Error(`unknown scenario ${only}; one of ${scenarios.map(([n]) => n).join(', ')}`);
  try {
    results.scenarios = JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8')).scenarios ?? {};
  } catch {
    // no earlier results: this run's scenario alone
  }
}
for (const [name, run] of scenarios) {
  if (only && only !== name) continue;
  process.stderr.write(`bench: ${name}…\n`);
  results.scenarios[name] = await run();
  process.stderr.write(`bench: ${name}: ${JSON.stringify(results.scenarios[name])}\n`);
}
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
const { renderResults } = await import('./render.mjs');
writeFileSync(join(root, 'bench', 'RESULTS.md'), renderResults(results, readFileSync(join(root, 'bench', 'NOTES.md'), 'utf8')));
rmSync(tmp, { recursive: true, force: true });
process.stderr.write('bench: wrote bench/results.json and bench/RESULTS.md\n');
