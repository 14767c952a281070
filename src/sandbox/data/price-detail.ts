/** An order's price detail (per line and summed), from the same minor-unit amounts as the order itself. */
import { formatMoney } from '../regions.js';
import type { PriceDetail, PriceDetailLine } from '../types.js';
import type { DataContext } from './generation.js';
import { orderStatic } from './order-contents.js';
import type { OrderState, ShopState } from './state.js';

export function priceDetailOf(gen: DataContext, shop: ShopState, st: OrderState): PriceDetail {
  const m = shop.market;
  const os = orderStatic(gen, shop, st);
  const money = (v: number): string => formatMoney(v, m.decimals);
  const sum = {
    list: 0, ds: 0, dp: 0, sale: 0, tax: 0, sub: 0, shipList: 0, shipDs: 0, shipDp: 0, shipSale: 0, taxAmount: 0,
    small: 0, payment: 0, total: 0,
  };
  const taxRate = String(m.taxRate);
  const lines: PriceDetailLine[] = os.lines.map((l) => {
    const shipSale = l.shipList - l.shipSeller - l.shipPlatform;
    const taxAmount = l.tax + l.shipTax;
    const payment = l.sale + shipSale + taxAmount + l.smallFee;
    const total = l.original + l.shipList;
    sum.list += l.original;
    sum.ds += l.sellerDisc;
    sum.dp += l.platformDisc;
    sum.sale += l.sale;
    sum.tax += l.tax;
    sum.sub += l.sale + l.tax;
    sum.shipList += l.shipList;
    sum.shipDs += l.shipSeller;
    sum.shipDp += l.shipPlatform;
    sum.shipSale += shipSale;
    sum.taxAmount += taxAmount;
    sum.small += l.smallFee;
    sum.payment += payment;
    sum.total += total;
    return {
      id: l.id,
      currency: m.currency,
      sku_list_price: money(l.original),
      subtotal_deduction_seller: money(l.sellerDisc),
      subtotal_deduction_platform: money(l.platformDisc),
      sku_sale_price: money(l.sale),
      subtotal_tax_amount: money(l.tax),
      subtotal: money(l.sale + l.tax),
      shipping_list_price: money(l.shipList),
      shipping_fee_deduction_seller: money(l.shipSeller),
      shipping_fee_deduction_platform: money(l.shipPlatform),
      shipping_sale_price: money(shipSale),
      tax_amount: money(taxAmount),
      tax_rate: taxRate,
      net_price_amount: money(l.sale),
      small_order_fee: money(l.smallFee),
      payment: money(payment),
      total: money(total),
      cod_fee_amount: money(0),
    };
  });
  return {
    currency: m.currency,
    sku_list_price: money(sum.list),
    subtotal_deduction_seller: money(sum.ds),
    subtotal_deduction_platform: money(sum.dp),
    sku_sale_price: money(sum.sale),
    subtotal_tax_amount: money(sum.tax),
    subtotal: money(sum.sub),
    shipping_list_price: money(sum.shipList),
    shipping_fee_deduction_seller: money(sum.shipDs),
    shipping_fee_deduction_platform: money(sum.shipDp),
    shipping_sale_price: money(sum.shipSale),
    shipping_fee_deduction_platform_voucher: sum.shipDp > 0 ? '1030000' : '',
    voucher_deduction_seller: sum.ds > 0 ? '1020000' : '',
    voucher_deduction_platform: sum.dp > 0 ? '1010000' : '',
    tax_amount: money(sum.taxAmount),
    tax_rate: taxRate,
    net_price_amount: money(sum.sale),
    small_order_fee: money(sum.small),
    payment: money(sum.payment),
    total: money(sum.total),
    sku_gift_original_price: money(0),
    sku_gift_net_price: money(0),
    cod_fee: money(0),
    cod_fee_net_amount: money(0),
    line_items: lines,
  };
}
