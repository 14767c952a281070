import type { InventoryRecord } from '../generated/records.js';
import type { FamilyDecl, Json } from '../sync/declaration.js';
import { ENDPOINTS } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';

/** Inventory Search takes at most 100 product ids a call (§12.1). */
const PRODUCT_IDS_PER_CALL = 100;

/**
 * One Inventory Search entry (a product and its SKUs, §12.1) as rows: one per SKU and warehouse, with the SKU's
 * totals and channel split on each, and the time the tap read them. A SKU without a warehouse has no stock to key.
 */
export function inventoryRows(item: Json, snapshotTime: number): Json[] {
  const skus = Array.isArray(item.skus) ? (item.skus as Json[]) : [];
  return skus.flatMap((sku) => {
    const { warehouse_inventory: warehouses, id, ...totals } = sku;
    return (Array.isArray(warehouses) ? (warehouses as Json[]) : []).map((warehouse) => ({
      ...totals,
      ...warehouse,
      sku_id: id,
      product_id: item.product_id,
      snapshot_time: snapshotTime,
    }));
  });
}

export const INVENTORY_STREAMS = [
  declareStream('inventory', ['sku_id', 'warehouse_id'], { fullTable: true }, 'Inventory Search (202309) for every product the products search lists, 100 a call, on every run'),
];

/**
 * Stock changes without moving a product's update_time (§12.1), so it is read as a snapshot of every product on
 * every run: the ids from Search Products (summaries only, no Get Product), in update_time windows from the start
 * of time so the 10,000-result cap splits them (G12), one Inventory Search per 100 ids.
 */
export const INVENTORY_FAMILY: FamilyDecl = {
  root: 'inventory',
  read: {
    kind: 'id-snapshot',
    ids: {
      endpoint: ENDPOINTS.searchProducts,
      idField: 'id',
      timeField: 'update_time',
      upperBound: 'le', // §4 G5: product search takes update_time_le (inclusive), not _lt
      pageSize: () => ENDPOINTS.searchProducts.pageSize.max, // a page of ids is one full lookup
    },
    lookup: { path: ENDPOINTS.inventorySearch.path, name: ENDPOINTS.inventorySearch.name, idsKey: 'product_ids', itemsKey: 'inventory', batch: PRODUCT_IDS_PER_CALL },
    rows: inventoryRows,
  },
  records: (row, shopId) => ({ record: asRecord<InventoryRecord>({ ...row, shop_id: shopId }) }),
};
