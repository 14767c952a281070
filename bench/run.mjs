#!/usr/bin/env node
// `npm run bench`: what a user feels, never part of the test run. Backfills of orders + price detail + external
// references against the sandbox's per-endpoint limit (wall time as a ratio to the bound the limit sets, and the
// share throttled), and CPU per record beside a raw client (information only). Figures go to bench/results.json and
// the generated part of bench/RESULTS.md.
//   node bench/run.mjs                   every scenario (what `npm run bench` runs after building)
//   node bench/run.mjs NAME [NAME…]      only these; the others keep their figures from bench/results.json
//   BENCH_QUICK=1                        smaller data: a check that the bench works, not figures
import { readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { root, tmp } from './harness.mjs';
import { selfCheck } from './sign.mjs';
import { round } from './stats.mjs';
import { renderResults } from './render.mjs';
import { judge } from './targets.mjs';
import { backfillAtDocumentedLimit, backfillLimitedHarder } from './scenarios/backfill.mjs';
import cpuPerRecord from './scenarios/cpu-per-record.mjs';

const SCENARIOS = [backfillAtDocumentedLimit, backfillLimitedHarder, cpuPerRecord];
const RESULTS_JSON = join(root, 'bench', 'results.json');
const RESULTS_MD = join(root, 'bench', 'RESULTS.md');

const args = process.argv.slice(2);
const unknown = args.filter((name) => !SCENARIOS.some((s) => s.name === name));
if (unknown.length) {
  process.stderr.write(`bench: unknown scenario ${unknown.join(', ')}; one of ${SCENARIOS.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'bundle', 'tap-tiktok-shop.mjs'))) {
  process.stderr.write('bench: no built tap in dist/; run "npm run build" first (npm run bench does)\n');
  process.exit(2);
}
selfCheck();

const quick = process.env.BENCH_QUICK === '1';

const started = Date.now();
const results = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memory_gib: round(totalmem() / 2 ** 30, 1) },
  node: process.version,
  load: { start: loadavg().map((l) => round(l, 2)).join(' ') },
  scenarios: {},
};
if (args.length) {
  try {
    // Figures of an older harness (no measured_at) are dropped rather than shown beside these.
    const earlier = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')).scenarios ?? {};
    results.scenarios = Object.fromEntries(Object.entries(earlier).filter(([name, s]) => s.measured_at && SCENARIOS.some((x) => x.name === name)));
  } catch {
    // no earlier figures: this run's scenarios alone
  }
}
try {
  for (const scenario of SCENARIOS) {
    if (args.length && !args.includes(scenario.name)) continue;
    const at = Date.now();
    process.stderr.write(`bench: ${scenario.name}…\n`);
    results.scenarios[scenario.name] = { measured_at: new Date().toISOString(), quick, ...(await scenario.run({ quick })) };
    process.stderr.write(`bench: ${scenario.name} took ${round((Date.now() - at) / 1000, 1)} s\n`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
results.load.end = loadavg().map((l) => round(l, 2)).join(' ');
results.duration_s = round((Date.now() - started) / 1000, 1);
writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(RESULTS_MD, renderResults(results, existsSync(RESULTS_MD) ? readFileSync(RESULTS_MD, 'utf8') : undefined));
for (const v of judge(results.scenarios)) process.stderr.write(`bench: ${v.met ? 'met   ' : 'MISSED'} ${v.label}: ${v.value} (${v.op} ${v.limit}; ${v.figures})\n`);
const cpu = results.scenarios.cpu_per_record;
if (cpu) process.stderr.write(`bench: info   CPU per record: tap ${cpu.clients.tap.cpu_ms_per_record} ms, raw client ${cpu.clients.raw.cpu_ms_per_record} ms\n`);
process.stderr.write(`bench: wrote bench/results.json and bench/RESULTS.md in ${round(results.duration_s / 60, 1)} min\n`);
