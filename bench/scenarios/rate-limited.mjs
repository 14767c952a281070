// Informational (issue 8's targets): per-order requests against a rate limit, 2 shops × 20 requests/s, 50 ms
// latency. How much of the allowed rate the tap uses once warm (after 10 s) and how much of it is throttled.
import { TAP, catalogSelecting, runMeasured, withSandbox, writeConfig } from '../harness.mjs';
import { round } from '../stats.mjs';

const LIMIT = 20;
const SHOPS = 2;

export default {
  name: 'rate_limited',
  rounds: 1,
  async run({ quick }) {
    const orders = quick ? 120 : 200;
    return withSandbox(['--seed', '3', '--shops', String(SHOPS), '--orders', String(orders), '--products', '5', '--latency-ms', '50', '--rate-limit', String(LIMIT)], async (sandbox) => {
      const config = writeConfig(sandbox.info, { requests_per_second: LIMIT });
      const catalog = catalogSelecting(['orders', 'order_line_item_price_detail', 'external_orders', 'external_order_line_items']);
      const samples = [];
      const started = Date.now();
      const poller = setInterval(async () => {
        const stats = await sandbox.control('stats');
        samples.push({ t: (Date.now() - started) / 1000, requests: stats.requests, throttled: stats.throttled });
      }, 1000);
      let run;
      try {
        run = await runMeasured([TAP, '--config', config, '--catalog', catalog]);
      } finally {
        clearInterval(poller);
      }
      const final = await sandbox.control('stats');
      // From the first sample at or after 10 s to the last full second before the tap finished.
      const warm = samples.filter((s) => s.t >= 10 && s.t <= run.wall_s - 1);
      const first = warm[0];
      const last = warm.at(-1);
      const requests = last && first ? last.requests - first.requests : NaN;
      return {
        shops: SHOPS,
        orders_per_shop: orders,
        latency_ms: 50,
        limit_per_shop: LIMIT,
        requests: final.requests,
        throttled: final.throttled,
        wall_s: round(run.wall_s, 1),
        warm_rate_share: round(requests / (last?.t - first?.t) / (LIMIT * SHOPS), 3),
        warm_throttled_share: round((last?.throttled - first?.throttled) / Math.max(1, requests), 4),
        overall_rate_share: round(final.requests / run.wall_s / (LIMIT * SHOPS), 3),
      };
    });
  },
};
