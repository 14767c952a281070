// Informational: every stream and every request the tap can make (Get Package Detail included), the tap alone.
import { TAP, runMeasured, tapRecords, tapStreamRecords, withSandbox, writeConfig } from '../harness.mjs';
import { summary } from '../stats.mjs';

const MUST_HAVE = [
  'orders',
  'order_line_item_price_detail',
  'external_orders',
  'returns',
  'cancellations',
  'cancellation_line_items',
  'packages',
  'products',
  'statements',
  'statement_transactions',
  'payments',
  'withdrawals',
];

export default {
  name: 'all_streams',
  rounds: 3,
  async run({ rounds, quick }) {
    const orders = quick ? 1000 : 5000;
    return withSandbox(['--seed', '1', '--shops', '1', '--orders', String(orders), '--products', '500', '--days', '365'], async (sandbox) => {
      const config = writeConfig(sandbox.info, { package_detail: true });
      const runs = [];
      for (let i = 0; i < rounds; i++) {
        await sandbox.control('stats/reset', {});
        const run = await runMeasured([TAP, '--config', config]);
        const requests = (await sandbox.control('stats')).requests;
        const streams = tapStreamRecords(run.stderr);
        const missing = MUST_HAVE.filter((stream) => !(streams[stream] > 0));
        if (missing.length) throw new Error(`all_streams: no ${missing.join(', ')} records in the summary:\n${run.stderr.slice(-2000)}`);
        const records = tapRecords(run.stderr);
        runs.push({ ...run, streams, records, requests, records_per_s: records / run.wall_s, requests_per_s: requests / run.wall_s, cpu_ms_per_request: (run.cpu_s * 1000) / requests });
      }
      return {
        orders,
        rounds,
        records: runs[0].records,
        records_per_stream: runs[0].streams,
        requests: runs[0].requests,
        records_per_s: summary(runs.map((r) => r.records_per_s), 0),
        requests_per_s: summary(runs.map((r) => r.requests_per_s), 0),
        cpu_s: summary(runs.map((r) => r.cpu_s), 2),
        wall_s: summary(runs.map((r) => r.wall_s), 2),
        rss_mib: summary(runs.map((r) => r.rss_mib), 1),
        cpu_ms_per_request: summary(runs.map((r) => r.cpu_ms_per_request), 3),
      };
    });
  },
};
