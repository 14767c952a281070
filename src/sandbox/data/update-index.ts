/**
 * `byUpdate`: a shop's order indexes sorted by (update_time, index), kept current on every update so a page token
 * (an offset) always points into the live sorted set.
 */
import { at, lowerBound } from './arrays.js';
import type { OrderState, ShopState } from './state.js';

/** Where `st` sits (or would sit) in `byUpdate`, given its current update_time. */
export function updatePos(shop: ShopState, st: OrderState): number {
  const orders = shop.orders;
  const base = shop.byUpdate;
  return lowerBound(base.length, (pos) => {
    const o = at(orders, at(base, pos));
    return o.update < st.update || (o.update === st.update && o.i < st.i);
  });
}

export function resortByUpdate(shop: ShopState): void {
  const orders = shop.orders;
  shop.byUpdate.sort((a, b) => at(orders, a).update - at(orders, b).update || a - b);
}
