import { ENDPOINTS, endpointPath } from '../tiktok/endpoints.js';
import { inReply, nestedList, type CallContext, type ChildRecords, type FamilyDecl, type Json } from '../sync/declaration.js';
import type { OrderLineItemPriceDetailRecord, OrderLineItemsRecord, OrdersRecord } from '../generated/records.js';
import { asRecord } from './as-record.js';
import { childRefusal } from './child-calls.js';
import { declareStream } from './declare.js';
import { externalOrderRecords } from './external-orders.js';

/**
 * An order splits into the order record (without line_items) and one record per line item (§5.2: one per unit,
 * G3). The freshly parsed objects are reused rather than copied (this is the hot path); `line_items` is set to
 * undefined rather than deleted, which would push the object into V8's slow dictionary mode.
 */
export function orderRecords(order: Json, shopId: string): { order: OrdersRecord; lineItems: OrderLineItemsRecord[] } {
  const lineItems = nestedList(order.line_items, 'line_items');
  const orderId = order.id as string;
  order.line_items = undefined;
  order.shop_id = shopId;
  for (const line of lineItems) {
    line.order_id = orderId;
    line.shop_id = shopId;
  }
  // The parsed array itself, not a copy (asRecord changes nothing at run time).
  return { order: asRecord<OrdersRecord>(order), lineItems: lineItems as unknown as OrderLineItemsRecord[] };
}

/**
 * Price detail (§5.4) has per-line values in `line_items[]` and order-level values beside them. Each line
 * becomes a record keyed (order_id, line_item_id); the order-level values, several of which have no per-line
 * equivalent (voucher type codes, COD fee, gift prices), ride along in `order_price_detail` on every line.
 */
export function priceDetailRecords(detail: Json, orderId: string, shopId: string): OrderLineItemPriceDetailRecord[] {
  const { line_items: lines, ...orderLevel } = detail;
  return nestedList(lines, 'line_items').map(({ id, ...line }) =>
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

export const ORDER_STREAMS = [
  declareStream('orders', ['id'], { incremental: 'update_time' }, 'Search Orders, sorted by update_time'),
  declareStream('order_line_items', ['id'], { parent: 'orders' }, "each order's line_items (no extra request)"),
  declareStream('order_line_item_price_detail', ['order_id', 'line_item_id'], { parent: 'orders' }, 'Get Price Detail, one request per order'),
  declareStream('external_orders', ['order_id', 'platform', 'id'], { parent: 'orders' }, 'Get External Order References, one request per order and platform'),
  declareStream('external_order_line_items', ['order_id', 'platform', 'external_order_id', 'id'], { parent: 'external_orders' }, "each external order's line_items"),
];

/** Orders, their line items and the per-order fan-out (price detail, external references). */
export const ORDERS_FAMILY: FamilyDecl = {
  root: 'orders',
  read: {
    kind: 'sorted-search',
    endpoint: ENDPOINTS.searchOrders,
    idField: 'id',
    pageSize: (config, fanOut) => ordersPageSize(config.page_size, fanOut),
  },
  records: (order, shopId) => {
    const { order: record, lineItems } = orderRecords(order, shopId);
    return { record, children: { order_line_items: lineItems } };
  },
  perParent: [
    {
      what: 'price detail',
      streams: ['order_line_item_price_detail'],
      requests: (orderId) => [(call) => fetchPriceDetail(call, orderId)],
    },
    {
      what: 'external order references',
      streams: ['external_orders', 'external_order_line_items'],
      requests: (orderId, config) => config.external_order_platforms.map((platform) => (call: CallContext) => fetchExternalOrders(call, orderId, platform)),
    },
  ],
  refusal: childRefusal,
};

async function fetchPriceDetail(call: CallContext, orderId: string): Promise<ChildRecords> {
  const spec = ENDPOINTS.orderPriceDetail;
  const { data, requestId } = await call.api.request<Json>({
    method: 'GET',
    path: endpointPath(spec, { order_id: orderId }),
    endpoint: spec.name,
    shop: call.shop,
    tags: call.tags,
  });
  return { order_line_item_price_detail: inReply(spec.name, requestId, () => priceDetailRecords(data, orderId, call.shop.id)) };
}

async function fetchExternalOrders(call: CallContext, orderId: string, platform: string): Promise<ChildRecords> {
  const spec = ENDPOINTS.externalOrders;
  const { data, requestId } = await call.api.request<Json>({
    method: 'GET',
    path: endpointPath(spec, { order_id: orderId }),
    query: { platform },
    endpoint: spec.name,
    shop: call.shop,
    tags: call.tags,
  });
  const { orders, lineItems } = inReply(spec.name, requestId, () => externalOrderRecords(data, orderId, call.shop.id, platform));
  return { external_orders: orders, external_order_line_items: lineItems };
}
