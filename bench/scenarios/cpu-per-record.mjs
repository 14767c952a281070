// Information only: CPU per record of orders + price detail, the tap (unpaced, no latency) beside a raw client on
// Node's own fetch that makes the same requests (bench/fetch-fanout.mjs). It says what the tap's validation, state,
// retries and metrics cost per record; the rate limit, not the CPU, bounds a real backfill.
import { FETCH_FANOUT, TAP, baselineRecords, catalogSelecting, runMeasured, tapRecords, withSandbox, writeConfig } from '../harness.mjs';
import { round } from '../stats.mjs';

/** Orders per search page while per-order requests are selected (src/streams/orders.ts FAN_OUT_PAGE_SIZE). */
const FAN_OUT_PAGE_SIZE = 20;
const CONCURRENCY = 32;

export default {
  name: 'cpu_per_record',
  async run({ quick }) {
    const orders = quick ? 300 : 2000;
    return withSandbox(['--seed', '2', '--shops', '1', '--orders', String(orders), '--products', '5', '--days', '365'], async (sandbox) => {
      const config = writeConfig(sandbox.info, { endpoint_requests_per_second: 0, max_concurrency_per_shop: CONCURRENCY });
      const tap = await runMeasured([TAP, '--config', config, '--catalog', catalogSelecting(['orders', 'order_line_item_price_detail'])]);
      const raw = await runMeasured([FETCH_FANOUT, config, String(FAN_OUT_PAGE_SIZE), String(CONCURRENCY)]);
      const perRecord = (run, records) => ({ records, cpu_s: round(run.cpu_s, 2), wall_s: round(run.wall_s, 2), cpu_ms_per_record: round((run.cpu_s * 1000) / records, 3) });
      const clients = { tap: perRecord(tap, tapRecords(tap.stderr)), raw: perRecord(raw, baselineRecords(raw.stderr)) };
      return { orders, concurrency: CONCURRENCY, clients, tap_over_raw: round(clients.tap.cpu_ms_per_record / clients.raw.cpu_ms_per_record, 2) };
    });
  },
};
