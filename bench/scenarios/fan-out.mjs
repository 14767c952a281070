// Issue 16, target 3: per-order requests. 5,000 orders with their price detail (one request per order), the tap at
// its default max_concurrency against bench/fetch-fanout.mjs at the same concurrency and page size. The check run
// makes sure both sent the same requests per endpoint.
import { compareClients } from '../compare.mjs';
import { FETCH_FANOUT, TAP, baselineRecords, catalogSelecting, tapRecords, tapSettings, withSandbox, writeConfig } from '../harness.mjs';

/** Orders per search page while per-order requests are selected (src/streams/orders.ts FAN_OUT_PAGE_SIZE). */
const FAN_OUT_PAGE_SIZE = 20;

export default {
  name: 'fan_out',
  rounds: 5,
  async run({ rounds, quick }) {
    const orders = quick ? 1000 : 5000;
    const concurrency = (await tapSettings()).max_concurrency.default;
    return withSandbox(['--seed', '2', '--shops', '1', '--orders', String(orders), '--products', '10', '--days', '365'], async (sandbox) => {
      const config = writeConfig(sandbox.info);
      const clients = {
        tap: { args: [TAP, '--config', config, '--catalog', catalogSelecting(['orders', 'order_line_item_price_detail'])], records: tapRecords },
        fetch: { args: [FETCH_FANOUT, config, String(FAN_OUT_PAGE_SIZE), String(concurrency)], records: baselineRecords },
      };
      return { orders, concurrency, page_size: FAN_OUT_PAGE_SIZE, ...(await compareClients(sandbox, clients, { rounds, baseline: 'fetch', sameRequests: true })) };
    });
  },
};
