/**
 * The sandbox's data: shops, products, orders (with line items, price detail, external references and packages),
 * returns, cancellations and finance (statements and their transactions, payments, withdrawals), generated from a
 * seed and kept up to date as the sandbox clock moves.
 *
 * Orders are the bulk (benchmarks use 100,000 per shop), so an order is held as a small mutable state
 * (times and status) and everything else is re-derived on demand from a PRNG keyed by (seed, shop, index);
 * the rendered JSON of an order is cached until the order changes. Sorted indexes:
 *   - by create_time: the order array itself (orders are numbered in creation order, create_time never changes);
 *   - by update_time: `byUpdate`, an array of order indexes sorted by (update_time, index), kept current on
 *     every update, so a page token (an offset) always points into the live sorted set (quirk G1 is real).
 *
 * This class is the front: it owns the shops and the clock; generation, indexes, change over time and JSON
 * rendering live in ./data/ (one file per job).
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
 *                  So price detail payment = order total_amount − retail_delivery_fee − buyer_service_fee. */
import { hashString } from './random.js';
import type { ResolvedOptions } from './options.js';
import type {
  AdvanceOptions, AdvanceResult, AdvanceShopResult, CancellationRecord, ExternalOrder, Order, OrderTransactions, PackageDetail,
  PackageRecord, Payment, PriceDetail, Product, ProductStatus, ReturnRecord, Shop, Statement, StatementTransaction, Withdrawal,
} from './types.js';
import { advanceShop, moveOrderForward } from './data/advance.js';
import { at } from './data/arrays.js';
import { CANCELLATIONS, PACKAGES, RETURNS } from './data/collections.js';
import { ENTITIES, countShop, emptyCounts, type EntityCounts } from './data/counts.js';
import { externalOf } from './data/external-orders.js';
import { advanceFinance, createFinance, setFinanceScope } from './data/finance.js';
import type { FinanceState, StatementState, WithdrawalType } from './data/finance-state.js';
import {
  orderTransactions, paymentRecord, statementRecord, statementTransactionsPage, statementsIn, withdrawalRecord,
} from './data/finance-views.js';
import type { DataContext } from './data/generation.js';
import { JsonCache } from './data/json-cache.js';
import { packageById, packageDetail, packageCreate, packageUpdate } from './data/packages.js';
import { priceDetailOf } from './data/price-detail.js';
import { createShop } from './data/shops.js';
import type { OrderState, ShopState } from './data/state.js';
import { inWindow, type TimeWindow } from './data/views.js';

export { deriveCredentials } from './data/credentials.js';
export type { EntityCounts } from './data/counts.js';
export type { FinanceState } from './data/finance-state.js';
export type { CancelState, OrderState, ProductState, ReturnState, ShopState, SkuRef } from './data/state.js';
export type { OrderQuery, SortOrder, TimeWindow, View } from './data/views.js';

/** Record counts per shop (and summed) in a window: see data/counts.ts. */
export interface CountsReport {
  window: { field: 'create_time' | 'update_time'; ge: number | null; lt: number | null };
  by_shop: Record<string, EntityCounts>;
  total: EntityCounts;
}

export class Store {
  private readonly opts: ResolvedOptions;
  private readonly gen: DataContext;
  private readonly shopList: ShopState[] = [];
  private readonly shopByCipher = new Map<string, ShopState>();
  private readonly shopById = new Map<string, ShopState>();
  /** Each shop's finance records, created with the shop at the start clock (data/finance.ts says why not lazily). */
  private readonly finances = new Map<ShopState, FinanceState>();
  /** The seller (0-based) each shop belongs to (options.ts `sellers`). */
  private readonly sellerOf = new Map<ShopState, number>();
  private readonly json: JsonCache;
  private now: number;
  private advances = 0;
  private moves = 0;

  constructor(opts: ResolvedOptions) {
    this.opts = opts;
    this.gen = { seed: hashString(String(opts.seed)), opts };
    this.json = new JsonCache(this.gen);
    this.now = opts.now;
    for (let s = 0; s < opts.shops; s++) {
      const shop = createShop(this.gen, s, this.now);
      this.shopList.push(shop);
      this.shopById.set(shop.info.id, shop);
      this.shopByCipher.set(shop.info.cipher, shop);
      this.finances.set(shop, createFinance(this.gen, shop, this.now));
      this.sellerOf.set(shop, Math.floor((s * opts.sellers) / opts.shops));
    }
    for (const which of opts.noFinanceScope) {
      const shop = typeof which === 'number' ? this.shopList[which - 1] : this.shopById.get(which);
      if (!shop) throw new RangeError(`noFinanceScope: no shop ${String(which)} (use shop numbers 1-${this.shopList.length} or shop ids)`);
      setFinanceScope(this.finance(shop), false);
    }
  }

  // ------------------------------------------------------------------------------------------- public reads

  /** The sandbox clock (Unix seconds). Every record's times are ≤ it. */
  clock(): number {
    return this.now;
  }

  /** Shops as Get Authorized Shops returns them: every shop, or those of one seller (0-based). */
  shops(seller?: number): Shop[] {
    return this.shopList.filter((s) => seller === undefined || this.sellerOf.get(s) === seller).map((s) => ({ ...s.info }));
  }

  /** The seller (0-based) a shop belongs to. */
  sellerOfShop(shop: ShopState): number {
    return this.sellerOf.get(shop) ?? 0;
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
      out.push(JSON.parse(this.json.order(shop, st).toString('utf8')) as Order);
    }
    return out;
  }

  order(shopId: string, orderId: string): Order | undefined {
    const shop = this.shop(shopId);
    const st = shop.orderById.get(orderId);
    return st ? (JSON.parse(this.json.order(shop, st).toString('utf8')) as Order) : undefined;
  }

  orderCount(shopId: string): number {
    return this.shop(shopId).orders.length;
  }

  priceDetail(shopId: string, orderId: string): PriceDetail | undefined {
    const shop = this.shop(shopId);
    const st = shop.orderById.get(orderId);
    return st ? priceDetailOf(this.gen, shop, st) : undefined;
  }

  /** External order references of an order for one platform ([] when none). */
  externalOrders(shopId: string, orderId: string, platform: string): ExternalOrder[] {
    const shop = this.shop(shopId);
    const st = shop.orderById.get(orderId);
    return st ? externalOf(this.gen, shop, st).filter((e) => e.platform === platform) : [];
  }

  /** Returns of a shop in creation order; optionally filtered by a window on `field` (default update_time). */
  returns(shopId: string, window?: TimeWindow): ReturnRecord[] {
    const shop = this.shop(shopId);
    const field = window?.field ?? 'update_time';
    return shop.returns
      .filter((r) => inWindow(field === 'update_time' ? r.update : r.create, window))
      .map((r) => JSON.parse(RETURNS.json(this.gen, shop, r).toString()) as ReturnRecord);
  }

  /** Cancellations of a shop in creation order; optionally filtered by a window on `field` (default update_time). */
  cancellations(shopId: string, window?: TimeWindow): CancellationRecord[] {
    const shop = this.shop(shopId);
    const field = window?.field ?? 'update_time';
    return shop.cancellations
      .filter((c) => inWindow(field === 'update_time' ? c.update : c.create, window))
      .map((c) => JSON.parse(CANCELLATIONS.json(this.gen, shop, c).toString()) as CancellationRecord);
  }

  /**
   * Packages as Search Packages lists them (those of shipped orders), in order of their orders; optionally filtered
   * by a window on `field` (default update_time).
   */
  packages(shopId: string, window?: TimeWindow): PackageRecord[] {
    const shop = this.shop(shopId);
    const field = window?.field ?? 'update_time';
    return PACKAGES.items(this.gen, shop)
      .filter((ref) => inWindow(field === 'update_time' ? packageUpdate(ref.st) : packageCreate(ref.st), window))
      .map((ref) => JSON.parse(PACKAGES.json(this.gen, shop, ref).toString()) as PackageRecord);
  }

  /** Get Package Detail of any package an order lists (also before it ships), or undefined. */
  packageDetail(shopId: string, packageId: string): PackageDetail | undefined {
    const shop = this.shop(shopId);
    const ref = packageById(this.gen, shop, packageId);
    return ref ? packageDetail(this.gen, shop, ref) : undefined;
  }

  /**
   * How many records of each entity every shop holds, with the parent's `field` (default update_time) in
   * [ge, lt) when given (children count with their parent); `shopId` limits the report to one shop.
   */
  counts(window: TimeWindow = {}, shopId?: string): CountsReport {
    const total = emptyCounts();
    const byShop: Record<string, EntityCounts> = {};
    for (const shop of shopId === undefined ? this.shopList : [this.shop(shopId)]) {
      const c = countShop(this.gen, shop, window, this.finance(shop));
      byShop[shop.info.id] = c;
      for (const e of ENTITIES) total[e] += c[e];
    }
    return { window: { field: window.field ?? 'update_time', ge: window.ge ?? null, lt: window.lt ?? null }, by_shop: byShop, total };
  }

  /**
   * Statements as Get Statements serves them, by statement_time; optionally only those whose `field` (default
   * update_time = the last payment status change; create_time = statement_time) lies in the window. These reads
   * ignore the finance scope (the data is there; only the API refuses it).
   */
  statements(shopId: string, window?: TimeWindow): Statement[] {
    const fin = this.finance(this.shop(shopId));
    return statementsIn(fin).filter((st) => inWindow(financeTime(st.update, st.statementTime, window), window))
      .map((st) => statementRecord(this.gen, fin, st) as unknown as Statement);
  }

  /** Every transaction of a statement (Get Statement Transactions 202501, all pages, ASC), or undefined. */
  statementTransactions(shopId: string, statementId: string): StatementTransaction[] | undefined {
    const fin = this.finance(this.shop(shopId));
    const st = fin.statementById.get(statementId);
    if (!st) return undefined;
    const got = statementTransactionsPage(this.gen, fin, statementId, 0, Number.MAX_SAFE_INTEGER);
    return got?.page.items as unknown as StatementTransaction[] | undefined;
  }

  /** Get Order Transactions 202501 of an order, or undefined when the order is unknown or not settled yet. */
  orderTransactions(shopId: string, orderId: string): OrderTransactions | undefined {
    return orderTransactions(this.gen, this.finance(this.shop(shopId)), orderId) as unknown as OrderTransactions | undefined;
  }

  /** Payments as Get Payments serves them, by create_time; windowed like `statements` (create_time = created). */
  payments(shopId: string, window?: TimeWindow): Payment[] {
    const fin = this.finance(this.shop(shopId));
    return statementsIn(fin).filter((st) => inWindow(financeTime(st.payment.update, st.payment.createTime, window), window))
      .map((st) => paymentRecord(this.gen, fin, st) as unknown as Payment);
  }

  /** Withdrawals of the given types (default all) as Get Withdrawals serves them, by create_time; windowed likewise. */
  withdrawals(shopId: string, window?: TimeWindow, types: readonly WithdrawalType[] = ['WITHDRAW', 'SETTLE', 'TRANSFER', 'REVERSE']): Withdrawal[] {
    const fin = this.finance(this.shop(shopId));
    return fin.withdrawals.filter((x) => types.includes(x.type) && inWindow(financeTime(x.update, x.createTime, window), window))
      .map((x) => withdrawalRecord(this.gen, fin, x) as unknown as Withdrawal);
  }

  /** Whether the shop's grant includes the finance scope (without it every finance endpoint answers 105005). */
  financeScope(shopId: string): boolean {
    return this.finance(this.shop(shopId)).scopeGranted;
  }

  /** Grants or withdraws the finance scope of one shop (`POST /__sandbox/finance_scope`). */
  setFinanceScope(shopId: string, granted: boolean): void {
    setFinanceScope(this.finance(this.shop(shopId)), granted);
  }

  /** Products with full detail (as Get Product would return them, whatever their status). */
  products(shopId: string, window?: TimeWindow): Product[] {
    const shop = this.shop(shopId);
    const field = window?.field ?? 'update_time';
    return shop.products
      .filter((p) => inWindow(field === 'update_time' ? p.data.update_time : p.data.create_time, window))
      .map((p) => JSON.parse(this.json.productDetail(p)) as Product);
  }

  // ------------------------------------------------------------------------------------ used by the server

  shopByCipherValue(cipher: string): ShopState | undefined {
    return this.shopByCipher.get(cipher);
  }

  shopIdOf(shop: ShopState): string {
    return shop.info.id;
  }

  /** The finance records of a shop (statements, payments, withdrawals; data/finance-views.ts reads them). */
  finance(shop: ShopState): FinanceState {
    const fin = this.finances.get(shop);
    if (!fin) throw new Error(`shop ${shop.info.id} has no finance records`);
    return fin;
  }

  shopsJson(seller?: number): string {
    return JSON.stringify({ shops: this.shops(seller) });
  }

  /** What the data generators and the search declarations share (seed and options). */
  get data(): DataContext {
    return this.gen;
  }

  orderJsonAt(shop: ShopState, i: number): Buffer {
    return this.json.order(shop, at(shop.orders, i));
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
          this.json.order(shop, at(shop.orders, i));
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
    return JSON.stringify(priceDetailOf(this.gen, shop, st));
  }

  externalOrdersJson(shop: ShopState, st: OrderState, platform: string): string {
    return JSON.stringify({ external_orders: externalOf(this.gen, shop, st).filter((e) => e.platform === platform) });
  }

  packageDetailJson(shop: ShopState, packageId: string): string | undefined {
    const ref = packageById(this.gen, shop, packageId);
    return ref ? JSON.stringify(packageDetail(this.gen, shop, ref)) : undefined;
  }

  productById(shop: ShopState, productId: string): { status: ProductStatus; json: () => string } | undefined {
    const p = shop.productById.get(productId);
    return p ? { status: p.data.status, json: () => this.json.productDetail(p) } : undefined;
  }

  /**
   * Quirk G1: an order "updated during the search". Moves the order's update_time forward to the sandbox clock,
   * which ticks one second first (so the order sorts after every other), progressing its status when it can.
   */
  moveOrderForward(shop: ShopState, i: number): void {
    this.moves++;
    this.now += 1;
    moveOrderForward(this.gen, shop, i, this.now);
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
      newCancellations: options.newCancellations ?? 1,
      updatedCancellations: options.updatedCancellations ?? 1,
      resolveStatements: options.resolveStatements ?? 1,
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
      const res = advanceShop(this.gen, shop, this.advances, previous, seconds, counts);
      // After the orders moved: orders completed in a day the advance closed settle in that day's statement.
      const fin = this.finance(shop);
      const f = advanceFinance(this.gen, fin, this.advances, previous, seconds, { resolveStatements: counts.resolveStatements });
      const statement = (id: string): StatementState => {
        const st = fin.statementById.get(id);
        if (!st) throw new Error(`advance reported an unknown statement ${id}`);
        return st;
      };
      const fresh = new Set(f.new_withdrawals);
      const changed = new Set(f.updated_statements.map((id) => statement(id).k));
      shops.push({
        ...res,
        new_statements: f.new_statements,
        updated_statements: f.updated_statements,
        new_payments: f.new_statements.map((id) => statement(id).payment.id),
        updated_payments: f.updated_statements.map((id) => statement(id).payment.id),
        new_withdrawals: f.new_withdrawals,
        updated_withdrawals: fin.withdrawals.filter((x) => changed.has(x.statementK) && !fresh.has(x.id)).map((x) => x.id),
      });
    }
    return { previous_clock: previous, clock: next, shops };
  }

  /** A shop's state by id (throws for an unknown id). */
  shop(shopId: string): ShopState {
    const shop = this.shopById.get(shopId);
    if (!shop) throw new Error(`unknown shop ${shopId}`);
    return shop;
  }
}

/** A finance record's time for a window: its last change (update_time, the default) or its creation. */
function financeTime(update: number, create: number, window: TimeWindow | undefined): number {
  return (window?.field ?? 'update_time') === 'update_time' ? update : create;
}
