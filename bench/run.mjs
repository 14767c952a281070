#!/usr/bin/env node
// `npm run bench`: the benchmarks of issue 16 (and informational lines from issue 8), never part of the test run.
// Each scenario starts its own sandbox, runs the built tap and a yardstick client against it in interleaved rounds,
// and reports ratios to the yardstick; figures go to bench/results.json and the generated part of bench/RESULTS.md.
//   node bench/run.mjs                   every scenario (what `npm run bench` runs after building)
//   node bench/run.mjs NAME [NAME…]      only these; the others keep their figures from bench/results.json
//   --rounds N                           rounds of every scenario run (default: each scenario's own)
//   BENCH_QUICK=1                        smaller data and one round: a check that the bench works, not figures
import { readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { root, tmp } from './harness.mjs';
import { selfCheck } from './sign.mjs';
import { round } from './stats.mjs';
import { renderResults } from './render.mjs';
import { judge } from './targets.mjs';
import throughput from './scenarios/throughput.mjs';
import oneOrder from './scenarios/one-order.mjs';
import fanOut from './scenarios/fan-out.mjs';
import memory from './scenarios/memory.mjs';
import startup from './scenarios/startup.mjs';
import allStreams from './scenarios/all-streams.mjs';
import rateLimited from './scenarios/rate-limited.mjs';

const SCENARIOS = [startup, oneOrder, throughput, fanOut, memory, allStreams, rateLimited];
const RESULTS_JSON = join(root, 'bench', 'results.json');
const RESULTS_MD = join(root, 'bench', 'RESULTS.md');

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const roundsOverride = roundsAt >= 0 ? Number(args.splice(roundsAt, 2)[1]) : undefined;
if (roundsOverride !== undefined && !(Number.isInteger(roundsOverride) && roundsOverride >= 1)) throw new Error('--rounds takes a whole number ≥ 1');
const unknown = args.filter((name) => !SCENARIOS.some((s) => s.name === name));
if (unknown.length) {
  process.stderr.write(`bench: unknown scenario ${unknown.join(', ')}; one of ${SCENARIOS.map((s) => s.name).join(', ')}\n`);
  process.exit(2);
}
if (!existsSync(join(root, 'dist', 'src', 'cli.js'))) {
  process.stderr.write('bench: no built tap in dist/; run "npm run build" first (npm run bench does)\n');
  process.exit(2);
}
selfCheck();

const quick = process.env.BENCH_QUICK === '1';

/**
 * The x86 family and model from /proc/cpuinfo. A VM's model name ("AMD EPYC") was the same on two hosts whose
 * 20,000-order CPU ratios differed by 0.37 (RESULTS.md, fourth run): runs compare only when this is printed too.
 */
function cpuIdentity() {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const family = /^cpu family\s*:\s*(\d+)/m.exec(info)?.[1];
    const model = /^model\s*:\s*(\d+)/m.exec(info)?.[1];
    return family && model ? `family ${family} model ${model}` : undefined;
  } catch {
    return undefined; // not Linux: the model name alone
  }
}
const started = Date.now();
const results = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cpu_id: cpuIdentity(), cores: cpus().length, memory_gib: round(totalmem() / 2 ** 30, 1) },
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
    const rounds = roundsOverride ?? (quick ? Math.min(scenario.rounds, scenario.name === 'startup' ? 5 : 1) : scenario.rounds);
    const at = Date.now();
    process.stderr.write(`bench: ${scenario.name} (${rounds} round(s))…\n`);
    results.scenarios[scenario.name] = { measured_at: new Date().toISOString(), quick, ...(await scenario.run({ rounds, quick })) };
    process.stderr.write(`bench: ${scenario.name} took ${round((Date.now() - at) / 1000, 1)} s\n`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
results.load.end = loadavg().map((l) => round(l, 2)).join(' ');
results.duration_s = round((Date.now() - started) / 1000, 1);
writeFileSync(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(RESULTS_MD, renderResults(results, existsSync(RESULTS_MD) ? readFileSync(RESULTS_MD, 'utf8') : undefined));
for (const v of judge(results.scenarios)) process.stderr.write(`bench: ${v.met ? 'met   ' : 'MISSED'} ${v.label}: ${v.ratio.median} (${v.op} ${v.limit})\n`);
process.stderr.write(`bench: wrote bench/results.json and bench/RESULTS.md in ${round(results.duration_s / 60, 1)} min\n`);
