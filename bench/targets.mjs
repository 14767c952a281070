// The targets of issue 16, as ratios measured in the same run (medians of paired rounds). Each names the scenario it
// reads, the ratio (a summary: median, min, max over rounds), the limit, and the two absolute figures behind it.

const num = (value, digits = 2) => (Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : String(value));

export const TARGETS = [
  {
    scenario: 'throughput',
    label: (s) => `${num(s.orders)} orders: CPU seconds, tap ÷ baseline`,
    ratio: (s) => s.vs_baseline.tap.cpu_s,
    op: '≤',
    limit: 1.1,
    figures: (s) => `${num(s.clients.tap.cpu_s.median)} s ÷ ${num(s.clients.baseline.cpu_s.median)} s`,
  },
  {
    scenario: 'throughput',
    label: (s) => `${num(s.orders)} orders: records/s, tap ÷ baseline`,
    ratio: (s) => s.vs_baseline.tap.records_per_s,
    op: '≥',
    limit: 0.9,
    figures: (s) => `${num(s.clients.tap.records_per_s.median, 0)} ÷ ${num(s.clients.baseline.records_per_s.median, 0)}`,
  },
  {
    scenario: 'one_order',
    label: () => '1-order sync: CPU seconds, tap ÷ baseline',
    ratio: (s) => s.vs_baseline.tap.cpu_s,
    op: '≤',
    limit: 2,
    figures: (s) => `${num(s.clients.tap.cpu_s.median, 3)} s ÷ ${num(s.clients.baseline.cpu_s.median, 3)} s`,
  },
  {
    scenario: 'fan_out',
    label: (s) => `Fan-out (${num(s.orders)} orders, price detail, ${s.concurrency} in flight): requests/s, tap ÷ fetch client`,
    ratio: (s) => s.vs_baseline.tap.requests_per_s,
    op: '≥',
    limit: 0.9,
    figures: (s) => `${num(s.clients.tap.requests_per_s.median, 0)} ÷ ${num(s.clients.fetch.requests_per_s.median, 0)}`,
  },
  {
    scenario: 'memory',
    label: (s) => `${num(s.large)} orders: peak RSS, tap ÷ baseline`,
    ratio: (s) => s.per_size[s.large].vs_baseline.tap.rss_mib,
    op: '≤',
    limit: 1.15,
    figures: (s) => `${num(s.per_size[s.large].clients.tap.rss_mib.median, 1)} MiB ÷ ${num(s.per_size[s.large].clients.baseline.rss_mib.median, 1)} MiB`,
  },
  {
    scenario: 'memory',
    label: (s) => `Peak RSS of the tap, ${num(s.large)} ÷ ${num(s.small)} orders`,
    ratio: (s) => ({ median: s.tap_large_over_small }),
    op: '≤',
    limit: 1.1,
    figures: (s) => `${num(s.per_size[s.large].clients.tap.rss_mib.median, 1)} MiB ÷ ${num(s.per_size[s.small].clients.tap.rss_mib.median, 1)} MiB`,
  },
  {
    scenario: 'startup',
    label: () => '`--about`: wall seconds ÷ `node -e 0`',
    ratio: (s) => s.vs_node.about.wall_s,
    op: '≤',
    limit: 1.3,
    figures: (s) => `${num(s.clients.about.wall_s.median, 3)} s ÷ ${num(s.clients.node.wall_s.median, 3)} s`,
  },
  {
    scenario: 'startup',
    label: () => '`--discover`: wall seconds ÷ `node -e 0`',
    ratio: (s) => s.vs_node.discover.wall_s,
    op: '≤',
    limit: 1.6,
    figures: (s) => `${num(s.clients.discover.wall_s.median, 3)} s ÷ ${num(s.clients.node.wall_s.median, 3)} s`,
  },
];

/** Every target whose scenario has figures: label, figures, ratio summary, limit and whether it is met. */
export function judge(scenarios) {
  return TARGETS.filter((t) => scenarios[t.scenario]).map((t) => {
    const s = scenarios[t.scenario];
    const ratio = t.ratio(s);
    const met = t.op === '≤' ? ratio.median <= t.limit : ratio.median >= t.limit;
    return { scenario: t.scenario, label: t.label(s), figures: t.figures(s), ratio, op: t.op, limit: t.limit, met };
  });
}
