// What every scenario needs: a sandbox in its own process, configs and catalogs for it, and runs of a node script
// measured from outside the harness (wall clock here, CPU and peak RSS from bench/measure.cjs inside the child).
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, writeFileSync, mkdirSync, createReadStream } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { roundOrder } from './stats.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const tmp = join(root, 'bench', 'tmp');
export const TAP = join(root, 'bin', 'tap-tiktok-shop');
export const BASELINE = join(root, 'bench', 'baseline.mjs');
export const FETCH_FANOUT = join(root, 'bench', 'fetch-fanout.mjs');
const MEASURE = join(root, 'bench', 'measure.cjs');
const SANDBOX = join(root, 'bin', 'tiktok-shop-sandbox');

let serial = 0;
export const tmpFile = (name) => {
  mkdirSync(tmp, { recursive: true });
  return join(tmp, `${name}-${process.pid}-${++serial}`);
};

/** A sandbox process (so its CPU is never the measured process's); `control` calls its unsigned /__sandbox routes. */
export async function startSandbox(flags) {
  const child = spawn(process.execPath, [SANDBOX, '--port', '0', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
  const info = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line)));
    child.once('exit', (code) => reject(new Error(`sandbox ${flags.join(' ')} exited ${code} before it was ready`)));
  });
  const control = async (path, body) => {
    const response = await fetch(`${info.base_url}/__sandbox/${path}`, body ? { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {});
    return (await response.json()).data;
  };
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  return { info, control, stop };
}

/** Starts a sandbox, hands it to `work`, and always stops it. */
export async function withSandbox(flags, work) {
  const sandbox = await startSandbox(flags);
  try {
    return await work(sandbox);
  } finally {
    await sandbox.stop();
  }
}

const { tapConfigFor } = await import(join(root, 'dist', 'src', 'sandbox', 'tap-config.js'));
/** The young generation c48adbe's tap held itself to during a sync (8 MiB); the tap no longer changes it. */
const YOUNG_GENERATION_CAP_BYTES = 8 * 1024 * 1024;

/**
 * Node's flag that starts a client with that young generation: the new space is two semi-spaces, so each gets half
 * the cap.
 */
export const YOUNG_HELD_FLAG = `--max-semi-space-size=${YOUNG_GENERATION_CAP_BYTES / 2 / 1024 / 1024}`;

/**
 * A tap config for the sandbox: credentials and URLs, no client-side rate limit (the scenarios measure the tap, not
 * its limiter), and otherwise the tap's own defaults — tapConfigFor's max_concurrency and platforms are taken out
 * again, so what runs is what a user gets. `extra` sets anything else.
 */
export function writeConfig(info, extra = {}) {
  const config = tapConfigFor(info, { requests_per_second: 0 });
  delete config.max_concurrency;
  delete config.external_order_platforms;
  const path = tmpFile('config.json');
  writeFileSync(path, JSON.stringify({ ...config, ...extra }));
  return path;
}

/** catalog.json with only `streams` selected ('all': every stream). */
export function catalogSelecting(streams) {
  const catalog = JSON.parse(readFileSync(join(root, 'catalog.json'), 'utf8'));
  for (const entry of catalog.streams) {
    entry.metadata.find((m) => m.breadcrumb.length === 0).metadata.selected = streams === 'all' || streams.includes(entry.tap_stream_id);
  }
  const path = tmpFile('catalog.json');
  writeFileSync(path, JSON.stringify(catalog));
  return path;
}

/**
 * Runs `node -r bench/measure.cjs ...args`, stdout to /dev/null (or to `stdoutFile`). Resolves with wall seconds
 * (spawn to exit, seen from here), CPU seconds and peak RSS (the child's own, from measure.cjs) and its stderr; a
 * non-zero exit rejects with the tail of stderr.
 */
export function runMeasured(args, { env = {}, stdoutFile } = {}) {
  const usageFile = tmpFile('usage.json');
  const out = openSync(stdoutFile ?? '/dev/null', 'w');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-r', MEASURE, ...args], { stdio: ['ignore', out, 'pipe'], env: { ...process.env, ...env, BENCH_USAGE: usageFile } });
  closeSync(out);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`${args.map((a) => a.replace(root + '/', '')).join(' ')} exited ${code ?? signal}:\n${stderr.slice(-2000)}`));
      const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
      resolve({ wall_s: wall, cpu_s: usage.user_s + usage.system_s, user_s: usage.user_s, system_s: usage.system_s, rss_mib: usage.max_rss_mib, stderr });
    });
  });
}

/** The tap's settings schema, from `--about --format json` (its defaults: max_concurrency, page_size…). */
export async function tapSettings() {
  const file = tmpFile('about.json');
  await runMeasured([TAP, '--about', '--format', 'json'], { stdoutFile: file });
  return JSON.parse(readFileSync(file, 'utf8')).settings.properties;
}

/** Records per stream in a file of Singer lines, and their bytes (RECORD lines only, newline included). */
export async function countRecords(file) {
  const streams = {};
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    const m = /^\{"type":"RECORD","stream":"([^"]+)"/.exec(line);
    if (!m) continue;
    const s = (streams[m[1]] ??= { records: 0, bytes: 0 });
    s.records++;
    s.bytes += Buffer.byteLength(line) + 1;
  }
  return streams;
}

/** Records from the tap's summary line ("summary: N records in S s; …"). */
export const tapRecords = (stderr) => Number(/summary: (\d+) records in/.exec(stderr)?.[1] ?? NaN);
/** Records from a baseline's last line ("baseline: N records, M requests"). */
export const baselineRecords = (stderr) => Number(/: (\d+) records, \d+ requests/.exec(stderr)?.[1] ?? NaN);
/** Records per stream from the tap's summary ("summary: orders: N records …"). */
export const tapStreamRecords = (stderr) => Object.fromEntries([...stderr.matchAll(/summary: (\w+): (\d+) records/g)].map((m) => [m[1], Number(m[2])]));

/** Fails the scenario when two clients did not write the same records (per stream), naming the difference. */
export function sameCounts(what, a, b) {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const diff = names.filter((n) => (a[n]?.records ?? 0) !== (b[n]?.records ?? 0));
  if (diff.length) throw new Error(`${what}: different records: ${diff.map((n) => `${n} ${a[n]?.records ?? 0} vs ${b[n]?.records ?? 0}`).join(', ')}`);
}

/**
 * Runs every command `rounds` times, interleaved (one run of each per round, in the order of roundOrder), and
 * returns each command's runs by round. `measure(name, args)` runs one; by default runMeasured.
 */
export async function interleave(commands, rounds, measure = (name, args) => runMeasured(args)) {
  const names = Object.keys(commands);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const name of roundOrder(names, i)) runs[name].push(await measure(name, commands[name]));
  }
  return runs;
}
