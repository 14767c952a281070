// Preloaded with `node -r bench/measure.cjs …` into every measured process (the tap, the baselines, `node -e 0`):
// on exit it writes the process's own CPU time (user + system, all threads) and peak RSS to the file named by
// BENCH_USAGE, so a figure is the measured process's alone, not the sandbox's or the harness's. CommonJS, so that
// preloading it costs `node -e 0` no ESM loader it would not otherwise start.
'use strict';
const target = process.env.BENCH_USAGE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    require('node:fs').writeFileSync(target, JSON.stringify({ user_s: usage.userCPUTime / 1e6, system_s: usage.systemCPUTime / 1e6, max_rss_mib: usage.maxRSS / 1024 }));
  });
}
