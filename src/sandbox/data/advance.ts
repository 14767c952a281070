/**
 * Change over time: what one `advance` does to a shop, and the G1 quirk's mid-search order moves. Cancellations
 * and packages follow their orders (a cancelled order gets its cancellation, a shipped one its package); the
 * advance counts add buyer cancel requests and move open cancellations on.
 */
import { Rng } from '../random.js';
import type { AdvanceShopResult } from '../types.js';
import { at, pickDistinct, pickPreferring } from './arrays.js';
import { STREAM, type DataContext } from './generation.js';
import { TERMINAL_ORDER, addOrder, progressOrder } from './order-life.js';
import { addProduct, updateProduct } from './products.js';
import { addReturn, progressReturn, returnEligible, returnFinished } from './returns.js';
import { cancelRequestEligible, cancellationOpen, progressCancellation, requestCancel, syncCancellation } from './cancellations.js';
import { packageListed, packageUpdate } from './packages.js';
import { orderStatic } from './order-contents.js';
import type { OrderState, ShopState } from './state.js';
import { resortByUpdate, updatePos } from './update-index.js';

export interface AdvanceCounts {
  newOrders: number;
  updatedOrders: number;
  newReturns: number;
  updatedReturns: number;
  newProducts: number;
  updatedProducts: number;
  /** Absent = 0 (Store.advance always passes them; its defaults are 1). */
  newCancellations?: number;
  updatedCancellations?: number;
}

/** Collects the cancellations and packages an order change created or moved on. */
class Changes {
  readonly newCancellations = new Set<string>();
  readonly updatedCancellations = new Set<string>();
  readonly newPackages = new Set<string>();
  readonly updatedPackages = new Set<string>();

  constructor(private readonly gen: DataContext, private readonly shop: ShopState) {}

  /** Runs an order change, then keeps the order's cancellations in step and notes its packages' moves. */
  order(st: OrderState, time: number, change: () => void): void {
    const listedBefore = packageListed(st);
    const updateBefore = packageUpdate(st);
    change();
    this.cancellation(syncCancellation(this.gen, this.shop, st, time));
    if (!packageListed(st)) return;
    if (listedBefore && packageUpdate(st) === updateBefore) return;
    const into = listedBefore ? this.updatedPackages : this.newPackages;
    for (const pkg of orderStatic(this.gen, this.shop, st).packages) into.add(pkg.id);
  }

  cancellation(change: { created: boolean; c: { id: string } } | undefined): void {
    if (!change) return;
    if (change.created) this.newCancellations.add(change.c.id);
    else if (!this.newCancellations.has(change.c.id)) this.updatedCancellations.add(change.c.id);
  }
}

/** What an advance changed in a shop's orders and what follows them; finance is advanced after (finance.ts). */
export type ShopAdvance = Omit<AdvanceShopResult, 'new_statements' | 'updated_statements' | 'new_payments' | 'updated_payments'
  | 'new_withdrawals' | 'updated_withdrawals'>;

/** Advance number `advanceNo` of one shop: the clock moves from `previous` to `previous + seconds`. */
export function advanceShop(gen: DataContext, shop: ShopState, advanceNo: number, previous: number, seconds: number,
  counts: AdvanceCounts): ShopAdvance {
  const next = previous + seconds;
  const r = new Rng(gen.seed, shop.idx, STREAM.ADVANCE, advanceNo);
  const t = (): number => (seconds > 0 ? previous + r.int(1, seconds) : previous);
  const res: ShopAdvance = {
    shop_id: shop.info.id, new_orders: [], updated_orders: [], new_returns: [], updated_returns: [], new_products: [],
    updated_products: [], new_cancellations: [], updated_cancellations: [], new_packages: [], updated_packages: [],
  };
  const changes = new Changes(gen, shop);
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
    // A new order may already be cancelled, or even shipped, by the new clock.
    changes.cancellation(syncCancellation(gen, shop, st, st.update));
    if (packageListed(st)) for (const pkg of orderStatic(gen, shop, st).packages) changes.newPackages.add(pkg.id);
    res.new_orders.push(st.id);
  }
  for (const i of updatable) {
    const st = at(shop.orders, i);
    const time = Math.max(t(), st.update);
    changes.order(st, time, () => progressOrder(gen, shop, st, time));
    res.updated_orders.push(st.id);
  }
  // Cancellations: new buyer requests on orders awaiting shipment, open ones moved on (neither changes an order).
  const rc = new Rng(gen.seed, shop.idx, STREAM.ADVANCE_CANCEL, advanceNo);
  const tc = (): number => (seconds > 0 ? previous + rc.int(1, seconds) : previous);
  const openBefore = shop.cancellations.length;
  for (const i of pickDistinct(rc, shop.orders.length, counts.newCancellations ?? 0, (i) => cancelRequestEligible(shop, at(shop.orders, i)))) {
    changes.cancellation({ created: true, c: requestCancel(gen, shop, at(shop.orders, i), tc()) });
  }
  // Open ones first (not those their order just moved on); if too few, finished ones are touched (update_time only).
  const fresh = (k: number): boolean => !changes.updatedCancellations.has(at(shop.cancellations, k).id);
  for (const k of pickPreferring(rc, openBefore, counts.updatedCancellations ?? 0, (k) => fresh(k) && cancellationOpen(at(shop.cancellations, k)))
    .filter(fresh)) {
    const c = at(shop.cancellations, k);
    progressCancellation(shop, c, Math.max(tc(), c.update));
    changes.cancellation({ created: false, c });
  }
  res.new_cancellations = [...changes.newCancellations];
  res.updated_cancellations = [...changes.updatedCancellations];
  res.new_packages = [...changes.newPackages];
  res.updated_packages = [...changes.updatedPackages];
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
  syncCancellation(gen, shop, st, time);
  shop.byUpdate.splice(updatePos(shop, st), 0, i);
  shop.ordersVersion++;
}
