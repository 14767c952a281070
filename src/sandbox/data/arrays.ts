/** Small array helpers: checked access, binary search, random distinct picks. */
import type { Rng } from '../random.js';

/** First position in [0, n) where `below(pos)` is false (`below` must be monotone: true…true false…false). */
export function lowerBound(n: number, below: (pos: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function at<T>(items: readonly T[], k: number): T {
  const item = items[k];
  if (item === undefined) throw new Error(`index ${k} out of range`);
  return item;
}

/** Up to `count` distinct indexes in [0, n) satisfying `ok`, in random order. */
export function pickDistinct(r: Rng, n: number, count: number, ok: (i: number) => boolean): number[] {
  if (count <= 0) return [];
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) if (ok(i)) candidates.push(i);
  const out: number[] = [];
  for (let k = 0; k < count && k < candidates.length; k++) {
    const swap = r.int(k, candidates.length - 1);
    const tmp = at(candidates, k);
    candidates[k] = at(candidates, swap);
    candidates[swap] = tmp;
    out.push(at(candidates, k));
  }
  return out;
}

/** Up to `count` distinct indexes in [0, n): those satisfying `prefer` first, then any others. */
export function pickPreferring(r: Rng, n: number, count: number, prefer: (i: number) => boolean): number[] {
  const first = pickDistinct(r, n, count, prefer);
  if (first.length >= count) return first;
  return first.concat(pickDistinct(r, n, count - first.length, (i) => !prefer(i)));
}
