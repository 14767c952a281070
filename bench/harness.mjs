// What every scenario needs: a sandbox in its own process, configs and catalogs for it, and runs of a node script
// measured from outside the harness (wall clock here, CPU and peak RSS from bench/measure.cjs inside the child).
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const tmp = join(root, 'bench', 'tmp');
export const TAP = join(root, 'bin', 'tap-tiktok-shop');
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

/**
 * A tap config for the sandbox: credentials and URLs, and otherwise the tap's own defaults (pacing, concurrency,
 * platforms), so what runs is what a user gets. `extra` sets anything else.
 */
export function writeConfig(info, extra = {}) {
  const config = tapConfigFor(info);
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
/** Extra node flags for measured runs, e.g. BENCH_NODE_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile. */
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);

export function runMeasured(args, { env = {}, stdoutFile } = {}) {
  const usageFile = tmpFile('usage.json');
  const out = openSync(stdoutFile ?? '/dev/null', 'w');
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-r', MEASURE, ...NODE_FLAGS, ...args], { stdio: ['ignore', out, 'pipe'], env: { ...process.env, ...env, BENCH_USAGE: usageFile } });
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


/** Records from the tap's summary line ("summary: N records in S s; …"). */
export const tapRecords = (stderr) => Number(/summary: (\d+) records in/.exec(stderr)?.[1] ?? NaN);
/** Records from a baseline's last line ("baseline: N records, M requests"). */
export const baselineRecords = (stderr) => Number(/: (\d+) records, \d+ requests/.exec(stderr)?.[1] ?? NaN);
/** Records per stream from the tap's summary ("summary: orders: N records …"). */
export const tapStreamRecords = (stderr) => Object.fromEntries([...stderr.matchAll(/summary: (\w+): (\d+) records/g)].map((m) => [m[1], Number(m[2])]));


