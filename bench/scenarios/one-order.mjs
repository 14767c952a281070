// Issue 16, target 2: the fixed cost. A sync of a shop with one order (orders + line items) against the baseline,
// which pays Node's start, one Get Authorized Shops and one search, as the tap does.
import { compareClients } from '../compare.mjs';
import { BASELINE, TAP, baselineRecords, catalogSelecting, tapRecords, withSandbox, writeConfig } from '../harness.mjs';

export default {
  name: 'one_order',
  rounds: 11,
  async run({ rounds }) {
    return withSandbox(['--seed', '1', '--shops', '1', '--orders', '1', '--products', '5', '--days', '30'], async (sandbox) => {
      const config = writeConfig(sandbox.info);
      const clients = {
        tap: { args: [TAP, '--config', config, '--catalog', catalogSelecting(['orders', 'order_line_items'])], records: tapRecords },
        baseline: { args: [BASELINE, config], records: baselineRecords },
      };
      return { orders: 1, ...(await compareClients(sandbox, clients, { rounds, baseline: 'baseline', sameRequests: true })) };
    });
  },
};
