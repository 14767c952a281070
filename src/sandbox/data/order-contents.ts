/**
 * What an order holds besides its timeline: buyer, shipping choices, line items and fees. Re-derived from the
 * order's PRNG stream on every use (never stored), so its draws must stay in this exact order.
 */
import { Rng, pad } from '../random.js';
import type { LineStatic, OrderState, OrderStatic, ShopState } from './state.js';
import { at } from './arrays.js';
import { buyer } from './buyers.js';
import { STREAM, type DataContext } from './generation.js';
import { flat } from './json-bytes.js';
import { roundPrice, split } from './money.js';

const PAYMENT_METHODS: Record<string, readonly string[]> = {
  US: ['Visa', 'Mastercard', 'PayPal', 'Apple Pay'], GB: ['Visa', 'Mastercard', 'PayPal'],
  ID: ['DANA', 'GoPay', 'OVO', 'Bank Transfer'], other: ['Credit card', 'E-wallet', 'Bank Transfer'],
};

const DELIVERY_OPTIONS: readonly { id: string; name: string; frag: string }[] = [
  ['7129736430112233441', 'Standard shipping'], ['7129736430112233442', 'Express shipping'], ['7129736430112233443', 'Economy shipping'],
].map(([id = '', name = '']) => ({ id, name, frag: `,"delivery_option_id":"${id}","delivery_option_name":"${name}"` }));

/** Share of orders with two or more line items that ship in two packages (a split shipment). */
const SPLIT_SHARE = 0.15;


/** The JSON of a line item's SKU fields (same for every unit of that SKU, so rendered once). */
function skuFragment(shop: ShopState, pick: number): string {
  const cached = shop.skuFrags[pick];
  if (cached !== undefined) return cached;
  const ref = at(shop.pool, pick);
  const product = at(shop.products, ref.p);
  const sku = at(product.data.skus, ref.s);
  const frag = flat(`","sku_id":"${sku.id}","product_id":"${product.data.id}","seller_sku":"${sku.seller_sku}"`
    + `,"product_name":"${product.data.title}","sku_name":"${sku.sales_attributes[0]?.value_name ?? ''}"`
    + `,"sku_image":"${product.data.main_images[0]?.urls[0] ?? ''}"`);
  shop.skuFrags[pick] = frag;
  return frag;
}

export function orderStatic(gen: DataContext, shop: ShopState, st: OrderState): OrderStatic {
  const os = orderContents(gen, shop, st);
  addPackages(gen, shop, st, os);
  return os;
}

/**
 * The order's packages, from a PRNG stream of their own (so the draws above stay as they were). Package ids carry
 * the shop and order numbers (`115` + shop + order + package number + 5 digits), so Get Package Detail finds the
 * order of an id without an index.
 */
function addPackages(gen: DataContext, shop: ShopState, st: OrderState, os: OrderStatic): void {
  const first = os.packages[0];
  if (!first) return;
  first.trackingNumber = os.trackingNumber;
  const r = new Rng(gen.seed, shop.idx, STREAM.PACKAGE, st.i);
  os.handover = r.chance(0.6) ? 'PICKUP' : 'DROP_OFF';
  const n = os.lines.length;
  if (n < 2 || !r.chance(SPLIT_SHARE)) {
    first.lines = os.lines.map((_, k) => k);
    return;
  }
  const cut = Math.ceil(n / 2);
  first.lines = os.lines.slice(0, cut).map((_, k) => k);
  os.packages.push({
    id: '115' + pad(shop.idx, 2) + pad(st.i, 8) + '1' + r.digits(5),
    trackingNumber: 'TT' + pad(shop.idx, 2) + r.digits(14),
    lines: os.lines.slice(cut).map((_, k) => cut + k),
  });
}

function orderContents(gen: DataContext, shop: ShopState, st: OrderState): OrderStatic {
  const m = shop.market;
  const r = new Rng(gen.seed, shop.idx, STREAM.ORDER, st.i);
  const flags = r.next();
  const orderType = (flags & 0x1f) === 0 ? 'PRE_ORDER' : 'NORMAL';
  const os: OrderStatic = {
    buyer: buyer(gen, shop, r.int(0, shop.buyerCount - 1)),
    message: (flags >>> 5) % 10 === 0 ? 'Please pack carefully' : '',
    orderType,
    fulfillmentType: (flags >>> 9) % 7 === 0 ? 'FULFILLMENT_BY_TIKTOK' : 'FULFILLMENT_BY_SELLER',
    shippingType: (flags >>> 12) % 5 === 0 ? 'SELLER' : 'TIKTOK',
    deliveryType: (flags >>> 15) % 20 === 0 ? 'COLLECTION_POINT' : 'HOME_DELIVERY',
    deliveryOption: at(DELIVERY_OPTIONS, (flags >>> 20) % DELIVERY_OPTIONS.length),
    carrier: at(shop.carriers, (flags >>> 22) % shop.carriers.length),
    trackingNumber: 'TT' + pad(shop.idx, 2) + r.digits(14),
    warehouseId: at(shop.warehouses, (flags >>> 25) % shop.warehouses.length),
    // 14 digits drawn, 5 used: the draws that follow stay where they were.
    packages: [{ id: '115' + pad(shop.idx, 2) + pad(st.i, 8) + '0' + r.digits(14).slice(0, 5), trackingNumber: '', lines: [] }],
    handover: 'PICKUP',
    isCod: m.region !== 'US' && m.region !== 'GB' && (flags >>> 27) % 10 === 0,
    isSample: r.next() % 100 === 0,
    paymentMethod: r.pick(PAYMENT_METHODS[m.region] ?? PAYMENT_METHODS['other'] ?? ['Card']),
    lines: [],
    shipList: 0, shipSeller: 0, shipPlatform: 0, shipTax: 0, retailFee: 0, buyerServiceFee: 0, smallOrderFee: 0,
  };
  // Line items: one per unit sold (G3), 1-3 distinct SKUs × 1-3 units.
  const nSkus = r.weighted([[1, 70], [2, 22], [3, 8]] as const);
  const seen: number[] = [];
  const discountUnit = m.decimals === 0 ? 100 : 1;
  const skuType = orderType === 'PRE_ORDER' ? 'PRE_ORDER' : 'NORMAL';
  const idBase = '58' + pad(shop.idx, 2) + pad(st.i, 8);
  for (let k = 0; k < nSkus; k++) {
    const pick = r.int(0, st.pool - 1);
    const units = r.weighted([[1, 80], [2, 15], [3, 5]] as const);
    const sellerPct = r.chance(0.3) ? r.int(5, 20) : 0;
    const platformPct = r.chance(0.2) ? r.int(3, 10) : 0;
    if (seen.includes(pick)) continue;
    seen.push(pick);
    const ref = at(shop.pool, pick);
    const product = at(shop.products, ref.p);
    const sku = at(product.data.skus, ref.s);
    const original = at(product.prices, ref.s);
    const sellerDisc = Math.round((original * sellerPct) / 100 / discountUnit) * discountUnit;
    const platformDisc = Math.min(original - sellerDisc, Math.round((original * platformPct) / 100 / discountUnit) * discountUnit);
    const sale = original - sellerDisc - platformDisc;
    const tax = Math.round(sale * m.taxRate);
    const frag = skuFragment(shop, pick);
    for (let u = 0; u < units; u++) {
      os.lines.push({
        id: idBase + pad(os.lines.length, 2) + r.digits(4),
        frag,
        productId: product.data.id,
        skuId: sku.id,
        sellerSku: sku.seller_sku,
        productName: product.data.title,
        skuName: sku.sales_attributes[0]?.value_name ?? '',
        skuImage: product.data.main_images[0]?.urls[0] ?? '',
        skuType,
        original, sellerDisc, platformDisc, sale, tax,
        shipList: 0, shipSeller: 0, shipPlatform: 0, shipTax: 0, smallFee: 0,
      });
    }
  }
  // Shipping and fees, then their split over the lines (for the price detail).
  const shipList = roundPrice(r.int(m.shipMin, m.shipMax), m);
  let shipSeller = 0;
  let shipPlatform = 0;
  if (r.chance(0.4)) shipPlatform = shipList;
  else if (r.chance(0.2)) shipSeller = Math.round(shipList / 2 / discountUnit) * discountUnit;
  const shipFee = shipList - shipSeller - shipPlatform;
  const shipTax = m.taxRate > 0 && shipFee > 0 && r.chance(0.5) ? Math.round(shipFee * m.taxRate) : 0;
  let subTotal = 0;
  for (const line of os.lines) subTotal += line.sale;
  os.shipList = shipList;
  os.shipSeller = shipSeller;
  os.shipPlatform = shipPlatform;
  os.shipTax = shipTax;
  os.retailFee = m.retailDeliveryFee > 0 && os.buyer.state === 'Colorado' ? m.retailDeliveryFee : 0;
  os.buyerServiceFee = m.buyerServiceFee;
  os.smallOrderFee = m.smallOrderFee > 0 && subTotal < m.smallOrderThreshold ? m.smallOrderFee : 0;
  const n = os.lines.length;
  if (n === 1) {
    const line = at(os.lines, 0);
    line.shipList = shipList;
    line.shipSeller = shipSeller;
    line.shipPlatform = shipPlatform;
    line.shipTax = shipTax;
    line.smallFee = os.smallOrderFee;
    return os;
  }
  const lists = split(shipList, n);
  const sellers = split(shipSeller, n);
  const taxes = split(shipTax, n);
  const smalls = split(os.smallOrderFee, n);
  const even = split(shipPlatform, n);
  let platformLeft = shipPlatform;
  // Platform shipping discount fills each line's remaining shipping (shipSeller ≤ shipList holds per line).
  os.lines.forEach((line, k) => {
    line.shipList = at(lists, k);
    line.shipSeller = at(sellers, k);
    line.shipTax = at(taxes, k);
    line.smallFee = at(smalls, k);
    const take = Math.min(line.shipList - line.shipSeller, at(even, k), platformLeft);
    line.shipPlatform = take;
    platformLeft -= take;
  });
  for (const line of os.lines) {
    if (platformLeft === 0) break;
    const take = Math.min(line.shipList - line.shipSeller - line.shipPlatform, platformLeft);
    line.shipPlatform += take;
    platformLeft -= take;
  }
  return os;
}

/** The SKU fields a refund line item (cancellation or return, §5.6 / §9.1) repeats from its order line item. */
export function refundLineSku(line: LineStatic) {
  return {
    order_line_item_id: line.id,
    sku_id: line.skuId,
    sku_name: line.skuName,
    seller_sku: line.sellerSku,
    product_name: line.productName,
    product_image: { url: line.skuImage, width: 200, height: 200 },
  };
}
