/**
 * A cancellation as Search Cancellations serves it (§9.1). The refund is the order's payment, line by line: each
 * cancel line item refunds its order line's sale price, its share of the shipping fee, its tax (item tax + its share
 * of the shipping tax), its share of the small-order, retail-delivery and buyer-service fees; the record's
 * refund_amount is the sum, so refund_total = the order's payment.total_amount. An order never paid refunds 0.
 */
import { formatMoney } from '../regions.js';
import type { CancellationRecord } from '../types.js';
import { at } from './arrays.js';
import { refundSubLines } from './bundles.js';
import { CANCEL_REASONS } from './cancellations.js';
import { DAY, type DataContext } from './generation.js';
import { split } from './money.js';
import { orderStatic, refundLineSku } from './order-contents.js';
import { pad } from '../random.js';
import type { CancelState, ShopState } from './state.js';

export function cancellationObject(gen: DataContext, shop: ShopState, c: CancelState): CancellationRecord {
  const m = shop.market;
  const money = (v: number): string => formatMoney(v, m.decimals);
  const st = at(shop.orders, c.orderIdx);
  const os = orderStatic(gen, shop, st);
  const paid = st.paid > 0 ? 1 : 0;
  const n = os.lines.length;
  const retail = split(os.retailFee * paid, n);
  const service = split(os.buyerServiceFee * paid, n);
  const sum = { total: 0, sub: 0, ship: 0, tax: 0, retail: 0, service: 0 };
  const items = os.lines.map((line, k) => {
    const sub = line.sale * paid;
    const ship = (line.shipList - line.shipSeller - line.shipPlatform) * paid;
    const tax = (line.tax + line.shipTax) * paid;
    const r = at(retail, k);
    const s = at(service, k);
    const total = sub + ship + tax + line.smallFee * paid + r + s;
    sum.total += total;
    sum.sub += sub;
    sum.ship += ship;
    sum.tax += tax;
    sum.retail += r;
    sum.service += s;
    const id = '43' + pad(shop.idx, 2) + pad(c.seq, 8) + pad(k, 2) + c.lineSalt;
    const refund = { refund_total: total, refund_subtotal: sub, refund_shipping_fee: ship, refund_tax: tax, retail_delivery_fee: r, buyer_service_fee: s };
    const subLines = refundSubLines(line, { sub: 'cancel_sub_line_item_id', parent: 'cancel_line_item_id' }, id, refund, money, m.currency);
    return {
      cancel_line_item_id: id,
      ...refundLineSku(line),
      refund_amount: {
        currency: m.currency, refund_total: money(total), refund_subtotal: money(sub), refund_shipping_fee: money(ship),
        refund_tax: money(tax), retail_delivery_fee: money(r), buyer_service_fee: money(s),
      },
      // Search Cancellations 202602 only (§9.1).
      ...(subLines ? { cancel_sub_line_items: subLines } : {}),
    };
  });
  const reason = CANCEL_REASONS[c.role];
  return {
    cancel_id: c.id,
    order_id: st.id,
    cancel_type: c.type,
    cancel_status: c.status,
    cancel_reason: reason.reason,
    cancel_reason_text: reason.text,
    role: c.role,
    create_time: c.create,
    update_time: c.update,
    // Out of stock: nothing to put back on the shelf.
    should_replenish_stock: c.role !== 'SELLER',
    refund_amount: {
      currency: m.currency, refund_total: money(sum.total), refund_subtotal: money(sum.sub), refund_shipping_fee: money(sum.ship),
      refund_tax: money(sum.tax), retail_delivery_fee: money(sum.retail), buyer_service_fee: money(sum.service),
    },
    seller_next_action_response: c.status === 'CANCELLATION_REQUEST_PENDING'
      ? [{ action: 'SELLER_RESPOND_CANCEL', deadline: c.create + 2 * DAY }]
      : [],
    cancel_line_items: items,
  };
}
