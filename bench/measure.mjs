// Preloaded with `node --import ./bench/measure.mjs …`: on exit, writes the process's CPU time and peak RSS to
// the file named by BENCH_USAGE, so the benchmark measures the tap alone, not the sandbox or itself.
import { writeFileSync } from 'node:fs';

const target = process.env.BENCH_USAGE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      target,
      JSON.stringify({ user_s: usage.userCPUTime / 1e6, system_s: usage.systemCPUTime / 1e6, max_rss_mib: usage.maxRSS / 1024 }),
    );
  });
}
