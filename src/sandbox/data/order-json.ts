/**
 * The order's JSON, written by hand: JSON.stringify of the object was most of the cost of serving an uncached
 * order. Every string interpolated here comes from the generator's own ASCII word lists, digits or base62
 * characters (no quote, backslash or control character), so no escaping is needed; tests parse every order.
 */
import { formatMoney } from '../regions.js';
import type { OrderStatus } from '../types.js';
import { DAY, type DataContext } from './generation.js';
import { subItemInfoJson } from './bundles.js';
import { orderStatic } from './order-contents.js';
import type { OrderState, ShopState } from './state.js';

const PACKAGE_STATUS: Record<OrderStatus, string> = {
  UNPAID: 'TO_FULFILL', ON_HOLD: 'TO_FULFILL', AWAITING_SHIPMENT: 'TO_FULFILL', PARTIALLY_SHIPPING: 'PROCESSING',
  AWAITING_COLLECTION: 'PROCESSING', IN_TRANSIT: 'FULFILLING', DELIVERED: 'COMPLETED', COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
};
const CANCEL_REASON: Record<string, string> = {
  BUYER: 'No longer needed', SELLER: 'Out of stock', SYSTEM: 'Payment not completed in time',
};

export function renderOrder(gen: DataContext, shop: ShopState, st: OrderState): string {
  const m = shop.market;
  const d = m.decimals;
  const os = orderStatic(gen, shop, st);
  const shipped = st.rts > 0;
  const cancelled = st.status === 'CANCELLED';
  const cancelReason = CANCEL_REASON[st.cancelBy] ?? '';
  const carrier = os.carrier;
  // Each line item names its package (and, once shipped, that package's tracking number).
  const tails: string[] = [];
  for (const pkg of os.packages) {
    const tail = `","package_id":"${pkg.id}","package_status":"${PACKAGE_STATUS[st.status]}","is_gift":false,"is_dangerous_good":false`
      + (shipped ? `,"shipping_provider_id":"${carrier.id}","shipping_provider_name":"${carrier.name}","tracking_number":"${pkg.trackingNumber}","rts_time":${st.rts}` : '')
      + (cancelled ? `,"cancel_reason":"${cancelReason}","cancel_user":"${st.cancelBy}"` : '')
      + '}';
    for (const k of pkg.lines) tails[k] = tail.slice(1);
  }
  const lineStatus = `","display_status":"${st.status}","currency":"${m.currency}","original_price":"`;
  let original = 0;
  let sellerDisc = 0;
  let platformDisc = 0;
  let productTax = 0;
  let lines = '';
  for (const [k, l] of os.lines.entries()) {
    original += l.original;
    sellerDisc += l.sellerDisc;
    platformDisc += l.platformDisc;
    productTax += l.tax;
    const tax = m.taxRate > 0 ? `{"tax_type":"SALES_TAX","tax_amount":"${formatMoney(l.tax, d)}","tax_rate":"${m.taxRate}"}` : '';
    lines += (lines === '' ? '{"id":"' : ',{"id":"') + l.id + l.frag + ',"sku_type":"' + l.skuType + lineStatus
      + formatMoney(l.original, d) + '","sale_price":"' + formatMoney(l.sale, d) + '","seller_discount":"'
      + formatMoney(l.sellerDisc, d) + '","platform_discount":"' + formatMoney(l.platformDisc, d) + '","item_tax":['
      + tax + ']' + subItemInfoJson(l) + (tails[k] ?? '');
  }
  const subTotal = original - sellerDisc - platformDisc;
  const shippingFee = os.shipList - os.shipSeller - os.shipPlatform;
  const tax = productTax + os.shipTax;
  const total = subTotal + shippingFee + tax + os.retailFee + os.buyerServiceFee + os.smallOrderFee;
  const payment = `{"currency":"${m.currency}","sub_total":"${formatMoney(subTotal, d)}","shipping_fee":"${formatMoney(shippingFee, d)}"`
    + `,"seller_discount":"${formatMoney(sellerDisc, d)}","platform_discount":"${formatMoney(platformDisc, d)}"`
    + `,"total_amount":"${formatMoney(total, d)}","original_total_product_price":"${formatMoney(original, d)}"`
    + `,"original_shipping_fee":"${formatMoney(os.shipList, d)}","shipping_fee_seller_discount":"${formatMoney(os.shipSeller, d)}"`
    + `,"shipping_fee_platform_discount":"${formatMoney(os.shipPlatform, d)}","shipping_fee_cofunded_discount":"${formatMoney(0, d)}"`
    + `,"tax":"${formatMoney(tax, d)}","product_tax":"${formatMoney(productTax, d)}","shipping_fee_tax":"${formatMoney(os.shipTax, d)}"`
    + `,"retail_delivery_fee":"${formatMoney(os.retailFee, d)}","buyer_service_fee":"${formatMoney(os.buyerServiceFee, d)}"`
    + `,"small_order_fee":"${formatMoney(os.smallOrderFee, d)}"}`;
  const b = os.buyer;
  const address = st.status === 'UNPAID' || st.status === 'ON_HOLD'
    ? b.addressPartial
    : os.shippingType === 'TIKTOK' ? b.addressMasked : b.addressFull;
  return `{"id":"${st.id}","status":"${st.status}","order_type":"${os.orderType}","commerce_platform":"TIKTOK_SHOP"`
    + `,"create_time":${st.create},"update_time":${st.update}`
    + (st.paid ? `,"paid_time":${st.paid},"rts_sla_time":${st.paid + 3 * DAY},"tts_sla_time":${st.paid + 5 * DAY}` : '')
    + (shipped ? `,"rts_time":${st.rts}` : '')
    + (st.collection ? `,"collection_time":${st.collection}` : '')
    + (st.delivery ? `,"delivery_time":${st.delivery}` : '')
    + (cancelled ? `,"cancel_time":${st.cancel},"cancel_reason":"${cancelReason}","cancellation_initiator":"${st.cancelBy}"` : '')
    + b.frag
    + `,"buyer_message":"${os.message}","is_buyer_request_cancel":false`
    + `,"fulfillment_type":"${os.fulfillmentType}","shipping_type":"${os.shippingType}","delivery_type":"${os.deliveryType}"`
    + os.deliveryOption.frag
    + (shipped ? `,"shipping_provider":"${carrier.name}","shipping_provider_id":"${carrier.id}","tracking_number":"${os.trackingNumber}"` : '')
    + `,"warehouse_id":"${os.warehouseId}","packages":[${os.packages.map((p) => `{"id":"${p.id}"}`).join(',')}],"is_cod":${os.isCod}`
    + `,"is_on_hold_order":${st.status === 'ON_HOLD'},"is_sample_order":${os.isSample},"is_replacement_order":false`
    + `,"is_exchange_order":false,"has_updated_recipient_address":false,"seller_note":"","payment_method_name":"${os.paymentMethod}"`
    + `,"payment":${payment},"recipient_address":${address},"line_items":[${lines}]}`;
}
