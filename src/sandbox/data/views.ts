/**
 * Search results as ordered views over a shop's records. Time-range-only order searches are windows of the sorted
 * indexes (no copy); anything else is a filtered list cached per query fingerprint until the data changes.
 */
import { at, lowerBound } from './arrays.js';
import type { DataContext } from './generation.js';
import { orderStatic } from './order-contents.js';
import { returnStatus } from './returns.js';
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

export interface ReturnQuery {
  sortField: 'create_time' | 'update_time';
  sortOrder: SortOrder;
  createGe?: number;
  createLt?: number;
  updateGe?: number;
  updateLt?: number;
  returnIds?: string[];
  orderIds?: string[];
  returnStatus?: string[];
  returnTypes?: string[];
}

export interface ProductQuery {
  status?: string;
  createGe?: number;
  createLe?: number;
  updateGe?: number;
  updateLe?: number;
  sellerSkus?: string[];
  skuIds?: string[];
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

function listView(list: readonly number[], desc: boolean): View {
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
  const list = cached(shop, 'o' + fingerprint, shop.ordersVersion, () => {
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

export function returnsView(shop: ShopState, q: ReturnQuery, fingerprint: string): View {
  const list = cached(shop, 'r' + fingerprint, shop.returnsVersion, () => {
    const byUpdate = q.sortField === 'update_time';
    const rows: number[] = [];
    shop.returns.forEach((r, k) => {
      if (q.createGe !== undefined && r.create < q.createGe) return;
      if (q.createLt !== undefined && r.create >= q.createLt) return;
      if (q.updateGe !== undefined && r.update < q.updateGe) return;
      if (q.updateLt !== undefined && r.update >= q.updateLt) return;
      if (q.returnIds && !q.returnIds.includes(r.id)) return;
      if (q.orderIds && !q.orderIds.includes(at(shop.orders, r.orderIdx).id)) return;
      if (q.returnStatus && !q.returnStatus.includes(returnStatus(r))) return;
      if (q.returnTypes && !q.returnTypes.includes(r.type)) return;
      rows.push(k);
    });
    rows.sort((a, b) => {
      const ra = at(shop.returns, a);
      const rb = at(shop.returns, b);
      return (byUpdate ? ra.update - rb.update : ra.create - rb.create) || a - b;
    });
    return rows;
  });
  return listView(list, q.sortOrder === 'DESC');
}

/** Products matching a search, newest first (create_time DESC, then id DESC). */
export function productsView(shop: ShopState, q: ProductQuery, fingerprint: string): View {
  const list = cached(shop, 'p' + fingerprint, shop.productsVersion, () => {
    const rows: number[] = [];
    shop.products.forEach((p, k) => {
      const d = p.data;
      if (q.status !== undefined && q.status !== 'ALL' && d.status !== q.status) return;
      if (q.createGe !== undefined && d.create_time < q.createGe) return;
      if (q.createLe !== undefined && d.create_time > q.createLe) return;
      if (q.updateGe !== undefined && d.update_time < q.updateGe) return;
      if (q.updateLe !== undefined && d.update_time > q.updateLe) return;
      if (q.sellerSkus && !d.skus.some((s) => q.sellerSkus?.includes(s.seller_sku))) return;
      if (q.skuIds && !d.skus.some((s) => q.skuIds?.includes(s.id))) return;
      rows.push(k);
    });
    rows.sort((a, b) => at(shop.products, b).data.create_time - at(shop.products, a).data.create_time || b - a);
    return rows;
  });
  return listView(list, false);
}

/** A filtered list, rebuilt only when the shop's records of that kind changed (`version`). */
function cached(shop: ShopState, key: string, version: number, build: () => number[]): number[] {
  const hit = shop.queryCache.get(key);
  if (hit && hit.version === version) return hit.list;
  const list = build();
  if (shop.queryCache.size > 64) shop.queryCache.clear();
  shop.queryCache.set(key, { version, list });
  return list;
}
