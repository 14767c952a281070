/**
 * Order search results as ordered views over a shop's orders. Time-range-only order searches are windows of the
 * sorted indexes (no copy); anything else is a filtered list cached per query fingerprint until the data changes.
 * (The other searches read collections: collection.ts.)
 */
import { at, lowerBound } from './arrays.js';
import type { DataContext } from './generation.js';
import { orderStatic } from './order-contents.js';
import type { ShopState } from './state.js';

export type SortOrder = 'ASC' | 'DESC';

export interface OrderQuery {
  sortField: 'create_time' | 'update_time';
  sortOrder: SortOrder;
  createGe?: number;
  createLt?: number;
  updateGe?: number;
  updateLt?: number;
  status?: string;
  shippingType?: string;
  buyerUserId?: string;
  isBuyerRequestCancel?: boolean;
  warehouseIds?: string[];
}

/** An ordered view over matching records: `at(k)` is the k-th record's internal index. */
export interface View {
  readonly length: number;
  at(k: number): number;
}

/** Time window for the read helpers: `ge ≤ t < lt` (orders, returns) or `ge ≤ t ≤ le` (products). */
export interface TimeWindow {
  field?: 'create_time' | 'update_time';
  ge?: number;
  lt?: number;
  le?: number;
}

export function inWindow(t: number, w: TimeWindow | undefined): boolean {
  if (!w) return true;
  if (w.ge !== undefined && t < w.ge) return false;
  if (w.lt !== undefined && t >= w.lt) return false;
  if (w.le !== undefined && t > w.le) return false;
  return true;
}

export function listView(list: readonly number[], desc: boolean): View {
  const n = list.length;
  return { length: n, at: desc ? (k) => at(list, n - 1 - k) : (k) => at(list, k) };
}

export function ordersView(gen: DataContext, shop: ShopState, q: OrderQuery, fingerprint: string): View {
  const orders = shop.orders;
  const n = orders.length;
  const bySort = q.sortField === 'update_time';
  const base = shop.byUpdate;
  const ge = bySort ? q.updateGe : q.createGe;
  const lt = bySort ? q.updateLt : q.createLt;
  const key = bySort
    ? (pos: number): number => at(orders, at(base, pos)).update
    : (pos: number): number => at(orders, pos).create;
  const lo = ge === undefined ? 0 : lowerBound(n, (pos) => key(pos) < ge);
  const hi = Math.max(lo, lt === undefined ? n : lowerBound(n, (pos) => key(pos) < lt));
  const otherTime = bySort ? q.createGe !== undefined || q.createLt !== undefined : q.updateGe !== undefined || q.updateLt !== undefined;
  const extra = otherTime || q.status !== undefined || q.shippingType !== undefined || q.buyerUserId !== undefined
    || q.isBuyerRequestCancel !== undefined || q.warehouseIds !== undefined;
  const desc = q.sortOrder === 'DESC';
  if (!extra) {
    const len = hi - lo;
    if (bySort) return { length: len, at: desc ? (k) => at(base, hi - 1 - k) : (k) => at(base, lo + k) };
    return { length: len, at: desc ? (k) => hi - 1 - k : (k) => lo + k };
  }
  const list = cachedList(shop, 'o' + fingerprint, shop.ordersVersion, () => {
    const out: number[] = [];
    for (let pos = lo; pos < hi; pos++) {
      const i = bySort ? at(base, pos) : pos;
      const st = at(orders, i);
      if (q.createGe !== undefined && st.create < q.createGe) continue;
      if (q.createLt !== undefined && st.create >= q.createLt) continue;
      if (q.updateGe !== undefined && st.update < q.updateGe) continue;
      if (q.updateLt !== undefined && st.update >= q.updateLt) continue;
      if (q.status !== undefined && st.status !== q.status) continue;
      if (q.isBuyerRequestCancel !== undefined && q.isBuyerRequestCancel !== false) continue;
      if (q.shippingType !== undefined || q.buyerUserId !== undefined || q.warehouseIds !== undefined) {
        const os = orderStatic(gen, shop, st);
        if (q.shippingType !== undefined && os.shippingType !== q.shippingType) continue;
        if (q.buyerUserId !== undefined && os.buyer.userId !== q.buyerUserId) continue;
        if (q.warehouseIds !== undefined && !q.warehouseIds.includes(os.warehouseId)) continue;
      }
      out.push(i);
    }
    return out;
  });
  return listView(list, desc);
}

/** A filtered list, rebuilt only when the shop's records of that kind changed (`version`). */
export function cachedList(shop: ShopState, key: string, version: number, build: () => number[]): number[] {
  const hit = shop.queryCache.get(key);
  if (hit && hit.version === version) return hit.list;
  const list = build();
  if (shop.queryCache.size > 64) shop.queryCache.clear();
  shop.queryCache.set(key, { version, list });
  return list;
}
