/** A return as the API serves it (refund amounts from the returned lines of its order). */
import { formatMoney } from '../regions.js';
import type { ReturnRecord } from '../types.js';
import { at } from './arrays.js';
import { DAY, type DataContext } from './generation.js';
import { refundSubLines } from './bundles.js';
import { orderStatic, refundLineSku } from './order-contents.js';
import { RETURN_FLOWS, returnStatus } from './returns.js';
import type { ReturnState, ShopState } from './state.js';

export function returnObject(gen: DataContext, shop: ShopState, ret: ReturnState): ReturnRecord {
  const m = shop.market;
  const money = (v: number): string => formatMoney(v, m.decimals);
  const st = at(shop.orders, ret.orderIdx);
  const lines = orderStatic(gen, shop, st).lines;
  const refunds = ret.type !== 'REPLACEMENT';
  let sub = 0;
  let tax = 0;
  let ds = 0;
  let dp = 0;
  const status = returnStatus(ret);
  const items = ret.lineIdx.map((k, n) => {
    const line = at(lines, k);
    const lineSub = refunds ? line.sale : 0;
    const lineTax = refunds ? line.tax : 0;
    sub += lineSub;
    tax += lineTax;
    ds += line.sellerDisc;
    dp += line.platformDisc;
    const id = at(ret.lineIds, n);
    const refund = { refund_total: lineSub + lineTax, refund_subtotal: lineSub, refund_shipping_fee: 0, refund_tax: lineTax };
    const subLines = refundSubLines(line, { sub: 'return_sub_line_item_id', parent: 'return_line_item_id' }, id, refund, money, m.currency);
    return {
      return_line_item_id: id,
      ...refundLineSku(line),
      refund_amount: {
        currency: m.currency, refund_total: money(lineSub + lineTax), refund_subtotal: money(lineSub),
        refund_shipping_fee: money(0), refund_tax: money(lineTax),
      },
      // Search Returns 202602 only (§5.6).
      ...(subLines ? { return_sub_line_items: subLines } : {}),
    };
  });
  const actions: { action: string; deadline: number }[] = [];
  if (status === RETURN_FLOWS[ret.type][0]) {
    const action = ret.type === 'REFUND' ? 'SELLER_RESPOND_REFUND' : ret.type === 'REPLACEMENT' ? 'SELLER_RESPOND_REPLACEMENT' : 'SELLER_RESPOND_RETURN';
    actions.push({ action, deadline: ret.update + 2 * DAY });
  } else if (status === 'BUYER_SHIPPED_ITEM') {
    actions.push({ action: 'SELLER_RESPOND_RECEIVE_PACKAGE', deadline: ret.update + 7 * DAY });
  }
  const record: ReturnRecord = {
    return_id: ret.id,
    order_id: st.id,
    return_type: ret.type,
    return_status: status,
    role: 'BUYER',
    return_reason: ret.reason,
    return_reason_text: ret.reasonText,
    create_time: ret.create,
    update_time: ret.update,
    shipment_type: ret.shipmentType,
    handover_method: ret.handover,
    return_method: ret.type === 'RETURN_AND_REFUND' ? 'BUYER_SHIPPED' : '',
    can_buyer_keep_item: ret.type === 'REFUND',
    is_combined_return: false,
    refund_amount: {
      currency: m.currency, refund_total: money(sub + tax), refund_subtotal: money(sub), refund_shipping_fee: money(0),
      refund_tax: money(tax), retail_delivery_fee: money(0), buyer_service_fee: money(0),
    },
    discount_amount: [{
      currency: m.currency, product_platform_discount: money(dp), product_seller_discount: money(ds),
      shipping_fee_platform_discount: money(0), shipping_fee_seller_discount: money(0),
    }],
    shipping_fee_amount: [{
      currency: m.currency, buyer_paid_return_shipping_fee: money(0), seller_paid_return_shipping_fee: money(0),
      platform_paid_return_shipping_fee: money(ret.platformShip),
    }],
    seller_next_action_response: actions,
    return_line_items: items,
  };
  if (ret.type === 'RETURN_AND_REFUND' && ret.stage >= 2 && ret.alt === undefined) {
    record.return_tracking_number = ret.trackingNumber;
    record.return_provider_name = ret.provider;
  }
  return record;
}
