import type { ApiCall } from '../../../src/sync/api-caller.js';
import type { SyncClient } from '../../../src/sync/run.js';
import type { AuthorizedShop } from '../../../src/sync/shops.js';
import { TapError, EXIT } from '../../../src/errors.js';
import { matchEndpoint } from '../../../src/tiktok/endpoints.js';
import { apiErrorOfKind, classifyApiFailure, MissingScopeError, type ApiError } from '../../../src/tiktok/errors.js';

type Json = Record<string, unknown>;

/** Minor units as the API's decimal string (two decimals, signed): 1050 -> "10.50", -3 -> "-0.03". */
export const decimal = (minor: number): string => `${minor < 0 ? '-' : ''}${Math.floor(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

/** 2023-11-15T00:00:00Z: the first statement's statement_time (statements come at 00:00 UTC, §9.4). */
export const FIRST_STATEMENT_TIME = 1_700_006_400;

/** A small in-memory TikTok Shop for orchestration tests: orders with line items, price detail, externals, returns, products. */
export class FakeShopApi implements SyncClient {
  calls: ApiCall[] = [];
  failingShops = new Set<string>();
  /** Product ids whose Get Product is refused with `productRefusalCode`. */
  refusedProducts = new Set<string>();
  /** The code those refusals carry (12052048: "not listed", the one the tap takes for "not available"). */
  productRefusalCode = 12052048;
  /** A call this returns an error for fails with it (after it is counted); `onRequest` sees every call first. */
  failWith?: (call: ApiCall) => Error | undefined;
  onRequest?: (call: ApiCall) => void;
  /** How long a failing call takes to fail, and how many calls are still running. */
  failDelayMs = 0;
  inFlight = 0;
  /** Added to the product search's total_count (a count that promises rows no page returns). */
  productsTotalOffBy = 0;
  readonly shops: AuthorizedShop[];
  readonly orders = new Map<string, Json[]>();
  readonly returns = new Map<string, Json[]>();
  readonly products = new Map<string, Json[]>();
  readonly cancellations = new Map<string, Json[]>();
  readonly packages = new Map<string, Json[]>();
  /** Finance (§9.4-9.6): daily statements, the 202501 transactions of each, one payment per statement, withdrawals. */
  readonly statements = new Map<string, Json[]>();
  readonly transactions = new Map<string, Json[]>();
  readonly payments = new Map<string, Json[]>();
  readonly withdrawals = new Map<string, Json[]>();
  /** Shops whose grant lacks the finance scope: every finance call answers 105005. */
  financeScopeMissing = new Set<string>();

  constructor(shopCount: number, ordersPerShop: number) {
    this.shops = Array.from({ length: shopCount }, (_, s) => ({ id: `74953100221588130${s}0`, cipher: `ROW_c${s}`, name: `Shop ${s}` }));
    for (const [s, shop] of this.shops.entries()) {
      const orders: Json[] = [];
      for (let i = 0; i < ordersPerShop; i++) {
        const id = `5791288300411${String(s)}${String(i).padStart(5, '0')}`;
        const updateTime = 1_700_000_000 + Math.floor(i / 3) * 60 + s; // ties of three
        orders.push({
          id,
          status: 'COMPLETED',
          create_time: updateTime - 100,
          update_time: updateTime,
          line_items: [0, 1].map((n) => ({ id: `${id}${n}`, sku_id: '1729880011223344', sale_price: '9.99', currency: 'USD' })),
        });
      }
      this.orders.set(shop.id, orders);
      this.returns.set(
        shop.id,
        orders.filter((_, i) => i % 10 === 0).map((o, i) => ({
          return_id: `40359900112233${s}${String(i).padStart(5, '0')}`,
          order_id: o.id,
          update_time: (o.update_time as number) + 5,
          return_line_items: [{ return_line_item_id: `4035${s}${String(i).padStart(8, '0')}`, order_line_item_id: `${String(o.id)}0` }],
        })),
      );
      // A cancellation for every 7th order, its line for the order's first line item (§9.1).
      this.cancellations.set(
        shop.id,
        orders.filter((_, i) => i % 7 === 0).map((o, i) => ({
          cancel_id: `57712300${s}${String(i).padStart(6, '0')}`,
          order_id: o.id,
          cancel_status: 'CANCELLATION_REQUEST_COMPLETE',
          update_time: (o.update_time as number) + 7,
          refund_amount: { currency: 'USD', refund_total: '9.99' },
          cancel_line_items: [{ cancel_line_item_id: `5771${s}${String(i).padStart(8, '0')}`, order_line_item_id: `${String(o.id)}0`, sku_id: '1729880011223344' }],
        })),
      );
      // A package for every 4th order; every other one combines the next order too (§9.2: a package can hold several).
      this.packages.set(
        shop.id,
        orders.filter((_, i) => i % 4 === 1).map((o, i) => {
          const held = i % 2 === 0 ? [o] : [o, orders[orders.indexOf(o) + 1] ?? o];
          return {
            id: `11529900${s}${String(i).padStart(6, '0')}`,
            status: 'COMPLETED',
            update_time: (o.update_time as number) + 9,
            tracking_number: `TT${i}`,
            orders: [...new Set(held)].map((h) => ({ id: h.id })),
            order_line_item_ids: [...new Set(held)].flatMap((h) => (h.line_items as Json[]).map((li) => li.id)),
          };
        }),
      );
      this.addFinance(shop.id, s, orders);
      this.products.set(
        shop.id,
        Array.from({ length: 7 }, (_, i) => ({
          id: `17298800112200${s}${i}`,
          status: i === 3 ? 'FREEZE' : 'ACTIVATE',
          update_time: 1_700_000_000 + i * 1000,
          skus: [{ id: `17298800112233${s}${i}`, seller_sku: `SKU-${i}` }],
        })),
      );
    }
  }

  /**
   * Six daily statements per shop: statement k settles the orders i with i % 6 === k (ORDER transactions with
   * amounts in cents), and every other one an adjustment on its first order. The statement's amounts are the exact
   * sums of its transactions'. The last two are PROCESSING, the others PAID; one SETTLE withdrawal per paid payment.
   */
  private addFinance(shopId: string, s: number, orders: Json[]): void {
    const statements: Json[] = [];
    const payments: Json[] = [];
    const withdrawals: Json[] = [];
    for (let k = 0; k < 6; k++) {
      const id = `72854205120${s}${String(k).padStart(7, '0')}`;
      const time = FIRST_STATEMENT_TIME + k * 86_400;
      const settled = orders.filter((_, i) => i % 6 === k);
      const txns: Json[] = settled.map((o, n) => {
        const revenue = 1000 + ((n * 137 + k * 31) % 4000);
        const fee = -(5 + ((n * 17) % 90));
        return {
          id: `82854205120${s}${String(k).padStart(3, '0')}${String(n).padStart(4, '0')}`,
          type: 'ORDER',
          order_id: o.id,
          adjustment_id: '',
          adjustment_order_id: '',
          order_create_time: o.create_time,
          revenue_amount: decimal(revenue),
          shipping_cost_amount: '0.00',
          fee_tax_amount: decimal(fee),
          adjustment_amount: '0.00',
          settlement_amount: decimal(revenue + fee),
          fee_tax_breakdown: { fee: { transaction_fee_amount: decimal(fee) }, tax: {} },
          _settlement: revenue + fee,
        };
      });
      if (k % 2 === 0 && settled.length) {
        txns.push({ id: `92854205120${s}${String(k).padStart(7, '0')}`, type: 'PLATFORM_PENALTY', order_id: '', adjustment_id: `9${k}`, adjustment_order_id: settled[0]!.id, order_create_time: settled[0]!.create_time, adjustment_amount: '-1.01', settlement_amount: '-1.01', _settlement: -101 });
      }
      const total = txns.reduce((sum, t) => sum + (t._settlement as number), 0);
      for (const t of txns) delete t._settlement;
      this.transactions.set(id, txns);
      const status = k >= 4 ? 'PROCESSING' : 'PAID';
      const paymentId = `62854205120${s}${String(k).padStart(7, '0')}`;
      statements.push({ id, statement_time: time, currency: 'USD', settlement_amount: decimal(total), payment_id: paymentId, payment_status: status, ...(status === 'PAID' ? { payment_time: time + 3600 } : {}) });
      payments.push({ id: paymentId, create_time: time, status, amount: { value: decimal(total), currency: 'USD' }, ...(status === 'PAID' ? { paid_time: time + 3600 } : {}) });
      if (status === 'PAID') withdrawals.push({ id: `WD${s}x${k}`, type: 'SETTLE', status: 'SUCCESS', amount: decimal(total), currency: 'USD', create_time: time + 7200 });
    }
    this.statements.set(shopId, statements);
    this.payments.set(shopId, payments);
    // Get Withdrawals has no sort (§9.4): this one answers newest first.
    this.withdrawals.set(shopId, withdrawals.reverse());
  }

  /** A finance list page (GET, everything in the query, §9.4): `field` filtered by _ge/_lt, offset page tokens. */
  private financePage(call: ApiCall, items: Json[], field: string, key: string, sorted: boolean, total: boolean): Json {
    const q = call.query ?? {};
    if (call.method !== 'GET' || call.body !== undefined) throw new Error(`FakeShopApi: ${call.path} is a GET without body (§9.4)`);
    if (sorted && q.sort_field !== field) throw new Error(`FakeShopApi: ${call.path} needs sort_field=${field} (got ${String(q.sort_field)})`);
    const ge = q[`${field}_ge`] === undefined ? -Infinity : Number(q[`${field}_ge`]);
    const lt = q[`${field}_lt`] === undefined ? Infinity : Number(q[`${field}_lt`]);
    let matching = items.filter((x) => (x[field] as number) >= ge && (x[field] as number) < lt);
    if (sorted) matching = [...matching].sort((a, b) => (a[field] as number) - (b[field] as number));
    if (sorted && q.sort_order === 'DESC') matching.reverse();
    const offset = q.page_token ? Number(q.page_token) : 0;
    const size = Number(q.page_size);
    return {
      [key]: structuredClone(matching.slice(offset, offset + size)),
      ...(total ? { total_count: matching.length } : {}),
      next_page_token: offset + size < matching.length ? String(offset + size) : '',
    };
  }

  private finance(call: ApiCall, shopId: string): Json | undefined {
    if (!call.path.startsWith('/finance/')) return undefined;
    if (this.financeScopeMissing.has(shopId)) {
      throw new MissingScopeError({ action: 'fatal', reason: 'missing_scope', hint: 'the app lacks the scope this endpoint needs', endpoint: `GET ${call.path}`, code: 105005, message: 'Access denied: no finance scope', requestId: `RQ${this.calls.length}` });
    }
    if (call.path === '/finance/202309/statements') return this.financePage(call, this.statements.get(shopId)!, 'statement_time', 'statements', true, false);
    if (call.path === '/finance/202309/payments') return this.financePage(call, this.payments.get(shopId)!, 'create_time', 'payments', true, false);
    if (call.path === '/finance/202309/withdrawals') {
      if (call.query?.types !== 'WITHDRAW,SETTLE,TRANSFER,REVERSE') throw new Error(`FakeShopApi: withdrawals need all four types (got ${String(call.query?.types)})`);
      return this.financePage(call, this.withdrawals.get(shopId)!, 'create_time', 'withdrawals', false, true);
    }
    const txns = /^\/finance\/202501\/statements\/(\d+)\/statement_transactions$/.exec(call.path);
    if (txns) {
      const statement = this.statements.get(shopId)!.find((st) => st.id === txns[1]);
      if (!statement) throw new Error(`FakeShopApi: no statement ${txns[1]}`);
      const q = call.query ?? {};
      if (q.sort_field !== 'order_create_time') throw new Error('FakeShopApi: statement transactions need sort_field=order_create_time');
      const all = this.transactions.get(statement.id as string)!;
      const offset = q.page_token ? Number(q.page_token) : 0;
      const size = Number(q.page_size);
      // 202501: the statement's fields at the top (id, create_time, currency), no currency per transaction (§9.6).
      return {
        id: statement.id,
        create_time: statement.statement_time,
        status: 'SETTLED',
        currency: statement.currency,
        total_settlement_amount: statement.settlement_amount,
        total_count: all.length,
        transactions: structuredClone(all.slice(offset, offset + size)),
        next_page_token: offset + size < all.length ? String(offset + size) : '',
      };
    }
    return undefined;
  }

  async authorizedShops(): Promise<AuthorizedShop[]> {
    return this.shops;
  }

  stats() {
    return { requests: this.calls.length, retries: 0, throttled: 0 };
  }

  async request<T>(call: ApiCall): Promise<{ data: T; requestId: string }> {
    this.calls.push(call);
    this.onRequest?.(call);
    const failure = this.failWith?.(call);
    if (failure) {
      this.inFlight++;
      // Fail asynchronously, as a real request does.
      await new Promise((resolve) => setTimeout(resolve, this.failDelayMs));
      this.inFlight--;
      throw failure;
    }
    const shopId = call.shop!.id;
    if (this.failingShops.has(shopId)) {
      throw new TapError('API_SHOP_UNAVAILABLE', `shop ${shopId} is deactivated (36009043)`, { exitCode: EXIT.PARTIAL });
    }
    const reply = (data: Json) => ({ data: data as T, requestId: `r${this.calls.length}` });
    const finance = this.finance(call, shopId);
    if (finance) return reply(finance);
    const body = (call.body ?? {}) as { update_time_ge: number; update_time_lt?: number; update_time_le?: number };
    const inRange = (t: number) => t >= body.update_time_ge && (body.update_time_lt !== undefined ? t < body.update_time_lt : t <= body.update_time_le!);
    const page = (items: Json[], key: string) => {
      const sorted = items.filter((x) => inRange(x.update_time as number)).sort((a, b) => (a.update_time as number) - (b.update_time as number));
      const offset = call.query?.page_token ? Number(call.query.page_token) : 0;
      const size = Number(call.query?.page_size);
      return reply({
        [key]: structuredClone(sorted.slice(offset, offset + size)),
        total_count: sorted.length,
        next_page_token: offset + size < sorted.length ? String(offset + size) : '',
      });
    };
    if (call.path.endsWith('/orders/search')) return page(this.orders.get(shopId)!, 'orders');
    if (call.path.endsWith('/returns/search')) return page(this.returns.get(shopId)!, 'return_orders');
    if (call.path.endsWith('/cancellations/search')) return page(this.cancellations.get(shopId)!, 'cancellations');
    if (call.path.endsWith('/packages/search')) return page(this.packages.get(shopId)!, 'packages');
    const pkg = /\/fulfillment\/202309\/packages\/(\d+)$/.exec(call.path);
    if (pkg) {
      const { id, status, ...rest } = structuredClone(this.packages.get(shopId)!.find((p) => p.id === pkg[1])!);
      // §9.3: the detail names them package_id and package_status.
      return reply({ ...rest, package_id: id, package_status: status === 'COMPLETED' ? 'COMPLETED' : status, shipping_type: 'TIKTOK', weight: { value: '120', unit: 'GRAM' } });
    }
    if (call.path.endsWith('/products/search')) {
      // The default status ALL leaves DELETED products out; status DELETED lists only them (§12.3).
      const deleted = (call.body as Json | undefined)?.status === 'DELETED';
      const reply = page(this.products.get(shopId)!.filter((p) => (p.status === 'DELETED') === deleted), 'products');
      if (!deleted) (reply.data as Json).total_count = ((reply.data as Json).total_count as number) + this.productsTotalOffBy;
      return reply;
    }
    if (call.path === '/product/202309/inventory/search') {
      // §12.1: each listed (not deleted) product asked for, every SKU with stock in one warehouse.
      const asked = (call.body as { product_ids: string[] }).product_ids;
      const listed = this.products.get(shopId)!.filter((p) => asked.includes(p.id as string) && p.status !== 'DELETED');
      return reply({
        inventory: listed.map((p) => ({
          product_id: p.id,
          skus: (p.skus as Json[]).map((sku) => ({ id: sku.id, seller_sku: sku.seller_sku, total_available_quantity: 5, total_committed_quantity: 1, warehouse_inventory: [{ warehouse_id: '7068517275539719942', available_quantity: 5, committed_quantity: 1 }] })),
        })),
      });
    }
    const priceDetail = /\/orders\/(\d+)\/price_detail$/.exec(call.path);
    if (priceDetail) {
      const order = this.orders.get(shopId)!.find((o) => o.id === priceDetail[1])!;
      return reply({
        currency: 'USD',
        voucher_deduction_seller: '1020000',
        line_items: (order.line_items as Json[]).map((li) => ({ id: li.id, currency: 'USD', sku_sale_price: '9.99' })),
      });
    }
    const orderTxns = /^\/finance\/202501\/orders\/(\d+)\/statement_transactions$/.exec(call.path);
    if (orderTxns) {
      // §9.7: one row per SKU naming its statement; the two rows split the order's settlement exactly.
      const rows: Json[] = [];
      for (const [statementId, txns] of this.transactions) {
        const t = txns.find((x) => x.type === 'ORDER' && x.order_id === orderTxns[1]);
        if (!t) continue;
        const cents = Math.round(Number(t.settlement_amount) * 100);
        const half = Math.trunc(cents / 2);
        rows.push(...[cents - half, half].map((amount, n) => ({ statement_id: statementId, sku_id: `17298800112233${n}`, quantity: '1', settlement_amount: decimal(amount) })));
      }
      return reply({ order_id: orderTxns[1], order_create_time: 1_700_000_000, currency: 'USD', sku_transactions: rows });
    }
    const external = /\/orders\/(\d+)\/external_orders$/.exec(call.path);
    if (external) {
      const order = this.orders.get(shopId)!.find((o) => o.id === external[1])!;
      const lines = order.line_items as Json[];
      return reply({
        external_orders: [{ id: `59012345${external[1]!.slice(-6)}`, platform: call.query!.platform, line_items: lines.map((li, n) => ({ id: li.id, origin_id: `1357${n}` })) }],
      });
    }
    const product = /\/products\/(\d+)$/.exec(call.path);
    if (product && this.refusedProducts.has(product[1]!)) {
      // Classified as the client classifies the code (src/tiktok/errors.ts), so the table decides what the family does.
      throw refusal(this.productRefusalCode, 'refused', 'GET /product/202309/products/{product_id}');
    }
    if (product) {
      const found = this.products.get(shopId)!.find((p) => p.id === product[1])!;
      return reply({ ...structuredClone(found), description: '<p>detail</p>' });
    }
    const empty = emptyListPage(call);
    if (empty) return reply(empty);
    // Get Shop Performance (not paged): a shop with no day yet.
    if (call.path === '/analytics/202509/shop/performance') return reply({ performance: { intervals: [] } });
    throw new Error(`FakeShopApi: no route for ${call.method} ${call.path}`);
  }
}

/**
 * A list endpoint of the tap's table this fake has no data for (a stream being added): an empty last page, so a
 * new stream's declaration can be synced before the fake learns its records. Per-parent GETs still throw: they
 * are only called for records a list returned.
 */
export function emptyListPage(call: ApiCall): Json | undefined {
  const spec = matchEndpoint(call.method, call.path);
  if (!spec?.itemsKey) return undefined;
  return { [spec.itemsKey]: [], total_count: 0, next_page_token: '' };
}

/** An API error as the client raises it for a refused call (an error code in the envelope): its class as the client picks it. */
export function refusal(code: number, reason: string, endpoint: string, action: 'fatal' | 'skip_shop' = 'fatal'): ApiError {
  return apiErrorOfKind(classifyApiFailure({ code, message: '' }).errorKind, { action, reason, hint: `hint for ${code}`, endpoint, code, message: `refused with ${code}`, requestId: `REQ${code}` });
}
