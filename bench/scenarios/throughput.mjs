// Issue 16, target 1: 20,000 orders of one shop, orders + line items, no rate limit. The tap in its default
// configuration (RFC 3339 times, every column with explicit nulls), the same with time_format "unix" (what the
// conversion costs), bench/baseline.mjs, which writes the API objects as they come, and the same baseline writing
// the tap's default record shape (--shaped: every column, nulls, RFC 3339), to tell the format's cost apart.
// Nine rounds: with five, the median of the per-round CPU ratios moved by about 0.1 from one run to the next on the
// 2-core machine (1.11 in a full run, 0.99 in a run of this scenario alone, same code), more than the margin.
import { compareClients } from '../compare.mjs';
import { BASELINE, TAP, baselineRecords, catalogSelecting, tapRecords, withSandbox, writeConfig, YOUNG_HELD_FLAG } from '../harness.mjs';

export default {
  name: 'throughput',
  rounds: 9,
  async run({ rounds, quick }) {
    const orders = quick ? 5000 : 20000;
    return withSandbox(['--seed', '1', '--shops', '1', '--orders', String(orders), '--products', '10', '--days', '365'], async (sandbox) => {
      const config = writeConfig(sandbox.info);
      const catalog = catalogSelecting(['orders', 'order_line_items']);
      const clients = {
        tap: { args: [TAP, '--config', config, '--catalog', catalog], records: tapRecords },
        tap_unix: { args: [TAP, '--config', writeConfig(sandbox.info, { time_format: 'unix' }), '--catalog', catalog], records: tapRecords },
        baseline: { args: [BASELINE, config], records: baselineRecords },
        baseline_shaped: { args: [BASELINE, config, '--shaped'], records: baselineRecords },
        // Informational: the baseline started with the young generation the tap holds itself to during a sync
        // (src/young-generation.ts; YOUNG_HELD_FLAG), since any Node client could be run that way.
        baseline_young_held: { args: [YOUNG_HELD_FLAG, BASELINE, config], records: baselineRecords },
      };
      return { orders, ...(await compareClients(sandbox, clients, { rounds, baseline: 'baseline', sameRequests: true, pairs: [['tap', 'baseline_shaped'], ['tap', 'baseline_young_held']] })) };
    });
  },
};
