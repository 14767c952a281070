import type { PackagesRecord } from '../generated/records.js';
import { nestedList, type CallContext, type FamilyDecl, type Json } from '../sync/declaration.js';
import { ENDPOINTS, pageSizeFor } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import { declareStream } from './declare.js';
import { getDetail } from './detail-request.js';
import { detailOrFallback } from './unavailable-detail.js';
import { FAN_OUT_PAGE_SIZE } from './orders.js';

/**
 * A package record is the search item (§9.2) overlaid with Get Package Detail (§9.3) when it was fetched. The detail
 * names two fields differently (`package_id` for `id`, `package_status` for `status`); they are folded into the
 * search's names, so a record has one id and one status whichever reply it came from. `order_ids` (from
 * `orders[].id`) lets packages join to orders without unnesting `orders`.
 */
export function packageRecord(item: Json, detail: Json | undefined, shopId: string): PackagesRecord {
  const { package_id: detailId, package_status: detailStatus, ...detailRest } = detail ?? {};
  const merged: Json = { ...item, ...detailRest, id: item.id ?? detailId, shop_id: shopId };
  if (detailStatus !== undefined) merged.status = detailStatus;
  const orders = nestedList<Json | null>(merged.orders, 'orders');
  merged.order_ids = [...new Set(orders.map((order) => order?.id).filter((id): id is string => typeof id === 'string'))];
  return asRecord<PackagesRecord>(merged);
}

/**
 * Get Package Detail of one package; a package the API refuses alone (10006402, permission denied, §9.3) goes out
 * from its search record with a warning instead of failing the family on every run (src/streams/unavailable-detail.ts).
 */
function packageDetail(): (call: CallContext, item: Json) => Promise<Json | undefined> {
  const fallback = detailOrFallback('packages: Get Package Detail');
  return (call, item) => fallback(call, `package ${String(item.id)}`, () => getDetail(call, ENDPOINTS.getPackageDetail, { package_id: item.id }));
}

export const PACKAGE_STREAMS = [
  declareStream('packages', ['id'], { incremental: 'update_time' }, 'Search Packages, sorted by update_time (plus Get Package Detail with package_detail)'),
];

export const PACKAGES_FAMILY: FamilyDecl = {
  root: 'packages',
  read: {
    kind: 'sorted-search',
    endpoint: ENDPOINTS.searchPackages,
    idField: 'id',
    // [1-50] (§9.2); with a detail request per package, pages of 20 keep checkpoints a few seconds apart, as for orders.
    pageSize: (config, fanOut) => Math.min(pageSizeFor(ENDPOINTS.searchPackages, config.page_size), fanOut ? FAN_OUT_PAGE_SIZE : Infinity),
  },
  detail: (config) => (config.package_detail ? packageDetail() : undefined),
  records: (item, shopId, detail) => ({ record: packageRecord(item, detail, shopId) }),
};
