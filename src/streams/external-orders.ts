import type { ExternalOrderLineItemsRecord, ExternalOrdersRecord } from '../generated/records.js';
import { asRecord } from './as-record.js';
import { nestedList } from '../sync/declaration.js';

type Json = Record<string, unknown>;

/**
 * §5.5 [CONFLICT]: in an external order's line_items, the doc samples and one guide put the TikTok line item id
 * in `id` and the external system's id in `origin_id`; one SDK labels them the other way round. The tap keeps
 * both raw fields and names the two explicitly; this constant is the one place that decides which is which.
 */
export const TIKTOK_LINE_ITEM_ID_FIELD: 'id' | 'origin_id' = 'id';
const EXTERNAL_LINE_ITEM_ID_FIELD = TIKTOK_LINE_ITEM_ID_FIELD === 'id' ? 'origin_id' : 'id';

export function externalOrderRecords(
  data: Json,
  orderId: string,
  shopId: string,
  platform: string,
): { orders: ExternalOrdersRecord[]; lineItems: ExternalOrderLineItemsRecord[] } {
  const external = nestedList(data.external_orders, 'external_orders');
  const orders: ExternalOrdersRecord[] = [];
  const lineItems: ExternalOrderLineItemsRecord[] = [];
  for (const { line_items: lines, ...reply } of external) {
    // The platform is part of the key; the one asked for stands in when a reply leaves it out.
    const externalOrder: Json = { ...reply, platform: reply.platform ?? platform };
    orders.push(asRecord<ExternalOrdersRecord>({ ...externalOrder, order_id: orderId, shop_id: shopId }));
    for (const line of nestedList(lines, 'line_items')) {
      lineItems.push(asRecord<ExternalOrderLineItemsRecord>({
        ...line,
        order_id: orderId,
        platform: externalOrder.platform,
        external_order_id: externalOrder.id,
        shop_id: shopId,
        order_line_item_id: line[TIKTOK_LINE_ITEM_ID_FIELD] ?? null,
        external_line_item_id: line[EXTERNAL_LINE_ITEM_ID_FIELD] ?? null,
      }));
    }
  }
  return { orders, lineItems };
}
