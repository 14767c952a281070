/** The collections the search endpoints serve (orders have their own indexed view: views.ts). */
import { cancellationObject } from './cancellation-record.js';
import type { Collection } from './collection.js';
import type { DataContext } from './generation.js';
import { listedPackages, packageCreate, packageRecord, packageUpdate, type PackageRef } from './packages.js';
import { summaryOf } from './products.js';
import { returnObject } from './return-record.js';
import type { CancelState, ProductState, ReturnState } from './state.js';

/** create_time / update_time of a record that keeps them as `create` / `update`. */
function createOrUpdate(r: { create: number; update: number }, field: string): number {
  return field === 'update_time' ? r.update : r.create;
}

/** The record's cached JSON (kept only with `cacheJson`), rendered when missing. */
function cached(gen: DataContext, holder: { json: string | undefined }, render: () => string): string {
  if (holder.json !== undefined) return holder.json;
  const json = render();
  if (gen.opts.cacheJson) holder.json = json;
  return json;
}

export const RETURNS: Collection<ReturnState> = {
  items: (_gen, shop) => shop.returns,
  version: (shop) => shop.returnsVersion,
  time: createOrUpdate,
  json: (gen, shop, ret) => cached(gen, ret, () => JSON.stringify(returnObject(gen, shop, ret))),
};

export const PRODUCTS: Collection<ProductState> = {
  items: (_gen, shop) => shop.products,
  version: (shop) => shop.productsVersion,
  time: (p, field) => (field === 'update_time' ? p.data.update_time : p.data.create_time),
  json: (gen, _shop, p) => {
    if (p.summaryJson !== undefined) return p.summaryJson;
    const json = JSON.stringify(summaryOf(p.data));
    if (gen.opts.cacheJson) p.summaryJson = json;
    return json;
  },
};

export const CANCELLATIONS: Collection<CancelState> = {
  items: (_gen, shop) => shop.cancellations,
  version: (shop) => shop.cancellationsVersion,
  time: createOrUpdate,
  json: (gen, shop, c) => cached(gen, c, () => JSON.stringify(cancellationObject(gen, shop, c))),
};

/** Packages of shipped orders; they change with their orders (`order_pay_time` sorts by the order's paid time). */
export const PACKAGES: Collection<PackageRef> = {
  items: listedPackages,
  version: (shop) => shop.ordersVersion,
  time: (ref, field) => (field === 'update_time' ? packageUpdate(ref.st) : field === 'order_pay_time' ? ref.st.paid : packageCreate(ref.st)),
  json: (gen, shop, ref) => JSON.stringify(packageRecord(gen, shop, ref)),
};
