/**
 * The transactions of a statement, derived from the settled orders' contents (order-contents.ts) in integer minor
 * units. Per SKU row: revenue = list price − seller discount (the platform pays its own discount); shipping cost =
 * what the seller bears (TikTok shipping: −actual fee + what the buyer paid + platform discount = −seller's shipping
 * discount; seller shipping: what the buyer and platform paid); fees = −commission (−referral fee in the US)
 * − transaction fee − affiliate commission, each a basis-point share of the row's revenue; settlement = the sum.
 * An order's amounts are the sums of its SKU rows and a statement's the sums of its transactions, so every total
 * adds up exactly.
 */
import { Rng, pad } from '../random.js';
import { at, lowerBound } from './arrays.js';
import type { DataContext } from './generation.js';
import { ADJUSTMENT_TYPES } from './finance-fields.js';
import { share } from './finance-money.js';
import { FIN_STREAM, type FinanceState, type SkuRow, type StatementState, type Transaction, type TxnAmounts } from './finance-state.js';
import { orderStatic } from './order-contents.js';
import type { LineStatic, OrderState, ShopState } from './state.js';

/** Fee rates in basis points by region (sandbox values, not TikTok's). */
const COMMISSION_BP: Readonly<Record<string, number>> = { US: 800, GB: 900 };
const DEFAULT_COMMISSION_BP = 500;
const TRANSACTION_FEE_BP = 200;
const AFFILIATE_BP = 1000;

export function zeroAmounts(): TxnAmounts {
  return { revenue: 0, shippingCost: 0, feeTax: 0, adjustment: 0, settlement: 0 };
}

function addInto(sum: TxnAmounts, a: TxnAmounts): void {
  sum.revenue += a.revenue;
  sum.shippingCost += a.shippingCost;
  sum.feeTax += a.feeTax;
  sum.adjustment += a.adjustment;
  sum.settlement += a.settlement;
}

/** The ORDER transaction of a settled order. Its draws come from its own stream, keyed by the order index. */
export function orderTransaction(gen: DataContext, shop: ShopState, st: OrderState): Transaction {
  const os = orderStatic(gen, shop, st);
  const r = new Rng(gen.seed, shop.idx, FIN_STREAM.TXN, st.i);
  const id = '8' + pad(shop.idx, 2) + pad(st.i, 8) + r.digits(7);
  const affiliate = r.chance(0.15);
  const region = shop.market.region;
  const commissionBp = COMMISSION_BP[region] ?? DEFAULT_COMMISSION_BP;
  const commissionField = region === 'US' ? 'referral_fee_amount' : 'platform_commission_amount';
  const sellerShips = os.shippingType === 'SELLER';
  const groups = new Map<string, LineStatic[]>();
  for (const line of os.lines) {
    const g = groups.get(line.skuId);
    if (g) g.push(line);
    else groups.set(line.skuId, [line]);
  }
  const skus: SkuRow[] = [];
  for (const lines of groups.values()) {
    const first = at(lines, 0);
    let original = 0, sellerDisc = 0, platformDisc = 0, shipList = 0, shipSeller = 0, shipPlatform = 0, paid = 0, tax = 0;
    for (const l of lines) {
      original += l.original;
      sellerDisc += l.sellerDisc;
      platformDisc += l.platformDisc;
      shipList += l.shipList;
      shipSeller += l.shipSeller;
      shipPlatform += l.shipPlatform;
      tax += l.tax + l.shipTax;
      paid += l.sale + (l.shipList - l.shipSeller - l.shipPlatform) + l.tax + l.shipTax + l.smallFee;
    }
    const revenue = original - sellerDisc;
    const buyerShipping = shipList - shipSeller - shipPlatform;
    const actual = sellerShips ? 0 : -shipList;
    const shippingCost = actual + buyerShipping + shipPlatform;
    const fees: Record<string, number> = {
      [commissionField]: -share(revenue, commissionBp),
      transaction_fee_amount: -share(revenue, TRANSACTION_FEE_BP),
    };
    if (affiliate) fees['affiliate_commission_amount'] = -share(revenue, AFFILIATE_BP);
    let feeTax = 0;
    for (const v of Object.values(fees)) feeTax += v;
    skus.push({
      skuId: first.skuId, skuName: first.skuName, productName: first.productName, quantity: lines.length,
      lineItemIds: lines.map((l) => l.id),
      revenue, shippingCost, feeTax, adjustment: 0, settlement: revenue + shippingCost + feeTax,
      revenueBreakdown: { subtotal_before_discount_amount: original, seller_discount_amount: -sellerDisc },
      shippingBreakdown: {
        actual_shipping_fee_amount: actual, customer_paid_shipping_fee_amount: buyerShipping, shipping_fee_discount_amount: shipPlatform,
      },
      shippingSupplementary: {
        customer_shipping_fee: buyerShipping, platform_shipping_fee_discount_amount: shipPlatform,
        seller_shipping_fee_discount_amount: -shipSeller,
      },
      fees,
      taxes: {},
      supplementary: { customer_payment_amount: paid, platform_discount_amount: platformDisc, sales_tax_amount: tax },
    });
  }
  // Order-level fees the lines do not carry go on the first SKU row (they are informational: the platform keeps them).
  const head = at(skus, 0);
  head.supplementary['retail_delivery_fee_amount'] = os.retailFee;
  const txn: Transaction = {
    id, type: 'ORDER', orderIdx: st.i, orderId: st.id, adjustmentId: '', adjustmentOrderId: '', orderCreateTime: st.create,
    skus, ...zeroAmounts(),
  };
  for (const row of skus) addInto(txn, row);
  return txn;
}

/** A statement's totals (and its adjustment transaction, if any), computed once from all its transactions. */
export function statementTotals(gen: DataContext, fin: FinanceState, s: StatementState): TxnAmounts {
  if (s.totals && s.adjustment !== undefined) return s.totals;
  const shop = fin.shop;
  const totals = zeroAmounts();
  let target: Transaction | undefined;
  const r = new Rng(gen.seed, shop.idx, FIN_STREAM.ADJUST, s.day);
  const pick = s.orderIdx.length > 0 ? r.int(0, s.orderIdx.length - 1) : -1;
  s.orderIdx.forEach((i, k) => {
    const t = orderTransaction(gen, shop, at(shop.orders, i));
    addInto(totals, t);
    if (k === pick) target = t;
  });
  s.adjustment = s.adjusted && target ? adjustment(r, shop, s, target, totals.settlement) : null;
  if (s.adjustment) addInto(totals, s.adjustment);
  s.totals = totals;
  return totals;
}

/** Number of transactions of a statement. */
export function transactionCount(s: StatementState): number {
  return s.orderIdx.length + (s.adjusted && s.orderIdx.length > 0 ? 1 : 0);
}

/**
 * Transactions [from, to) of a statement in `order_create_time` order (the only sort field, §9.4): the ORDER ones
 * by (create_time, index), the adjustment right after the orders created no later than its order.
 */
export function transactionsAt(gen: DataContext, fin: FinanceState, s: StatementState, from: number, to: number): Transaction[] {
  statementTotals(gen, fin, s);
  const shop = fin.shop;
  const n = transactionCount(s);
  const adj = s.adjustment ?? undefined;
  const adjPos = adj ? lowerBound(s.orderIdx.length, (k) => at(shop.orders, at(s.orderIdx, k)).create <= adj.orderCreateTime) : n;
  const out: Transaction[] = [];
  for (let pos = Math.max(0, from); pos < Math.min(n, to); pos++) {
    if (adj && pos === adjPos) out.push(adj);
    else out.push(orderTransaction(gen, shop, at(shop.orders, at(s.orderIdx, adj && pos > adjPos ? pos - 1 : pos))));
  }
  return out;
}

function adjustment(r: Rng, shop: ShopState, s: StatementState, target: Transaction, orderTotal: number): Transaction {
  const [type, sign] = r.pick(ADJUSTMENT_TYPES);
  const unit = shop.market.decimals === 0 ? 1000 : 100;
  let amount = r.int(1, 20) * unit;
  // A deduction never takes more than a tenth of what the orders settle (keeps the statement's payment positive).
  if (sign < 0) amount = Math.min(amount, Math.max(0, Math.floor(orderTotal / 10)));
  const value = sign * amount;
  return {
    id: '9' + pad(shop.idx, 2) + pad(s.day, 6) + r.digits(9), type, orderIdx: target.orderIdx, orderId: '',
    adjustmentId: '9' + pad(shop.idx, 2) + pad(s.day, 6) + r.digits(9), adjustmentOrderId: target.orderId,
    orderCreateTime: target.orderCreateTime, skus: [], revenue: 0, shippingCost: 0, feeTax: 0, adjustment: value,
    settlement: value,
  };
}
