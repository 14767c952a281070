// Issue 16, target 4: peak RSS stays flat with the size of the backfill and close to the baseline's. Orders + line
// items at 10,000 and 100,000 orders, tap and baseline interleaved at each size. The check run is left out at
// 100,000 (it would write some 400 MB per client); record counts are still compared run by run. The baseline also
// runs with the young generation the tap holds itself to, for comparison.
import { compareClients } from '../compare.mjs';
import { BASELINE, TAP, baselineRecords, catalogSelecting, tapRecords, withSandbox, writeConfig, YOUNG_HELD_FLAG } from '../harness.mjs';
import { round } from '../stats.mjs';

export default {
  name: 'memory',
  rounds: 5,
  async run({ rounds, quick }) {
    const sizes = quick ? [2000, 20000] : [10000, 100000];
    const per_size = {};
    for (const orders of sizes) {
      per_size[orders] = await withSandbox(['--seed', '5', '--shops', '1', '--orders', String(orders), '--products', '200', '--days', '365'], async (sandbox) => {
        const config = writeConfig(sandbox.info);
        const clients = {
          tap: { args: [TAP, '--config', config, '--catalog', catalogSelecting(['orders', 'order_line_items'])], records: tapRecords },
          baseline: { args: [BASELINE, config], records: baselineRecords },
          // Informational: the tap holds V8's young generation at 8 MiB during a sync (src/young-generation.ts);
          // any Node client can be started that way (YOUNG_HELD_FLAG), so the gain is shown apart.
          baseline_young_held: { args: [YOUNG_HELD_FLAG, BASELINE, config], records: baselineRecords },
        };
        return compareClients(sandbox, clients, { rounds, baseline: 'baseline', check: orders === sizes[0], sameRequests: orders === sizes[0], pairs: [['tap', 'baseline_young_held']] });
      });
    }
    const [small, large] = sizes;
    return {
      small,
      large,
      per_size,
      tap_large_over_small: round(per_size[large].clients.tap.rss_mib.median / per_size[small].clients.tap.rss_mib.median, 3),
      baseline_large_over_small: round(per_size[large].clients.baseline.rss_mib.median / per_size[small].clients.baseline.rss_mib.median, 3),
    };
  },
};
