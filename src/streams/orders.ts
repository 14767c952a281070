import { ENDPOINTS, endpointPath } from '../tiktok/endpoints.js';
import type { ShopSyncContext } from '../sync/context.js';
import { settleAll } from '../sync/context.js';
import { sortedSearch } from '../sync/sorted-search.js';
import type { OrderLineItemPriceDetailRecord, OrderLineItemsRecord, OrdersRecord } from '../generated/records.js';
import { asRecord } from './as-record.js';
import { ChildCalls } from './child-calls.js';
import { externalOrderRecords } from './external-orders.js';

type Json = Record<string, unknown>;

/**
 * An order splits into the order record (without line_items) and one record per line item (§5.2: one per unit,
 * G3). The freshly parsed objects are reused rather than copied (this is the hot path); `line_items` is set to
 * undefined rather than deleted, which would push the object into V8's slow dictionary mode.
 */
export function orderRecords(order: Json, shopId: string): { order: OrdersRecord; lineItems: OrderLineItemsRecord[] } {
  const lines = order.line_items;
  const orderId = order.id as string;
  order.line_items = undefined;
  order.shop_id = shopId;
  const lineItems = Array.isArray(lines) ? (lines as Json[]) : [];
  for (const line of lineItems) {
    line.order_id = orderId;
    line.shop_id = shopId;
  }
  return { order: asRecord<OrdersRecord>(order), lineItems: lineItems.map((line) => asRecord<OrderLineItemsRecord>(line)) };
}

/**
 * Price detail (§5.4) has per-line values in `line_items[]` and order-level values beside them. Each line
 * becomes a record keyed (order_id, line_item_id); the order-level values, several of which have no per-line
 * equivalent (voucher type codes, COD fee, gift prices), ride along in `order_price_detail` on every line.
 */
export function priceDetailRecords(detail: Json, orderId: string, shopId: string): OrderLineItemPriceDetailRecord[] {
  const { line_items: lines, ...orderLevel } = detail;
  if (!Array.isArray(lines)) return [];
  return (lines as Json[]).map(({ id, ...line }) =>
    asRecord<OrderLineItemPriceDetailRecord>({ ...line, line_item_id: id, order_id: orderId, shop_id: shopId, order_price_detail: orderLevel }),
  );
}

/**
 * With per-order requests selected, a page of orders costs one or more requests per order, so at TikTok's rates a
 * page of 100 would take tens of seconds between checkpoints; pages of 20 keep a checkpoint every few seconds for
 * one extra search request per 20 orders.
 */
export const FAN_OUT_PAGE_SIZE = 20;

export function ordersPageSize(configured: number, fanOut: boolean): number {
  return Math.min(configured, ENDPOINTS.searchOrders.pageSize.max, fanOut ? FAN_OUT_PAGE_SIZE : Infinity);
}

/** Orders, their line items and the per-order fan-out (price detail, external references) for one shop. */
export async function syncOrders(ctx: ShopSyncContext): Promise<void> {
  const { outputs: out, shop, config, api } = ctx;
  const bounds = ctx.boundsFor('orders');
  if (!bounds) return;
  const priceDetail = out.order_line_item_price_detail.emit ? new ChildCalls(ctx, 'price detail', ['order_line_item_price_detail']) : undefined;
  const externals =
    out.external_orders.emit || out.external_order_line_items.emit
      ? new ChildCalls(ctx, 'external order references', ['external_orders', 'external_order_line_items'])
      : undefined;
  const tags = ctx.tags('orders');
  const spec = ENDPOINTS.searchOrders;
  const pages = sortedSearch<Json>(
    api,
    shop,
    {
      path: spec.path,
      endpoint: spec.name,
      itemsKey: spec.itemsKey,
      pageSize: ordersPageSize(config.page_size, priceDetail !== undefined || externals !== undefined),
      idField: 'id',
      warn: (message) => ctx.logger.warn(message, { stream: 'orders' }),
    },
    bounds.lo,
    bounds.hi,
    tags,
  );
  for await (const page of pages) {
    ctx.pageRead();
    const extracted = ctx.now();
    const fanOut: Array<Promise<void>> = [];
    let newestWritten: number | undefined;
    try {
      for (const order of page.items) {
        const orderId = order.id as string;
        const updateTime = order.update_time as number; // an integer: sortedSearch checked it
        const { order: record, lineItems } = orderRecords(order, shop.id);
        // A skipped order (invalid_record_action "skip") takes its children with it and never becomes the bookmark.
        if (!out.orders.write(record, shop.id, extracted)) continue;
        newestWritten = Math.max(newestWritten ?? updateTime, updateTime);
        for (const line of lineItems) out.order_line_items.write(line, shop.id, extracted);
        if (priceDetail && !priceDetail.disabled) fanOut.push(priceDetail.run(orderId, () => fetchPriceDetail(ctx, orderId)));
        if (externals && !externals.disabled) {
          for (const platform of config.external_order_platforms) fanOut.push(externals.run(orderId, () => fetchExternalOrders(ctx, orderId, platform)));
        }
      }
    } catch (error) {
      // A record that does not fit ends the family, but requests already started for this page still run: wait for
      // them, so none fails later with nobody listening (an unhandled rejection would kill the other shops' syncs).
      await Promise.allSettled(fanOut);
      throw error;
    }
    await settleAll(fanOut);
    priceDetail?.endPage();
    externals?.endPage();
    // Only now, with every child of the page written, may the bookmark move — and never past the page's newest
    // written order: the cursor may stand on a skipped one.
    if (newestWritten !== undefined) ctx.advance('orders', Math.min(page.safeBookmark, newestWritten));
    await ctx.checkpoint();
    if (ctx.stopping()) return;
  }
}
async function fetchPriceDetail(ctx: ShopSyncContext, orderId: string): Promise<void> {
  const spec = ENDPOINTS.orderPriceDetail;
  const { data } = await ctx.api.request<Json>({
    method: 'GET',
    path: endpointPath(spec, { order_id: orderId }),
    endpoint: spec.name,
    shop: ctx.shop,
    tags: ctx.tags('order_line_item_price_detail'),
  });
  const extracted = ctx.now();
  for (const record of priceDetailRecords(data, orderId, ctx.shop.id)) {
    ctx.outputs.order_line_item_price_detail.write(record, ctx.shop.id, extracted);
  }
}

async function fetchExternalOrders(ctx: ShopSyncContext, orderId: string, platform: string): Promise<void> {
  const spec = ENDPOINTS.externalOrders;
  const { data } = await ctx.api.request<Json>({
    method: 'GET',
    path: endpointPath(spec, { order_id: orderId }),
    query: { platform },
    endpoint: spec.name,
    shop: ctx.shop,
    tags: ctx.tags('external_orders'),
  });
  const extracted = ctx.now();
  const { orders, lineItems } = externalOrderRecords(data, orderId, ctx.shop.id, platform);
  for (const record of orders) ctx.outputs.external_orders.write(record, ctx.shop.id, extracted);
  for (const record of lineItems) ctx.outputs.external_order_line_items.write(record, ctx.shop.id, extracted);
}
