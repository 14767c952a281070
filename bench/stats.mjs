// The arithmetic of the figures: medians of repeated runs, and ratios paired by round. A round runs every variant
// once, back to back, so a paired ratio compares runs that saw the same load on a shared machine; the median of
// the paired ratios is the figure, their range says how noisy the run was.

export const round = (value, digits = 2) => (Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : value);

export function median(values) {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median, range and every value, rounded for results.json. */
export function summary(values, digits = 2) {
  return { median: round(median(values), digits), min: round(Math.min(...values), digits), max: round(Math.max(...values), digits), runs: values.map((v) => round(v, digits)) };
}

/** Per-round ratios a[i] / b[i], summarised. */
export function pairedRatio(a, b, digits = 3) {
  return summary(a.map((value, i) => value / b[i]), digits);
}

/** Spread of a summary as a share of its median: (max − min) / median. */
export const spread = (s) => round((s.max - s.min) / s.median, 2);

/**
 * The order of the variants in round `i`: rotated each round and reversed every other one (A B C, C B A, B C A, A C B…),
 * so that no variant always runs first, right after the sandbox warmed up, or last.
 */
export function roundOrder(names, i) {
  const rotated = names.map((_, k) => names[(k + Math.floor(i / 2)) % names.length]);
  return i % 2 ? rotated.reverse() : rotated;
}
