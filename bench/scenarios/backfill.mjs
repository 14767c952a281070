// What a user feels: a backfill of orders with their price detail and external references (one platform), 2 shops,
// 150 ms per reply, against a sandbox enforcing a limit per endpoint and shop. The bound is what that limit allows:
// the busiest endpoint's requests per shop over the rate. The tap runs at its default settings. Start-up (process
// start to the first request the sandbox sees: Node, modules, config, catalog) is reported apart, as the targets
// allow it on top of the bound.
import { TAP, catalogSelecting, runMeasured, withSandbox, writeConfig } from '../harness.mjs';
import { round } from '../stats.mjs';

const SHOPS = 2;
const LATENCY_MS = 150;
const STREAMS = ['orders', 'order_line_item_price_detail', 'external_orders', 'external_order_line_items'];

/** One backfill of `orders` per shop against `--endpoint-rate-limit limit`. */
export async function backfill({ orders, limit, settings = {}, keepStderr = false }) {
  const flags = ['--seed', '4', '--shops', String(SHOPS), '--orders', String(orders), '--products', '5', '--latency-ms', String(LATENCY_MS), '--endpoint-rate-limit', String(limit)];
  return withSandbox(flags, async (sandbox) => {
    const config = writeConfig(sandbox.info, { external_order_platforms: ['SHOPIFY'], ...settings });
    const started = Date.now();
    let firstRequestAt;
    const poller = setInterval(async () => {
      if (firstRequestAt === undefined && (await sandbox.control('stats')).requests > 0) firstRequestAt ??= Date.now();
    }, 50);
    let run;
    try {
      run = await runMeasured([TAP, ...(process.env.BENCH_TAP_DEBUG ? ['--log-level', 'debug'] : []), '--config', config, '--catalog', catalogSelecting(STREAMS)]);
    } finally {
      clearInterval(poller);
    }
    const stats = await sandbox.control('stats');
    // Shops are generated alike (the same number of orders, one reference request per order), so per shop is total / shops.
    const [busiest, busiestRequests] = Object.entries(stats.by_endpoint).sort((a, b) => b[1] - a[1])[0];
    const bound = busiestRequests / SHOPS / limit;
    const startup = ((firstRequestAt ?? started) - started) / 1000;
    return {
      shops: SHOPS,
      orders_per_shop: orders,
      latency_ms: LATENCY_MS,
      endpoint_limit: limit,
      busiest_endpoint: busiest,
      bound_s: round(bound, 2),
      wall_s: round(run.wall_s, 2),
      startup_s: round(startup, 2),
      ratio: round((run.wall_s - startup) / bound, 3),
      requests: stats.requests,
      throttled: stats.throttled,
      throttled_share: round(stats.throttled / stats.requests, 4),
      cpu_s: round(run.cpu_s, 2),
      ...(keepStderr ? { stderr: run.stderr } : {}),
    };
  });
}

export const backfillAtDocumentedLimit = {
  name: 'backfill_50',
  async run({ quick }) {
    return backfill({ orders: quick ? 100 : 400, limit: 50 });
  },
};

export const backfillLimitedHarder = {
  name: 'backfill_10',
  async run({ quick }) {
    return backfill({ orders: quick ? 50 : 400, limit: 10 });
  },
};
