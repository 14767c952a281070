/**
 * The sandbox's data: shops, products, orders (with line items, price detail and external references) and
 * returns, generated from a seed and kept up to date as the sandbox clock moves.
 *
 * Orders are the bulk (benchmarks use 100,000 per shop), so an order is held as a small mutable state
 * (times and status) and everything else is re-derived on demand from a PRNG keyed by (seed, shop, index);
 * the rendered JSON of an order is cached until the order changes. Sorted indexes:
 *   - by create_time: the order array itself (orders are numbered in creation order, create_time never changes);
 *   - by update_time: `byUpdate`, an array of order indexes sorted by (update_time, index), kept current on
 *     every update, so a page token (an offset) always points into the live sorted set (quirk G1 is real).
 *
 * Money is computed in integer minor units and rendered once, so every sum adds up exactly:
 *   line: sale_price = original_price − seller_discount − platform_discount
 *   order payment: sub_total = original_total_product_price − seller_discount − platform_discount
 *                  shipping_fee = original_shipping_fee − shipping_fee_seller_discount − shipping_fee_platform_discount
 *                  tax = product_tax + shipping_fee_tax (product_tax = Σ line item_tax)
 *                  total_amount = sub_total + shipping_fee + tax + retail_delivery_fee + buyer_service_fee + small_order_fee
 *   price detail (per line and order = Σ lines): sku_sale_price = sku_list_price − subtotal_deduction_seller − subtotal_deduction_platform,
 *                  subtotal = sku_sale_price + subtotal_tax_amount, shipping_sale_price = shipping_list_price − deductions,
 *                  tax_amount = subtotal_tax_amount + shipping tax, payment = sku_sale_price + shipping_sale_price + tax_amount
 *                  + small_order_fee, total = sku_list_price + shipping_list_price, net_price_amount = sku_sale_price.
 *                  So price detail payment = order total_amount − retail_delivery_fee − buyer_service_fee.
 */
import { ALNUM, Rng, hashString, pad } from './random.js';
import {
  COLORS, FIRST_NAMES, LAST_NAMES, MARKETS, PRODUCT_ADJECTIVES, PRODUCT_NOUNS, SHOP_KINDS, SHOP_WORDS, SIZES, STREETS,
  formatMoney, type Market,
} from './regions.js';
import type { ResolvedOptions } from './options.js';
import type {
  AdvanceOptions, AdvanceResult, AdvanceShopResult, ExternalOrder, Order, OrderStatus, PriceDetail,
  PriceDetailLine, Product, ProductStatus, ProductSummary, ReturnRecord, Shop,
} from './types.js';

const K = {
  SHOP: 1, PRODUCT: 2, ORDER: 3, LIFE: 4, EXT: 5, RET_ROLL: 6, RETURN: 7, ORDER_UPD: 8, ADVANCE: 9, TIMES: 10,
  PRODUCT_UPD: 12, RETURN_UPD: 13, MOVE: 14, CREDS: 15, BUYER: 16,
} as const;

const HOUR = 3600;
const DAY = 86400;

const TERMINAL_ORDER: ReadonlySet<OrderStatus> = new Set(['COMPLETED', 'CANCELLED']);
const SOLD_PRODUCT: ReadonlySet<ProductStatus> = new Set(['ACTIVATE', 'SELLER_DEACTIVATED', 'PLATFORM_DEACTIVATED', 'FREEZE', 'DELETED']);
const PACKAGE_STATUS: Record<OrderStatus, string> = {
  UNPAID: 'TO_FULFILL', ON_HOLD: 'TO_FULFILL', AWAITING_SHIPMENT: 'TO_FULFILL', PARTIALLY_SHIPPING: 'PROCESSING',
  AWAITING_COLLECTION: 'PROCESSING', IN_TRANSIT: 'FULFILLING', DELIVERED: 'COMPLETED', COMPLETED: 'COMPLETED',
  CANCELLED: 'CANCELLED',
};
const CANCEL_REASON: Record<string, string> = {
  BUYER: 'No longer needed', SELLER: 'Out of stock', SYSTEM: 'Payment not completed in time',
};
const PROVIDERS: Record<string, readonly string[]> = {
  US: ['USPS', 'UPS', 'FedEx'], GB: ['Royal Mail', 'Evri', 'DPD'], ID: ['J&T Express', 'SiCepat', 'JNE'],
  other: ['J&T Express', 'Ninja Van', 'SPX Express', 'Flash Express'],
};
const PAYMENT_METHODS: Record<string, readonly string[]> = {
  US: ['Visa', 'Mastercard', 'PayPal', 'Apple Pay'], GB: ['Visa', 'Mastercard', 'PayPal'],
  ID: ['DANA', 'GoPay', 'OVO', 'Bank Transfer'], other: ['Credit card', 'E-wallet', 'Bank Transfer'],
};

const DELIVERY_OPTIONS: readonly { frag: string }[] = [
  ['7129736430112233441', 'Standard shipping'], ['7129736430112233442', 'Express shipping'], ['7129736430112233443', 'Economy shipping'],
].map(([id, name]) => ({ frag: `,"delivery_option_id":"${id ?? ''}","delivery_option_name":"${name ?? ''}"` }));

/** A flat copy of a string built by concatenation (kept fragments then cost one piece, not a tree, to join). */
function flat(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}

type ReturnType = ReturnRecord['return_type'];
const RETURN_FLOWS: Record<ReturnType, readonly string[]> = {
  REFUND: ['RETURN_OR_REFUND_REQUEST_PENDING', 'RETURN_OR_REFUND_REQUEST_SUCCESS', 'RETURN_OR_REFUND_REQUEST_COMPLETE'],
  RETURN_AND_REFUND: ['RETURN_OR_REFUND_REQUEST_PENDING', 'AWAITING_BUYER_SHIP', 'BUYER_SHIPPED_ITEM',
    'RETURN_OR_REFUND_REQUEST_SUCCESS', 'RETURN_OR_REFUND_REQUEST_COMPLETE'],
  REPLACEMENT: ['REPLACEMENT_REQUEST_PENDING', 'REPLACEMENT_REQUEST_COMPLETE'],
};
const RETURN_ALT_END: Record<ReturnType, readonly string[]> = {
  REFUND: ['REFUND_OR_RETURN_REQUEST_REJECT', 'RETURN_OR_REFUND_REQUEST_CANCEL'],
  RETURN_AND_REFUND: ['REFUND_OR_RETURN_REQUEST_REJECT', 'RETURN_OR_REFUND_REQUEST_CANCEL'],
  REPLACEMENT: ['REPLACEMENT_REQUEST_REJECT', 'REPLACEMENT_REQUEST_CANCEL'],
};
const RETURN_REASONS: readonly (readonly [string, string])[] = [
  ['ecom_order_delivered_refund_and_return_reason_damaged', 'Item arrived damaged'],
  ['ecom_order_delivered_refund_and_return_reason_wrong_item', 'Wrong item received'],
  ['ecom_order_delivered_refund_and_return_reason_not_as_described', 'Item not as described'],
  ['ecom_order_delivered_refund_and_return_reason_no_longer_needed', 'No longer needed'],
];

// ---------------------------------------------------------------------------------------------- internal state

export interface OrderState {
  i: number;
  id: string;
  create: number;
  update: number;
  status: OrderStatus;
  paid: number;
  rts: number;
  collection: number;
  delivery: number;
  completed: number;
  cancel: number;
  cancelBy: string;
  /** Number of updates since creation (keys the PRNG of the next update). */
  version: number;
  /** Length of the shop's SKU pool when the order was created (its line items pick from that prefix). */
  pool: number;
  hasReturn: boolean;
}

export interface SkuRef {
  p: number;
  s: number;
}

export interface ProductState {
  j: number;
  data: Product;
  prices: number[];
  listPrices: number[];
  version: number;
  detailJson: string | undefined;
  summaryJson: string | undefined;
}

interface LineStatic {
  id: string;
  /** Pre-rendered `","sku_id":…,"sku_image":"…"` of the SKU. */
  frag: string;
  productId: string;
  skuId: string;
  sellerSku: string;
  productName: string;
  skuName: string;
  skuImage: string;
  skuType: string;
  original: number;
  sellerDisc: number;
  platformDisc: number;
  sale: number;
  tax: number;
  shipList: number;
  shipSeller: number;
  shipPlatform: number;
  shipTax: number;
  smallFee: number;
}

interface Buyer {
  userId: string;
  email: string;
  state: string;
  /** `,"user_id":…,"buyer_email":…` */
  frag: string;
  addressPartial: string;
  addressMasked: string;
  addressFull: string;
}

interface Carrier {
  id: string;
  name: string;
}

interface OrderStatic {
  buyer: Buyer;
  message: string;
  orderType: string;
  fulfillmentType: string;
  shippingType: string;
  deliveryType: string;
  deliveryOption: { frag: string };
  carrier: Carrier;
  trackingNumber: string;
  warehouseId: string;
  packageId: string;
  isCod: boolean;
  isSample: boolean;
  paymentMethod: string;
  lines: LineStatic[];
  shipList: number;
  shipSeller: number;
  shipPlatform: number;
  shipTax: number;
  retailFee: number;
  buyerServiceFee: number;
  smallOrderFee: number;
}

export interface ReturnState {
  seq: number;
  id: string;
  orderIdx: number;
  type: ReturnType;
  stage: number;
  alt: string | undefined;
  create: number;
  update: number;
  version: number;
  lineIdx: number[];
  lineIds: string[];
  reason: string;
  reasonText: string;
  shipmentType: string;
  handover: string;
  trackingNumber: string;
  provider: string;
  platformShip: number;
  json: string | undefined;
}

/** A shop's data (opaque outside the sandbox). */
export interface ShopState {
  idx: number;
  info: Shop;
  market: Market;
  warehouses: string[];
  carriers: Carrier[];
  buyers: (Buyer | undefined)[];
  buyerCount: number;
  skuFrags: (string | undefined)[];
  products: ProductState[];
  productById: Map<string, ProductState>;
  pool: SkuRef[];
  productsVersion: number;
  orders: OrderState[];
  orderById: Map<string, OrderState>;
  byUpdate: number[];
  /** Rendered order JSON as bytes (a flat copy: a concatenated string would stay a rope and cost far more memory). */
  orderJson: (Buffer | undefined)[];
  ordersVersion: number;
  /** Position in `byUpdate` the warm-up has reached. */
  warmed: number;
  returns: ReturnState[];
  returnsVersion: number;
  queryCache: Map<string, { version: number; list: number[] }>;
}

// ------------------------------------------------------------------------------------------------ query types

export type SortOrder = 'ASC' | 'DESC';

export interface OrderQuery {
  sortField: 'create_time' | 'update_time';
  sortOrder: SortOrder;
  createGe?: number;
  createLt?: number;
  updateGe?: number;
  updateLt?: number;
  status?: string;
  shippingType?: string;
  buyerUserId?: string;
  isBuyerRequestCancel?: boolean;
  warehouseIds?: string[];
}

export interface ReturnQuery {
  sortField: 'create_time' | 'update_time';
  sortOrder: SortOrder;
  createGe?: number;
  createLt?: number;
  updateGe?: number;
  updateLt?: number;
  returnIds?: string[];
  orderIds?: string[];
  returnStatus?: string[];
  returnTypes?: string[];
}

export interface ProductQuery {
  status?: string;
  createGe?: number;
  createLe?: number;
  updateGe?: number;
  updateLe?: number;
  sellerSkus?: string[];
  skuIds?: string[];
}

/** An ordered view over matching records: `at(k)` is the k-th record's internal index. */
export interface View {
  readonly length: number;
  at(k: number): number;
}

/** Time window for the read helpers: `ge ≤ t < lt` (orders, returns) or `ge ≤ t ≤ le` (products). */
export interface TimeWindow {
  field?: 'create_time' | 'update_time';
  ge?: number;
  lt?: number;
  le?: number;
}

// --------------------------------------------------------------------------------------------------- helpers

/** Split `total` into `n` near-equal integer parts (remainder to the first parts). */
function split(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  let rem = total - base * n;
  const out = new Array<number>(n);
  for (let k = 0; k < n; k++) {
    out[k] = base + (rem > 0 ? 1 : 0);
    if (rem > 0) rem--;
  }
  return out;
}

/** First position in [0, n) where `below(pos)` is false (`below` must be monotone: true…true false…false). */
function lowerBound(n: number, below: (pos: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (below(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function at<T>(items: readonly T[], k: number): T {
  const item = items[k];
  if (item === undefined) throw new Error(`index ${k} out of range`);
  return item;
}

function inWindow(t: number, w: TimeWindow | undefined): boolean {
  if (!w) return true;
  if (w.ge !== undefined && t < w.ge) return false;
  if (w.lt !== undefined && t >= w.lt) return false;
  if (w.le !== undefined && t > w.le) return false;
  return true;
}

/** Deterministic app credentials for a seed (used when none are given). */
export function deriveCredentials(seed: number | string): { appKey: string; appSecret: string } {
  const r = new Rng(hashString(String(seed)), K.CREDS);
  return { appKey: r.chars(13, '0123456789abcdefghijklmnopqrstuvwxyz'), appSecret: r.chars(40, '0123456789abcdef') };
}

// ------------------------------------------------------------------------------------------------------ Store

export class Store {
  private readonly opts: ResolvedOptions;
  private readonly seed: number;
  private readonly shopList: ShopState[] = [];
  private readonly shopByCipher = new Map<string, ShopState>();
  private readonly shopById = new Map<string, ShopState>();
  private now: number;
  private advances = 0;
  private moves = 0;
  private readonly arena = new Arena();

  constructor(opts: ResolvedOptions) {
    this.opts = opts;
    this.seed = hashString(String(opts.seed));
    this.now = opts.now;
    for (let s = 0; s < opts.shops; s++) this.createShop(s);
  }

  // ------------------------------------------------------------------------------------------- public reads

  /** The sandbox clock (Unix seconds). Every record's times are ≤ it. */
  clock(): number {
    return this.now;
  }

  /** Shops as Get Authorized Shops returns them. */
  shops(): Shop[] {
    return this.shopList.map((s) => ({ ...s.info }));
  }

  /** Currency of a shop (all its money fields use it). */
  currency(shopId: string): string {
    return this.shop(shopId).market.currency;
  }

  /**
   * Current version of every order of a shop (full objects with line_items, as the API serves them), in
   * creation order; optionally only those whose `field` (default update_time) lies in the window.
   */
  orders(shopId: string, window?: TimeWindow): Order[] {
    const shop = this.shop(shopId);
    const field = window?.field ?? 'update_time';
    const out: Order[] = [];
    for (const st of shop.orders) {
      if (!inWindow(field === 'update_time' ? st.update : st.create, window)) continue;
      out.push(JSON.parse(this.orderJson(shop, st).toString('utf8')) as Order);
    }
    return out;
  }

  order(shopId: string, orderId: string): Order | undefined {
    const shop = this.shop(shopId);
    const st = shop.orderById.get(orderId);
    return st ? (JSON.parse(this.orderJson(shop, st).toString('utf8')) as Order) : undefined;
  }

  orderCount(shopId: string): number {
    return this.shop(shopId).orders.length;
  }

  priceDetail(shopId: string, orderId: string): PriceDetail | undefined {
    const shop = this.shop(shopId);
    const st = shop.orderById.get(orderId);
    return st ? this.priceDetailOf(shop, st) : undefined;
  }

  /** External order references of an order for one platform ([] when none). */
  externalOrders(shopId: string, orderId: string, platform: string): ExternalOrder[] {
    const shop = this.shop(shopId);
    const st = shop.orderById.get(orderId);
    return st ? this.externalOf(shop, st).filter((e) => e.platform === platform) : [];
  }

  /** Returns of a shop in creation order; optionally filtered by a window on `field` (default update_time). */
  returns(shopId: string, window?: TimeWindow): ReturnRecord[] {
    const shop = this.shop(shopId);
    const field = window?.field ?? 'update_time';
    return shop.returns
      .filter((r) => inWindow(field === 'update_time' ? r.update : r.create, window))
      .map((r) => JSON.parse(this.returnJson(shop, r)) as ReturnRecord);
  }

  /** Products with full detail (as Get Product would return them, whatever their status). */
  products(shopId: string, window?: TimeWindow): Product[] {
    const shop = this.shop(shopId);
    const field = window?.field ?? 'update_time';
    return shop.products
      .filter((p) => inWindow(field === 'update_time' ? p.data.update_time : p.data.create_time, window))
      .map((p) => JSON.parse(this.productDetailJson(p)) as Product);
  }

  // ------------------------------------------------------------------------------------ used by the server

  shopByCipherValue(cipher: string): ShopState | undefined {
    return this.shopByCipher.get(cipher);
  }

  shopIdOf(shop: ShopState): string {
    return shop.info.id;
  }

  shopsJson(): string {
    return JSON.stringify({ shops: this.shops() });
  }

  ordersView(shop: ShopState, q: OrderQuery, fingerprint: string): View {
    const orders = shop.orders;
    const n = orders.length;
    const bySort = q.sortField === 'update_time';
    const base = shop.byUpdate;
    const ge = bySort ? q.updateGe : q.createGe;
    const lt = bySort ? q.updateLt : q.createLt;
    const key = bySort
      ? (pos: number): number => at(orders, at(base, pos)).update
      : (pos: number): number => at(orders, pos).create;
    const lo = ge === undefined ? 0 : lowerBound(n, (pos) => key(pos) < ge);
    const hi = Math.max(lo, lt === undefined ? n : lowerBound(n, (pos) => key(pos) < lt));
    const otherTime = bySort ? q.createGe !== undefined || q.createLt !== undefined : q.updateGe !== undefined || q.updateLt !== undefined;
    const extra = otherTime || q.status !== undefined || q.shippingType !== undefined || q.buyerUserId !== undefined
      || q.isBuyerRequestCancel !== undefined || q.warehouseIds !== undefined;
    const desc = q.sortOrder === 'DESC';
    if (!extra) {
      const len = hi - lo;
      if (bySort) return { length: len, at: desc ? (k) => at(base, hi - 1 - k) : (k) => at(base, lo + k) };
      return { length: len, at: desc ? (k) => hi - 1 - k : (k) => lo + k };
    }
    const list = this.cached(shop, 'o' + fingerprint, shop.ordersVersion, () => {
      const out: number[] = [];
      for (let pos = lo; pos < hi; pos++) {
        const i = bySort ? at(base, pos) : pos;
        const st = at(orders, i);
        if (q.createGe !== undefined && st.create < q.createGe) continue;
        if (q.createLt !== undefined && st.create >= q.createLt) continue;
        if (q.updateGe !== undefined && st.update < q.updateGe) continue;
        if (q.updateLt !== undefined && st.update >= q.updateLt) continue;
        if (q.status !== undefined && st.status !== q.status) continue;
        if (q.isBuyerRequestCancel !== undefined && q.isBuyerRequestCancel !== false) continue;
        if (q.shippingType !== undefined || q.buyerUserId !== undefined || q.warehouseIds !== undefined) {
          const os = this.orderStatic(shop, st);
          if (q.shippingType !== undefined && os.shippingType !== q.shippingType) continue;
          if (q.buyerUserId !== undefined && os.buyer.userId !== q.buyerUserId) continue;
          if (q.warehouseIds !== undefined && !q.warehouseIds.includes(os.warehouseId)) continue;
        }
        out.push(i);
      }
      return out;
    });
    return listView(list, desc);
  }

  orderJsonAt(shop: ShopState, i: number): Buffer {
    return this.orderJson(shop, at(shop.orders, i));
  }

  /**
   * Render and cache up to `budget` not-yet-cached orders (background warm-up), walking each shop in update_time
   * order (the order a tap usually pages in), shops in turn. Returns false once every shop has been walked.
   */
  warm(budget: number): boolean {
    if (!this.opts.cacheJson) return false;
    let more = false;
    const share = Math.max(1, Math.ceil(budget / this.shopList.length));
    for (const shop of this.shopList) {
      const cache = shop.orderJson;
      const order = shop.byUpdate;
      let left = share;
      while (shop.warmed < order.length && left > 0) {
        const i = at(order, shop.warmed++);
        if (cache[i] === undefined) {
          this.orderJson(shop, at(shop.orders, i));
          left--;
        }
      }
      if (shop.warmed < order.length) more = true;
    }
    return more;
  }

  orderStateById(shop: ShopState, orderId: string): OrderState | undefined {
    return shop.orderById.get(orderId);
  }

  priceDetailJson(shop: ShopState, st: OrderState): string {
    return JSON.stringify(this.priceDetailOf(shop, st));
  }

  externalOrdersJson(shop: ShopState, st: OrderState, platform: string): string {
    return JSON.stringify({ external_orders: this.externalOf(shop, st).filter((e) => e.platform === platform) });
  }

  returnsView(shop: ShopState, q: ReturnQuery, fingerprint: string): View {
    const list = this.cached(shop, 'r' + fingerprint, shop.returnsVersion, () => {
      const byUpdate = q.sortField === 'update_time';
      const rows: number[] = [];
      shop.returns.forEach((r, k) => {
        if (q.createGe !== undefined && r.create < q.createGe) return;
        if (q.createLt !== undefined && r.create >= q.createLt) return;
        if (q.updateGe !== undefined && r.update < q.updateGe) return;
        if (q.updateLt !== undefined && r.update >= q.updateLt) return;
        if (q.returnIds && !q.returnIds.includes(r.id)) return;
        if (q.orderIds && !q.orderIds.includes(at(shop.orders, r.orderIdx).id)) return;
        if (q.returnStatus && !q.returnStatus.includes(returnStatus(r))) return;
        if (q.returnTypes && !q.returnTypes.includes(r.type)) return;
        rows.push(k);
      });
      rows.sort((a, b) => {
        const ra = at(shop.returns, a);
        const rb = at(shop.returns, b);
        return (byUpdate ? ra.update - rb.update : ra.create - rb.create) || a - b;
      });
      return rows;
    });
    return listView(list, q.sortOrder === 'DESC');
  }

  returnJsonAt(shop: ShopState, k: number): string {
    return this.returnJson(shop, at(shop.returns, k));
  }

  /** Products matching a search, newest first (create_time DESC, then id DESC). */
  productsView(shop: ShopState, q: ProductQuery, fingerprint: string): View {
    const list = this.cached(shop, 'p' + fingerprint, shop.productsVersion, () => {
      const rows: number[] = [];
      shop.products.forEach((p, k) => {
        const d = p.data;
        if (q.status !== undefined && q.status !== 'ALL' && d.status !== q.status) return;
        if (q.createGe !== undefined && d.create_time < q.createGe) return;
        if (q.createLe !== undefined && d.create_time > q.createLe) return;
        if (q.updateGe !== undefined && d.update_time < q.updateGe) return;
        if (q.updateLe !== undefined && d.update_time > q.updateLe) return;
        if (q.sellerSkus && !d.skus.some((s) => q.sellerSkus?.includes(s.seller_sku))) return;
        if (q.skuIds && !d.skus.some((s) => q.skuIds?.includes(s.id))) return;
        rows.push(k);
      });
      rows.sort((a, b) => at(shop.products, b).data.create_time - at(shop.products, a).data.create_time || b - a);
      return rows;
    });
    return listView(list, false);
  }

  productSummaryJsonAt(shop: ShopState, k: number): string {
    const p = at(shop.products, k);
    if (p.summaryJson !== undefined) return p.summaryJson;
    const json = JSON.stringify(summaryOf(p.data));
    if (this.opts.cacheJson) p.summaryJson = json;
    return json;
  }

  productById(shop: ShopState, productId: string): { status: ProductStatus; json: () => string } | undefined {
    const p = shop.productById.get(productId);
    return p ? { status: p.data.status, json: () => this.productDetailJson(p) } : undefined;
  }

  /**
   * Quirk G1: an order "updated during the search". Moves the order's update_time forward to the sandbox clock,
   * which ticks one second first (so the order sorts after every other), progressing its status when it can.
   */
  moveOrderForward(shop: ShopState, i: number): void {
    this.moves++;
    this.now += 1;
    const st = at(shop.orders, i);
    const pos = this.updatePos(shop, st);
    shop.byUpdate.splice(pos, 1);
    this.progressOrder(shop, st, this.now);
    shop.byUpdate.splice(this.updatePos(shop, st), 0, i);
    shop.ordersVersion++;
  }

  movedUpdates(): number {
    return this.moves;
  }

  // ------------------------------------------------------------------------------------------------ advance

  advance(options: AdvanceOptions = {}): AdvanceResult {
    const seconds = options.seconds ?? 3600;
    const counts = {
      newOrders: options.newOrders ?? 5,
      updatedOrders: options.updatedOrders ?? 5,
      newReturns: options.newReturns ?? 1,
      updatedReturns: options.updatedReturns ?? 1,
      newProducts: options.newProducts ?? 1,
      updatedProducts: options.updatedProducts ?? 2,
    };
    for (const [name, value] of Object.entries({ seconds, ...counts })) {
      if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be an integer ≥ 0 (got ${String(value)})`);
    }
    const previous = this.now;
    const next = previous + seconds;
    this.now = next;
    this.advances++;
    const shops: AdvanceShopResult[] = [];
    for (const shop of this.shopList) {
      const r = new Rng(this.seed, shop.idx, K.ADVANCE, this.advances);
      const t = (): number => (seconds > 0 ? previous + r.int(1, seconds) : previous);
      const res: AdvanceShopResult = {
        shop_id: shop.info.id, new_orders: [], updated_orders: [], new_returns: [], updated_returns: [], new_products: [],
        updated_products: [],
      };
      // Products first, so new orders can sell new products.
      const existingProducts = shop.products.length;
      for (let k = 0; k < counts.newProducts; k++) {
        const p = this.addProduct(shop, t(), next, 'ACTIVATE');
        res.new_products.push(p.data.id);
      }
      for (const j of pickDistinct(r, existingProducts, counts.updatedProducts, () => true)) {
        const p = at(shop.products, j);
        this.updateProduct(shop, p, Math.max(t(), p.data.update_time));
        res.updated_products.push(p.data.id);
      }
      // Orders.
      const existingOrders = shop.orders.length;
      const updatable = pickPreferring(r, existingOrders, counts.updatedOrders, (i) => !TERMINAL_ORDER.has(at(shop.orders, i).status));
      const times = Array.from({ length: counts.newOrders }, t).sort((a, b) => a - b);
      for (const create of times) {
        const st = this.addOrder(shop, create, next);
        res.new_orders.push(st.id);
      }
      for (const i of updatable) {
        const st = at(shop.orders, i);
        this.progressOrder(shop, st, Math.max(t(), st.update));
        res.updated_orders.push(st.id);
      }
      this.resortByUpdate(shop);
      shop.ordersVersion++;
      // Returns.
      const existingReturns = shop.returns.length;
      const eligible = pickDistinct(r, shop.orders.length, counts.newReturns, (i) => returnEligible(at(shop.orders, i)));
      for (const i of eligible) {
        const ret = this.addReturn(shop, at(shop.orders, i), t(), next);
        res.new_returns.push(ret.id);
      }
      for (const k of pickPreferring(r, existingReturns, counts.updatedReturns, (k) => !returnFinished(at(shop.returns, k)))) {
        const ret = at(shop.returns, k);
        this.progressReturn(ret, Math.max(t(), ret.update));
        res.updated_returns.push(ret.id);
      }
      shop.returnsVersion++;
      shops.push(res);
    }
    return { previous_clock: previous, clock: next, shops };
  }

  // ------------------------------------------------------------------------------------------- generation

  private shop(shopId: string): ShopState {
    const shop = this.shopById.get(shopId);
    if (!shop) throw new Error(`unknown shop ${shopId}`);
    return shop;
  }

  private createShop(s: number): void {
    const r = new Rng(this.seed, K.SHOP, s);
    const market = at(MARKETS, s % MARKETS.length);
    const round = Math.floor(s / MARKETS.length);
    const crossBorder = market.region === 'MY' || market.region === 'SG' || round > 0;
    const info: Shop = {
      id: '74953' + pad(s, 2) + r.digits(12),
      name: `${r.pick(SHOP_WORDS)} ${r.pick(SHOP_KINDS)} ${market.region}${round > 0 ? ` ${round + 1}` : ''}`,
      region: market.region,
      seller_type: crossBorder ? 'CROSS_BORDER' : 'LOCAL',
      cipher: (crossBorder ? 'GCP_' : 'ROW_') + r.chars(28, ALNUM),
      code: market.region + (crossBorder ? 'CB' : 'LC') + r.chars(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'),
    };
    const warehouses = Array.from({ length: r.int(1, 2) }, (_, k) => '730' + pad(s, 2) + pad(k, 1) + r.digits(13));
    const shop: ShopState = {
      idx: s, info, market, warehouses, carriers: (PROVIDERS[market.region] ?? PROVIDERS['other'] ?? ['Courier']).map((name, k) => ({
        name, id: '71' + pad(s, 2) + pad(k, 1) + r.digits(14),
      })), buyers: [], buyerCount: Math.max(50, Math.min(20000, Math.ceil(this.opts.orders / 3))), skuFrags: [], products: [], productById: new Map(), pool: [], productsVersion: 0, orders: [],
      orderById: new Map(), byUpdate: [], orderJson: [], ordersVersion: 0, warmed: 0, returns: [], returnsVersion: 0,
      queryCache: new Map(),
    };
    this.shopList.push(shop);
    this.shopById.set(info.id, shop);
    this.shopByCipher.set(info.cipher, shop);

    const start = this.now - Math.round(this.opts.days * DAY);
    for (let j = 0; j < this.opts.products; j++) {
      const pr = new Rng(this.seed, shop.idx, K.PRODUCT, j, 0);
      this.addProduct(shop, start - pr.int(DAY, 365 * DAY), this.now, j === 0 ? 'ACTIVATE' : undefined);
    }
    if (shop.pool.length === 0) throw new Error('no sellable product');

    // Order create times: sorted, spread over [start, now) with exponential gaps (O(n), no sort).
    const n = this.opts.orders;
    if (n > 0) {
      const tr = new Rng(this.seed, shop.idx, K.TIMES);
      const gaps = new Float64Array(n + 1);
      let total = 0;
      for (let k = 0; k <= n; k++) {
        total += -Math.log(1 - tr.float());
        gaps[k] = total;
      }
      const span = this.now - 60 - start;
      for (let i = 0; i < n; i++) {
        const create = start + Math.floor(((gaps[i] ?? 0) / total) * span);
        this.addOrder(shop, create, this.now);
      }
    }
    this.resortByUpdate(shop);

    // Returns on delivered/completed orders.
    for (const st of shop.orders) {
      if (!returnEligible(st)) continue;
      const rr = new Rng(this.seed, shop.idx, K.RET_ROLL, st.i);
      if (!rr.chance(this.opts.returnsShare)) continue;
      const create = st.delivery + rr.int(HOUR, 5 * DAY);
      if (create > this.now) continue;
      this.addReturn(shop, st, create, this.now);
    }
  }

  private addProduct(shop: ShopState, create: number, clock: number, forceStatus?: ProductStatus): ProductState {
    const j = shop.products.length;
    const m = shop.market;
    const r = new Rng(this.seed, shop.idx, K.PRODUCT, j, 1);
    const adjective = r.pick(PRODUCT_ADJECTIVES);
    const noun = r.pick(PRODUCT_NOUNS);
    const status: ProductStatus = forceStatus ?? r.weighted<ProductStatus>([
      ['ACTIVATE', 70], ['SELLER_DEACTIVATED', 6], ['PLATFORM_DEACTIVATED', 3], ['DRAFT', 4], ['PENDING', 3], ['FAILED', 2],
      ['FREEZE', 5], ['DELETED', 7],
    ]);
    const update = create + r.int(0, Math.max(0, clock - create));
    const id = '1729' + pad(shop.idx, 2) + pad(j, 6) + r.digits(7);
    const nSkus = r.weighted([[1, 40], [2, 30], [3, 20], [4, 10]] as const);
    const useSize = r.chance(0.3);
    const basePrice = roundPrice(r.int(m.priceMin, m.priceMax), m);
    const prices: number[] = [];
    const listPrices: number[] = [];
    const colorStart = r.int(0, COLORS.length - 1);
    const code = noun.replace(/[^A-Za-z]/g, '').slice(0, 3).toUpperCase();
    const skus = Array.from({ length: nSkus }, (_, k) => {
      const price = roundPrice(basePrice + k * m.priceStep * r.int(0, 3), m);
      const listPrice = roundPrice(Math.round(price * (1 + r.int(0, 30) / 100)), m);
      prices.push(price);
      listPrices.push(listPrice);
      const value = useSize ? at(SIZES, (colorStart + k) % SIZES.length) : at(COLORS, (colorStart + k) % COLORS.length);
      return {
        id: '1730' + pad(shop.idx, 2) + pad(j, 6) + pad(k, 1) + r.digits(6),
        seller_sku: `${code}-${value.replace(/[^A-Za-z0-9]/g, '').slice(0, 3).toUpperCase()}-${j}`,
        external_sku_id: r.chance(0.5) ? '4' + r.digits(13) : '',
        price: { currency: m.currency, sale_price: formatMoney(price, m.decimals), tax_exclusive_price: formatMoney(price, m.decimals) },
        list_price: { amount: formatMoney(listPrice, m.decimals), currency: m.currency },
        inventory: [{ warehouse_id: at(shop.warehouses, k % shop.warehouses.length), quantity: r.int(0, 500) }],
        sales_attributes: [{ id: useSize ? '100001' : '100000', name: useSize ? 'Size' : 'Color', value_id: '70' + r.digits(5), value_name: value }],
        identifier_code: { code: r.digits(12), type: 'UPC' },
        status_info: { status: 'NORMAL' as const },
      };
    });
    const img = r.chars(16, '0123456789abcdef');
    const data: Product = {
      id,
      title: `${adjective} ${noun} ${r.chars(2, 'ABCDEFGHJKLMNPRSTUVWXYZ')}${r.int(1, 99)}`,
      description: `<p>${adjective} ${noun.toLowerCase()}, made to last.</p>`,
      status,
      create_time: create,
      update_time: update,
      audit: { status: auditOf(status), pre_approved_reasons: [] },
      category_chains: [
        { id: '600001', parent_id: '0', local_name: 'Home Supplies', is_leaf: false },
        { id: String(853000 + (j % 7)), parent_id: '600001', local_name: noun, is_leaf: true },
      ],
      brand: { id: '7082' + pad(shop.idx, 2) + r.digits(13), name: adjective + ' Co' },
      main_images: [{ uri: `tos-maliva-i-o3syd03w52-us/${img}`, urls: [`https://p16-oec-va.example/${img}.jpeg`], width: 800, height: 800 }],
      package_weight: { value: (r.int(5, 300) / 100).toFixed(2), unit: 'KILOGRAM' },
      package_dimensions: { length: String(r.int(5, 40)), width: String(r.int(5, 40)), height: String(r.int(2, 30)), unit: 'CENTIMETER' },
      external_product_id: r.chance(0.4) ? '8' + r.digits(12) : '',
      is_cod_allowed: m.region !== 'US' && m.region !== 'GB',
      is_not_for_sale: false,
      has_draft: false,
      is_pre_owned: false,
      listing_quality_tier: r.pick(['POOR', 'FAIR', 'GOOD']),
      minimum_order_quantity: 1,
      skus,
    };
    const p: ProductState = { j, data, prices, listPrices, version: 0, detailJson: undefined, summaryJson: undefined };
    shop.products.push(p);
    shop.productById.set(id, p);
    if (SOLD_PRODUCT.has(status)) for (let k = 0; k < nSkus; k++) shop.pool.push({ p: j, s: k });
    shop.productsVersion++;
    return p;
  }

  private updateProduct(shop: ShopState, p: ProductState, time: number): void {
    p.version++;
    const r = new Rng(this.seed, shop.idx, K.PRODUCT_UPD, p.j, p.version);
    const d = p.data;
    for (const sku of d.skus) {
      for (const inv of sku.inventory) inv.quantity = Math.max(0, inv.quantity + r.int(-40, 60));
    }
    const roll = r.float();
    if (d.status === 'ACTIVATE' && roll < 0.1) d.status = 'SELLER_DEACTIVATED';
    else if (d.status === 'ACTIVATE' && roll < 0.15) d.status = 'DELETED';
    else if (d.status === 'SELLER_DEACTIVATED' && roll < 0.5) d.status = 'ACTIVATE';
    else if (d.status === 'DRAFT') d.status = 'PENDING';
    else if (d.status === 'PENDING') d.status = 'ACTIVATE';
    d.audit.status = auditOf(d.status);
    d.update_time = time;
    p.detailJson = undefined;
    p.summaryJson = undefined;
    shop.productsVersion++;
  }

  private productDetailJson(p: ProductState): string {
    if (p.detailJson !== undefined) return p.detailJson;
    const json = JSON.stringify(p.data);
    if (this.opts.cacheJson) p.detailJson = json;
    return json;
  }

  private addOrder(shop: ShopState, create: number, clock: number): OrderState {
    const i = shop.orders.length;
    const r = new Rng(this.seed, shop.idx, K.LIFE, i);
    const st: OrderState = {
      i, id: '57' + pad(shop.idx, 2) + pad(i, 8) + r.digits(6), create, update: create, status: 'UNPAID', paid: 0, rts: 0,
      collection: 0, delivery: 0, completed: 0, cancel: 0, cancelBy: '', version: 0, pool: shop.pool.length, hasReturn: false,
    };
    initLife(st, r, clock);
    shop.orders.push(st);
    shop.orderById.set(st.id, st);
    shop.orderJson.push(undefined);
    shop.byUpdate.push(i);
    return st;
  }

  /** Moves an order one step along its life at `time` (≥ its update_time); terminal orders only get touched. */
  private progressOrder(shop: ShopState, st: OrderState, time: number): void {
    st.version++;
    const r = new Rng(this.seed, shop.idx, K.ORDER_UPD, st.i, st.version);
    switch (st.status) {
      case 'UNPAID':
        if (r.chance(0.2)) cancelOrder(st, time, 'SYSTEM');
        else setStatus(st, 'AWAITING_SHIPMENT', time, 'paid');
        break;
      case 'ON_HOLD':
        setStatus(st, 'AWAITING_SHIPMENT', time);
        break;
      case 'AWAITING_SHIPMENT':
        if (r.chance(0.1)) cancelOrder(st, time, r.chance(0.5) ? 'BUYER' : 'SELLER');
        else setStatus(st, 'AWAITING_COLLECTION', time, 'rts');
        break;
      case 'PARTIALLY_SHIPPING':
      case 'AWAITING_COLLECTION':
        setStatus(st, 'IN_TRANSIT', time, 'collection');
        break;
      case 'IN_TRANSIT':
        setStatus(st, 'DELIVERED', time, 'delivery');
        break;
      case 'DELIVERED':
        setStatus(st, 'COMPLETED', time, 'completed');
        break;
      default:
        st.update = time;
    }
    shop.orderJson[st.i] = undefined;
  }

  private updatePos(shop: ShopState, st: OrderState): number {
    const orders = shop.orders;
    const base = shop.byUpdate;
    return lowerBound(base.length, (pos) => {
      const o = at(orders, at(base, pos));
      return o.update < st.update || (o.update === st.update && o.i < st.i);
    });
  }

  private resortByUpdate(shop: ShopState): void {
    const orders = shop.orders;
    shop.byUpdate.sort((a, b) => at(orders, a).update - at(orders, b).update || a - b);
  }

  /** A buyer of the shop (orders draw from a fixed pool, so buyers repeat like real customers). */
  private buyer(shop: ShopState, k: number): Buyer {
    const cached = shop.buyers[k];
    if (cached) return cached;
    const m = shop.market;
    const r = new Rng(this.seed, shop.idx, K.BUYER, k);
    const [city = '', state = '', postal = ''] = r.pick(m.cities);
    const userId = '7494' + pad(shop.idx, 2) + r.digits(13);
    const email = r.chars(6, ALNUM) + '@scs2.tiktok.com';
    const first = r.pick(FIRST_NAMES);
    const last = r.pick(LAST_NAMES);
    const phone = `(+${m.region === 'US' ? '1' : '44'})${r.digits(3)}****${r.digits(2)}`;
    const street = `${r.int(1, 999)} ${r.pick(STREETS)}`;
    const district = `[{"address_level":"L0","address_level_name":"Country","address_name":"${m.countryName}"},`
      + `{"address_level":"L1","address_level_name":"${m.stateLevel}","address_name":"${state}"}`;
    const full = (masked: boolean): string =>
      `{"name":"${masked ? `${first.charAt(0)}*** ${last.charAt(0)}***` : `${first} ${last}`}"`
      + `,"first_name":"${masked ? '' : first}","last_name":"${masked ? '' : last}","phone_number":"${phone}"`
      + `,"full_address":"${street}, ${city}, ${state} ${postal}","address_detail":"${street}"`
      + `,"address_line1":"${street}","address_line2":"","address_line3":"","address_line4":""`
      + `,"postal_code":"${postal}","region_code":"${m.region}","district_info":${district}`
      + `,{"address_level":"L2","address_level_name":"City","address_name":"${city}"}]}`;
    const buyer: Buyer = {
      userId, email, state,
      frag: flat(`,"user_id":"${userId}","buyer_email":"${email}"`),
      // Address is partial while UNPAID / ON_HOLD (G10); name and phone are masked with platform logistics.
      addressPartial: flat(`{"postal_code":"${postal}","region_code":"${m.region}","district_info":${district}]}`),
      addressMasked: flat(full(true)),
      addressFull: flat(full(false)),
    };
    shop.buyers[k] = buyer;
    return buyer;
  }

  /** The JSON of a line item's SKU fields (same for every unit of that SKU, so rendered once). */
  private skuFragment(shop: ShopState, pick: number): string {
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

  private orderStatic(shop: ShopState, st: OrderState): OrderStatic {
    const m = shop.market;
    const r = new Rng(this.seed, shop.idx, K.ORDER, st.i);
    const flags = r.next();
    const orderType = (flags & 0x1f) === 0 ? 'PRE_ORDER' : 'NORMAL';
    const os: OrderStatic = {
      buyer: this.buyer(shop, r.int(0, shop.buyerCount - 1)),
      message: (flags >>> 5) % 10 === 0 ? 'Please pack carefully' : '',
      orderType,
      fulfillmentType: (flags >>> 9) % 7 === 0 ? 'FULFILLMENT_BY_TIKTOK' : 'FULFILLMENT_BY_SELLER',
      shippingType: (flags >>> 12) % 5 === 0 ? 'SELLER' : 'TIKTOK',
      deliveryType: (flags >>> 15) % 20 === 0 ? 'COLLECTION_POINT' : 'HOME_DELIVERY',
      deliveryOption: at(DELIVERY_OPTIONS, (flags >>> 20) % DELIVERY_OPTIONS.length),
      carrier: at(shop.carriers, (flags >>> 22) % shop.carriers.length),
      trackingNumber: 'TT' + pad(shop.idx, 2) + r.digits(14),
      warehouseId: at(shop.warehouses, (flags >>> 25) % shop.warehouses.length),
      packageId: '115' + pad(shop.idx, 2) + r.digits(14),
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
      const frag = this.skuFragment(shop, pick);
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

  private orderJson(shop: ShopState, st: OrderState): Buffer {
    const cached = shop.orderJson[st.i];
    if (cached !== undefined) return cached;
    const json = this.arena.copy(this.renderOrder(shop, st));
    if (this.opts.cacheJson) shop.orderJson[st.i] = json;
    return json;
  }

  /**
   * The order's JSON, written by hand: JSON.stringify of the object was most of the cost of serving an uncached
   * order. Every string interpolated here comes from the generator's own ASCII word lists, digits or base62
   * characters (no quote, backslash or control character), so no escaping is needed; tests parse every order.
   */
  private renderOrder(shop: ShopState, st: OrderState): string {
    const m = shop.market;
    const d = m.decimals;
    const os = this.orderStatic(shop, st);
    const shipped = st.rts > 0;
    const cancelled = st.status === 'CANCELLED';
    const cancelReason = CANCEL_REASON[st.cancelBy] ?? '';
    const carrier = os.carrier;
    const lineTail = `","package_id":"${os.packageId}","package_status":"${PACKAGE_STATUS[st.status]}","is_gift":false,"is_dangerous_good":false`
      + (shipped ? `,"shipping_provider_id":"${carrier.id}","shipping_provider_name":"${carrier.name}","tracking_number":"${os.trackingNumber}","rts_time":${st.rts}` : '')
      + (cancelled ? `,"cancel_reason":"${cancelReason}","cancel_user":"${st.cancelBy}"` : '')
      + '}';
    const lineStatus = `","display_status":"${st.status}","currency":"${m.currency}","original_price":"`;
    let original = 0;
    let sellerDisc = 0;
    let platformDisc = 0;
    let productTax = 0;
    let lines = '';
    for (const l of os.lines) {
      original += l.original;
      sellerDisc += l.sellerDisc;
      platformDisc += l.platformDisc;
      productTax += l.tax;
      const tax = m.taxRate > 0 ? `{"tax_type":"SALES_TAX","tax_amount":"${formatMoney(l.tax, d)}","tax_rate":"${m.taxRate}"}` : '';
      lines += (lines === '' ? '{"id":"' : ',{"id":"') + l.id + l.frag + ',"sku_type":"' + l.skuType + lineStatus
        + formatMoney(l.original, d) + '","sale_price":"' + formatMoney(l.sale, d) + '","seller_discount":"'
        + formatMoney(l.sellerDisc, d) + '","platform_discount":"' + formatMoney(l.platformDisc, d) + '","item_tax":['
        + tax + ']' + lineTail.slice(1);
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
      + `,"warehouse_id":"${os.warehouseId}","packages":[{"id":"${os.packageId}"}],"is_cod":${os.isCod}`
      + `,"is_on_hold_order":${st.status === 'ON_HOLD'},"is_sample_order":${os.isSample},"is_replacement_order":false`
      + `,"is_exchange_order":false,"has_updated_recipient_address":false,"seller_note":"","payment_method_name":"${os.paymentMethod}"`
      + `,"payment":${payment},"recipient_address":${address},"line_items":[${lines}]}`;
  }

  private priceDetailOf(shop: ShopState, st: OrderState): PriceDetail {
    const m = shop.market;
    const os = this.orderStatic(shop, st);
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

  private externalOf(shop: ShopState, st: OrderState): ExternalOrder[] {
    const r = new Rng(this.seed, shop.idx, K.EXT, st.i);
    if (!r.chance(this.opts.externalShare)) return [];
    const platforms = this.opts.platforms;
    const chosen = platforms.filter((_, k) => r.chance(k === 0 ? 0.8 : 0.35));
    if (chosen.length === 0) chosen.push(r.pick(platforms));
    const lines = this.orderStatic(shop, st).lines;
    return chosen.map((platform) => {
      const shopify = platform === 'SHOPIFY';
      const woo = platform === 'WOOCOMMERCE';
      const id = shopify ? '5' + r.digits(12) : woo ? String(r.int(1000, 999999)) : '9' + r.digits(11);
      let origin = shopify ? 13579246800000 + r.int(0, 99999999) : r.int(100, 99999) * 10;
      return {
        id,
        platform,
        line_items: lines.map((line) => ({ id: line.id, origin_id: String(origin++) })),
      };
    });
  }

  private addReturn(shop: ShopState, st: OrderState, create: number, clock: number): ReturnState {
    const seq = shop.returns.length;
    const r = new Rng(this.seed, shop.idx, K.RETURN, seq);
    const lines = this.orderStatic(shop, st).lines;
    const type = r.weighted<ReturnType>([['REFUND', 25], ['RETURN_AND_REFUND', 65], ['REPLACEMENT', 10]]);
    const want = Math.min(lines.length, r.weighted([[1, 75], [2, 20], [lines.length, 5]] as const));
    const idx = lines.map((_, k) => k);
    for (let k = 0; k < want; k++) {
      const swap = r.int(k, idx.length - 1);
      const tmp = at(idx, k);
      idx[k] = at(idx, swap);
      idx[swap] = tmp;
    }
    const lineIdx = idx.slice(0, want).sort((a, b) => a - b);
    const [reason, reasonText] = r.pick(RETURN_REASONS);
    const ret: ReturnState = {
      seq,
      id: '40' + pad(shop.idx, 2) + pad(seq, 8) + r.digits(7),
      orderIdx: st.i,
      type,
      stage: 0,
      alt: undefined,
      create,
      update: create,
      version: 0,
      lineIdx,
      lineIds: lineIdx.map((k) => '41' + pad(shop.idx, 2) + pad(seq, 8) + pad(k, 2) + r.digits(5)),
      reason,
      reasonText,
      shipmentType: r.chance(0.8) ? 'PLATFORM' : 'BUYER_ARRANGE',
      handover: r.chance(0.7) ? 'DROP_OFF' : 'PICKUP',
      trackingNumber: 'RT' + r.digits(12),
      provider: r.pick(PROVIDERS[shop.market.region] ?? PROVIDERS['other'] ?? ['Courier']),
      platformShip: type === 'RETURN_AND_REFUND' ? shop.market.shipMin : 0,
      json: undefined,
    };
    // Walk the return through its flow up to the clock.
    while (!returnFinished(ret)) {
      const next = ret.update + r.int(6 * HOUR, 3 * DAY);
      if (next > clock) break;
      if (r.chance(0.08)) ret.alt = r.pick(RETURN_ALT_END[type]);
      else ret.stage++;
      ret.update = next;
    }
    st.hasReturn = true;
    shop.returns.push(ret);
    shop.returnsVersion++;
    return ret;
  }

  private progressReturn(ret: ReturnState, time: number): void {
    ret.version++;
    if (!returnFinished(ret)) ret.stage++;
    ret.update = time;
    ret.json = undefined;
  }

  private returnJson(shop: ShopState, ret: ReturnState): string {
    if (ret.json !== undefined) return ret.json;
    const json = JSON.stringify(this.returnObject(shop, ret));
    if (this.opts.cacheJson) ret.json = json;
    return json;
  }

  private returnObject(shop: ShopState, ret: ReturnState): ReturnRecord {
    const m = shop.market;
    const money = (v: number): string => formatMoney(v, m.decimals);
    const st = at(shop.orders, ret.orderIdx);
    const lines = this.orderStatic(shop, st).lines;
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
      return {
        return_line_item_id: at(ret.lineIds, n),
        order_line_item_id: line.id,
        sku_id: line.skuId,
        sku_name: line.skuName,
        seller_sku: line.sellerSku,
        product_name: line.productName,
        product_image: { url: line.skuImage, width: 200, height: 200 },
        refund_amount: {
          currency: m.currency, refund_total: money(lineSub + lineTax), refund_subtotal: money(lineSub),
          refund_shipping_fee: money(0), refund_tax: money(lineTax),
        },
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

  private cached(shop: ShopState, key: string, version: number, build: () => number[]): number[] {
    const hit = shop.queryCache.get(key);
    if (hit && hit.version === version) return hit.list;
    const list = build();
    if (shop.queryCache.size > 64) shop.queryCache.clear();
    shop.queryCache.set(key, { version, list });
    return list;
  }
}

// -------------------------------------------------------------------------------------------- free functions

/**
 * Bump allocator for cached JSON: strings are copied into 1 MiB slabs and kept as views, which costs ~ the bytes
 * themselves (a Buffer per string would round up in the shared pool; a kept string would stay a rope).
 */
class Arena {
  private slab = Buffer.allocUnsafeSlow(0);
  private used = 0;

  /** `text` must be ASCII (all generated JSON is): it is copied as latin1, one byte per character. */
  copy(text: string): Buffer {
    const length = text.length;
    if (length > this.slab.length - this.used) {
      this.slab = Buffer.allocUnsafeSlow(Math.max(1 << 20, length));
      this.used = 0;
    }
    const start = this.used;
    this.slab.write(text, start, length, 'latin1');
    this.used += length;
    return this.slab.subarray(start, start + length);
  }
}

function listView(list: readonly number[], desc: boolean): View {
  const n = list.length;
  return { length: n, at: desc ? (k) => at(list, n - 1 - k) : (k) => at(list, k) };
}

function roundPrice(value: number, m: Market): number {
  const step = m.priceStep;
  let v = Math.max(step, Math.round(value / step) * step);
  if (m.decimals === 2 && step >= 100) v -= 1; // x.99 pricing
  return v;
}

function auditOf(status: ProductStatus): string {
  switch (status) {
    case 'PENDING':
      return 'AUDITING';
    case 'FAILED':
      return 'FAILED';
    case 'DRAFT':
      return 'NONE';
    default:
      return 'APPROVED';
  }
}

function summaryOf(d: Product): ProductSummary {
  return {
    id: d.id,
    title: d.title,
    status: d.status,
    create_time: d.create_time,
    update_time: d.update_time,
    sales_regions: [d.skus[0]?.price.currency === 'USD' ? 'US' : 'ROW'].filter(Boolean),
    is_not_for_sale: d.is_not_for_sale,
    listing_quality_tier: d.listing_quality_tier,
    audit: d.audit,
    has_draft: d.has_draft,
    skus: d.skus.map((s) => ({
      id: s.id, seller_sku: s.seller_sku, price: s.price, list_price: s.list_price, inventory: s.inventory,
      status_info: s.status_info,
    })),
  };
}

function setStatus(st: OrderState, status: OrderStatus, time: number, stamp?: 'paid' | 'rts' | 'collection' | 'delivery' | 'completed'): void {
  st.status = status;
  st.update = time;
  if (stamp) st[stamp] = time;
}

function cancelOrder(st: OrderState, time: number, by: string): void {
  st.status = 'CANCELLED';
  st.update = time;
  st.cancel = time;
  st.cancelBy = by;
}

/** The order's life up to `clock`: drawn from its own PRNG, so an order's past is the same whatever else exists. */
function initLife(st: OrderState, r: Rng, clock: number): void {
  const fate = r.weighted([['normal', 83], ['late_payment', 5], ['unpaid_cancel', 4], ['cancel', 6], ['hold', 2]] as const);
  const paidAt = st.create + (fate === 'late_payment' ? r.int(HOUR, 3 * DAY) : r.int(20, 1800));
  const holdFor = r.int(2 * HOUR, DAY);
  const cancelAfter = r.int(600, 36 * HOUR);
  const cancelBy = r.chance(0.6) ? 'BUYER' : 'SELLER';
  const rtsAfter = r.int(4 * HOUR, 72 * HOUR);
  const collectAfter = r.int(HOUR, DAY);
  const deliverAfter = r.int(DAY, 6 * DAY);
  const completeAfter = r.int(3 * DAY, 15 * DAY);
  if (fate === 'unpaid_cancel') {
    const when = st.create + r.int(HOUR, 3 * DAY);
    if (when <= clock) cancelOrder(st, when, 'SYSTEM');
    return;
  }
  if (paidAt > clock) return;
  setStatus(st, fate === 'hold' ? 'ON_HOLD' : 'AWAITING_SHIPMENT', paidAt, 'paid');
  let ready = paidAt;
  if (fate === 'hold') {
    ready = paidAt + holdFor;
    if (ready > clock) return;
    setStatus(st, 'AWAITING_SHIPMENT', ready);
  }
  if (fate === 'cancel') {
    const when = ready + cancelAfter;
    if (when <= clock) cancelOrder(st, when, cancelBy);
    return;
  }
  const steps: [OrderStatus, 'rts' | 'collection' | 'delivery' | 'completed', number][] = [
    ['AWAITING_COLLECTION', 'rts', rtsAfter], ['IN_TRANSIT', 'collection', collectAfter], ['DELIVERED', 'delivery', deliverAfter],
    ['COMPLETED', 'completed', completeAfter],
  ];
  let t = ready;
  for (const [status, stamp, after] of steps) {
    t += after;
    if (t > clock) return;
    setStatus(st, status, t, stamp);
  }
}

function returnEligible(st: OrderState): boolean {
  return !st.hasReturn && (st.status === 'DELIVERED' || st.status === 'COMPLETED');
}

function returnStatus(ret: ReturnState): string {
  return ret.alt ?? at(RETURN_FLOWS[ret.type], ret.stage);
}

function returnFinished(ret: ReturnState): boolean {
  return ret.alt !== undefined || ret.stage >= RETURN_FLOWS[ret.type].length - 1;
}

/** Up to `count` distinct indexes in [0, n) satisfying `ok`, in random order. */
function pickDistinct(r: Rng, n: number, count: number, ok: (i: number) => boolean): number[] {
  if (count <= 0) return [];
  const candidates: number[] = [];
  for (let i = 0; i < n; i++) if (ok(i)) candidates.push(i);
  const out: number[] = [];
  for (let k = 0; k < count && k < candidates.length; k++) {
    const swap = r.int(k, candidates.length - 1);
    const tmp = at(candidates, k);
    candidates[k] = at(candidates, swap);
    candidates[swap] = tmp;
    out.push(at(candidates, k));
  }
  return out;
}

/** Up to `count` distinct indexes in [0, n): those satisfying `prefer` first, then any others. */
function pickPreferring(r: Rng, n: number, count: number, prefer: (i: number) => boolean): number[] {
  const first = pickDistinct(r, n, count, prefer);
  if (first.length >= count) return first;
  return first.concat(pickDistinct(r, n, count - first.length, (i) => !prefer(i)));
}

