// The targets of the backfill benchmark: wall time (start-up excluded) as a ratio to the bound the rate limit sets,
// and the share of requests throttled, at TikTok's documented limit and at a shop limited harder (adaptation).

const num = (value, digits = 2) => (Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : String(value));

export const TARGETS = [
  { scenario: 'backfill_50', label: () => 'Backfill at 50/s per endpoint: wall time ÷ bound', value: (s) => s.ratio, op: '≤', limit: 1.2, figures: (s) => `${num(s.wall_s - s.startup_s)} s ÷ ${num(s.bound_s)} s` },
  { scenario: 'backfill_50', label: () => 'Backfill at 50/s per endpoint: throttled share', value: (s) => s.throttled_share, op: '<', limit: 0.01, figures: (s) => `${s.throttled} of ${s.requests}` },
  { scenario: 'backfill_10', label: () => 'Backfill at 10/s per endpoint (adaptation): wall time ÷ bound', value: (s) => s.ratio, op: '≤', limit: 1.3, figures: (s) => `${num(s.wall_s - s.startup_s)} s ÷ ${num(s.bound_s)} s` },
  { scenario: 'backfill_10', label: () => 'Backfill at 10/s per endpoint (adaptation): throttled share', value: (s) => s.throttled_share, op: '<', limit: 0.05, figures: (s) => `${s.throttled} of ${s.requests}` },
];

/** Each target with its figures and whether it was met; scenarios not run are left out. */
export function judge(scenarios) {
  return TARGETS.filter((t) => scenarios[t.scenario]).map((t) => {
    const s = scenarios[t.scenario];
    const value = t.value(s);
    const met = t.op === '≤' ? value <= t.limit : value < t.limit;
    return { label: t.label(s), figures: t.figures(s), value, op: t.op, limit: t.limit, met };
  });
}
