/** Integer minor-unit arithmetic shared by products and orders (rendered to strings only at the end). */
import type { Market } from '../regions.js';

/** Split `total` into `n` near-equal integer parts (remainder to the first parts). */
export function split(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  let rem = total - base * n;
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    out[k] = base + (rem > 0 ? 1 : 0);
    if (rem > 0) rem--;
  }
  return out;
}

export function roundPrice(value: number, m: Market): number {
  const step = m.priceStep;
  let v = Math.max(step, Math.round(value / step) * step);
  if (m.decimals === 2 && step >= 100) v -= 1; // x.99 pricing
  return v;
}
