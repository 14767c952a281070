/** Change over time: what one `advance` does to a shop, and the G1 quirk's mid-search order moves. */
import { Rng } from '../random.js';
import type { AdvanceShopResult } from '../types.js';
import { at, pickDistinct, pickPreferring } from './arrays.js';
import { STREAM, type DataContext } from './generation.js';
import { TERMINAL_ORDER, addOrder, progressOrder } from './order-life.js';
import { addProduct, updateProduct } from './products.js';
import { addReturn, progressReturn, returnEligible, returnFinished } from './returns.js';
import type { ShopState } from './state.js';
import { resortByUpdate, updatePos } from './update-index.js';

export interface AdvanceCounts {
  newOrders: number;
  updatedOrders: number;
  newReturns: number;
  updatedReturns: number;
  newProducts: number;
  updatedProducts: number;
}

/** Advance number `advanceNo` of one shop: the clock moves from `previous` to `previous + seconds`. */
export function advanceShop(gen: DataContext, shop: ShopState, advanceNo: number, previous: number, seconds: number,
  counts: AdvanceCounts): AdvanceShopResult {
  const next = previous + seconds;
  const r = new Rng(gen.seed, shop.idx, STREAM.ADVANCE, advanceNo);
  const t = (): number => (seconds > 0 ? previous + r.int(1, seconds) : previous);
  const res: AdvanceShopResult = {
    shop_id: shop.info.id, new_orders: [], updated_orders: [], new_returns: [], updated_returns: [], new_products: [],
    updated_products: [],
  };
  // Products first, so new orders can sell new products.
  const existingProducts = shop.products.length;
  for (let k = 0; k < counts.newProducts; k++) {
    const p = addProduct(gen, shop, t(), next, 'ACTIVATE');
    res.new_products.push(p.data.id);
  }
  for (const j of pickDistinct(r, existingProducts, counts.updatedProducts, () => true)) {
    const p = at(shop.products, j);
    updateProduct(gen, shop, p, Math.max(t(), p.data.update_time));
    res.updated_products.push(p.data.id);
  }
  // Orders.
  const existingOrders = shop.orders.length;
  const updatable = pickPreferring(r, existingOrders, counts.updatedOrders, (i) => !TERMINAL_ORDER.has(at(shop.orders, i).status));
  const times = Array.from({ length: counts.newOrders }, t).sort((a, b) => a - b);
  for (const create of times) {
    const st = addOrder(gen, shop, create, next);
    res.new_orders.push(st.id);
  }
  for (const i of updatable) {
    const st = at(shop.orders, i);
    progressOrder(gen, shop, st, Math.max(t(), st.update));
    res.updated_orders.push(st.id);
  }
  resortByUpdate(shop);
  shop.ordersVersion++;
  // Returns.
  const existingReturns = shop.returns.length;
  const eligible = pickDistinct(r, shop.orders.length, counts.newReturns, (i) => returnEligible(at(shop.orders, i)));
  for (const i of eligible) {
    const ret = addReturn(gen, shop, at(shop.orders, i), t(), next);
    res.new_returns.push(ret.id);
  }
  for (const k of pickPreferring(r, existingReturns, counts.updatedReturns, (k) => !returnFinished(at(shop.returns, k)))) {
    const ret = at(shop.returns, k);
    progressReturn(ret, Math.max(t(), ret.update));
    res.updated_returns.push(ret.id);
  }
  shop.returnsVersion++;
  return res;
}

/** Moves order `i` one step along its life at `time`, keeping `byUpdate` sorted without a full re-sort. */
export function moveOrderForward(gen: DataContext, shop: ShopState, i: number, time: number): void {
  const st = at(shop.orders, i);
  const pos = updatePos(shop, st);
  shop.byUpdate.splice(pos, 1);
  progressOrder(gen, shop, st, time);
  shop.byUpdate.splice(updatePos(shop, st), 0, i);
  shop.ordersVersion++;
}
