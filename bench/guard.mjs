#!/usr/bin/env node
// The guard: this tree's tap against the tap of commit c48adbe (the last main with the hand-written HTTP client and
// the speed scaffolding), measured in ONE run so that both see the same machine and load. Each scenario starts one
// sandbox from THIS tree (same seed, same data, no rate limit, no latency), runs both built taps against it in
// interleaved rounds, and prints per-round ratios (this tree ÷ c48adbe): their median and range.
//   node bench/guard.mjs [--rounds N] [--only throughput,fan_out,one_order] [--callgrind]
//   --rounds N     rounds per scenario (default 5)
//   --only LIST    scenarios to run (default all three)
//   --callgrind    instructions (valgrind --tool=callgrind) instead of CPU seconds: repeatable on a loaded machine,
//                  ~50× slower, so use it with smaller data (GUARD_ORDERS, GUARD_FANOUT_ORDERS) and one round
//   GUARD_BASE     where c48adbe is unpacked and built (default /tmp/guard-base, outside the repository)
// Needs `npm run build` in this tree first; prepares c48adbe itself (git archive, npm ci, npm run build) once.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const BASE_COMMIT = 'c48adbe';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const baseDir = process.env.GUARD_BASE ?? '/tmp/guard-base';
const scratch = mkdtempSync(join(tmpdir(), 'guard-run-'));

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const rounds = Number(option('--rounds', '5'));
const only = option('--only', 'throughput,fan_out,one_order').split(',');
const callgrind = args.includes('--callgrind');

/**
 * Both taps get the same work: no client-side pacing, the same requests in flight (8, c48adbe's default), their own
 * catalog with the same streams selected. Settings only one of them knows are given to that one alone (c48adbe's
 * settings schema rejects unknown keys).
 */
const TAPS = {
  current: { dir: root, extra: { requests_per_second: 0, endpoint_requests_per_second: 0, max_concurrency: 8, max_concurrency_per_shop: 8 } },
  c48adbe: { dir: baseDir, extra: { requests_per_second: 0, max_concurrency: 8 } },
};

const SCENARIOS = {
  // The old bench's throughput scenario: 20,000 orders of one shop, orders + line items.
  throughput: { sandbox: ['--seed', '1', '--orders', process.env.GUARD_ORDERS ?? '20000', '--products', '10', '--days', '365'], streams: ['orders', 'order_line_items'] },
  // One price-detail request per order; the figure is CPU per request.
  fan_out: { sandbox: ['--seed', '2', '--orders', process.env.GUARD_FANOUT_ORDERS ?? '5000', '--products', '10', '--days', '365'], streams: ['orders', 'order_line_item_price_detail'] },
  // Informational: start-up and one page (schema compilation shows here).
  one_order: { sandbox: ['--seed', '3', '--orders', '1', '--products', '1', '--days', '30'], streams: ['orders', 'order_line_items'] },
};

function sh(cmd, argv, cwd) {
  process.stderr.write(`guard: ${cmd} ${argv.join(' ')} (in ${cwd})\n`);
  execFileSync(cmd, argv, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** c48adbe unpacked outside the repository (no git worktree: nothing is added to the repository's metadata), built once. */
function prepareBase() {
  if (existsSync(join(baseDir, 'dist', 'src', 'bundle', 'cli.cjs')) || existsSync(join(baseDir, 'dist', 'src', 'cli.js'))) return;
  rmSync(baseDir, { recursive: true, force: true });
  mkdirSync(baseDir, { recursive: true });
  execFileSync('sh', ['-c', `git -C "${root}" archive ${BASE_COMMIT} | tar -x -C "${baseDir}"`], { stdio: 'inherit' });
  sh('npm', ['ci', '--no-audit', '--no-fund'], baseDir);
  sh('npm', ['run', 'build'], baseDir);
}

async function startSandbox(flags) {
  const child = spawn(process.execPath, [join(root, 'bin', 'tiktok-shop-sandbox'), '--port', '0', '--shops', '1', '--latency-ms', '0', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`sandbox exited ${code} before it was ready`)));
  });
  const control = async (path, body) => {
    const init = body ? { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {};
    return (await (await fetch(`${info.base_url}/__sandbox/${path}`, init)).json()).data;
  };
  const stop = () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once('exit', resolve), child.kill('SIGTERM'))));
  return { info, control, stop };
}

function writeConfig(info, tap, name) {
  const config = {
    app_key: info.app_key,
    app_secret: info.app_secret,
    access_token: info.access_token,
    refresh_token: info.refresh_token,
    api_base_url: info.base_url,
    auth_base_url: info.auth_base_url,
    start_date: '2020-01-01',
    ...TAPS[tap].extra,
  };
  const path = join(scratch, `${name}-${tap}-config.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

/** The tap's own catalog.json with only `streams` selected. */
function writeCatalog(tap, streams, name) {
  const catalog = JSON.parse(readFileSync(join(TAPS[tap].dir, 'catalog.json'), 'utf8'));
  for (const entry of catalog.streams) entry.metadata.find((m) => m.breadcrumb.length === 0).metadata.selected = streams.includes(entry.tap_stream_id);
  const path = join(scratch, `${name}-${tap}-catalog.json`);
  writeFileSync(path, JSON.stringify(catalog));
  return path;
}

/**
 * One run of a tap, stdout to `stdoutFile` (or /dev/null). CPU (user + sys) and peak RSS come from /usr/bin/time
 * around the node process, so nothing is loaded into the tap to measure it; with --callgrind, instructions instead.
 */
function runTap(tap, config, catalog, stdoutFile) {
  const usage = join(scratch, 'usage.txt');
  const tapArgs = [join(TAPS[tap].dir, 'bin', 'tap-tiktok-shop'), '--config', config, '--catalog', catalog];
  const argv = callgrind
    ? ['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', process.execPath, ...tapArgs]
    : ['/usr/bin/time', '-f', '%U %S %M', '-o', usage, process.execPath, ...tapArgs];
  const out = openSync(stdoutFile ?? '/dev/null', 'w');
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', out, 'pipe'] });
  closeSync(out);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${tap} tap exited ${code}:\n${stderr.slice(-2000)}`));
      if (callgrind) {
        const collected = /Collected : (\d+)/.exec(stderr);
        if (!collected) return reject(new Error(`${tap}: no callgrind total in:\n${stderr.slice(-1000)}`));
        return resolve({ cpu: Number(collected[1]) / 1e9 });
      }
      const [user, sys, rssKb] = readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      resolve({ cpu: user + sys, rss_mib: rssKb / 1024 });
    });
  });
}

/** RECORD lines per stream in a file of Singer messages. */
async function recordsPerStream(file) {
  const counts = {};
  for await (const line of createInterface({ input: (await import('node:fs')).createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    const m = /^\{"type":"RECORD","stream":"([^"]+)"/.exec(line);
    if (m) counts[m[1]] = (counts[m[1]] ?? 0) + 1;
  }
  return counts;
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmt = (v, digits = 3) => (Number.isFinite(v) ? v.toFixed(digits) : String(v));
const ratioSummary = (a, b) => {
  const r = a.map((x, i) => x / b[i]);
  return `${fmt(median(r))} (${fmt(Math.min(...r))}–${fmt(Math.max(...r))})`;
};

async function runScenario(name) {
  const scenario = SCENARIOS[name];
  const sandbox = await startSandbox(scenario.sandbox);
  try {
    const setup = Object.fromEntries(Object.keys(TAPS).map((tap) => [tap, { config: writeConfig(sandbox.info, tap, name), catalog: writeCatalog(tap, scenario.streams, name) }]));
    // A check run of each: the same records per stream; requests counted at the sandbox (per request figures).
    const requests = {};
    const records = {};
    for (const tap of Object.keys(TAPS)) {
      const file = join(scratch, `${name}-${tap}.jsonl`);
      await sandbox.control('stats/reset', {});
      if (!callgrind) await runTap(tap, setup[tap].config, setup[tap].catalog, file);
      else await runTapPlain(tap, setup[tap].config, setup[tap].catalog, file);
      requests[tap] = (await sandbox.control('stats')).requests;
      records[tap] = await recordsPerStream(file);
      rmSync(file, { force: true });
    }
    if (JSON.stringify(records.current) !== JSON.stringify(records.c48adbe)) throw new Error(`${name}: the taps wrote different records: ${JSON.stringify(records)}`);
    const runs = { current: [], c48adbe: [] };
    for (let i = 0; i < rounds; i++) {
      // Alternate which tap goes first, so neither always runs right after the sandbox served the other.
      const order = i % 2 ? ['c48adbe', 'current'] : ['current', 'c48adbe'];
      for (const tap of order) {
        await sandbox.control('stats/reset', {});
        const run = await runTap(tap, setup[tap].config, setup[tap].catalog);
        run.requests = (await sandbox.control('stats')).requests;
        run.ms_per_request = (run.cpu * 1000) / run.requests;
        runs[tap].push(run);
      }
      process.stderr.write(`guard: ${name} round ${i + 1}/${rounds}: current ${fmt(runs.current[i].cpu)} vs c48adbe ${fmt(runs.c48adbe[i].cpu)}${callgrind ? ' G instructions' : ' s CPU'}\n`);
    }
    return { records: records.current, requests, runs };
  } finally {
    await sandbox.stop();
  }
}

/** The check run under --callgrind need not be instrumented. */
function runTapPlain(tap, config, catalog, file) {
  return new Promise((resolve, reject) => {
    const out = openSync(file, 'w');
    const child = spawn(process.execPath, [join(TAPS[tap].dir, 'bin', 'tap-tiktok-shop'), '--config', config, '--catalog', catalog], { stdio: ['ignore', out, 'ignore'] });
    closeSync(out);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${tap} tap exited ${code}`))));
  });
}

if (!existsSync(join(root, 'dist', 'bundle', 'tap-tiktok-shop.mjs'))) {
  process.stderr.write('guard: no built tap in dist/; run "npm run build" first\n');
  process.exit(2);
}
prepareBase();
const unit = callgrind ? 'G instructions' : 'CPU s';
const lines = [
  `${new Date().toISOString()} · ${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores · Node ${process.version} · load ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the start · ${rounds} rounds · ${callgrind ? 'callgrind instructions' : 'CPU = user + sys from /usr/bin/time'}`,
  '',
  '| Scenario | Figure | this tree | c48adbe | ratio, median (range) | limit |',
  '| --- | --- | --- | --- | --- | --- |',
];
try {
  for (const name of only) {
    if (!SCENARIOS[name]) throw new Error(`unknown scenario ${name}; one of ${Object.keys(SCENARIOS).join(', ')}`);
    const { records, requests, runs } = await runScenario(name);
    const cur = runs.current;
    const old = runs.c48adbe;
    const what = `${name} (${Object.entries(records).map(([s, n]) => `${n} ${s}`).join(', ')}; requests ${requests.current} vs ${requests.c48adbe})`;
    const limit = { throughput: '≤ 1.15', fan_out: '—', one_order: 'informational' }[name];
    lines.push(`| ${what} | ${unit} | ${fmt(median(cur.map((r) => r.cpu)))} | ${fmt(median(old.map((r) => r.cpu)))} | ${ratioSummary(cur.map((r) => r.cpu), old.map((r) => r.cpu))} | ${limit} |`);
    if (!callgrind) lines.push(`| ${name} | peak RSS MiB | ${fmt(median(cur.map((r) => r.rss_mib)), 1)} | ${fmt(median(old.map((r) => r.rss_mib)), 1)} | ${ratioSummary(cur.map((r) => r.rss_mib), old.map((r) => r.rss_mib))} | ${name === 'throughput' ? '≤ 1.15' : 'informational'} |`);
    if (name === 'fan_out') {
      const per = (r) => r.ms_per_request;
      lines.push(`| ${name} | ${callgrind ? 'M instructions' : 'CPU ms'} per request | ${fmt(median(cur.map(per)))} | ${fmt(median(old.map(per)))} | ${ratioSummary(cur.map(per), old.map(per))} | ≤ 1.5 |`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
lines.push('', `load ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
process.stdout.write(`${lines.join('\n')}\n`);
