/** The generated data: ids, times, money formulas, price detail, returns, external references, products. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { parseMoney, startSandbox, type Order, type SandboxHandle } from '../../../src/sandbox/index.js';

let sb: SandboxHandle;

beforeAll(async () => {
  // Four shops: US (USD, sales tax), GB (GBP), ID (IDR, whole numbers), MY (MYR).
  sb = await startSandbox({ seed: 42, shops: 4, orders: 300, products: 30, returnsShare: 0.3, externalShare: 0.5 });
});
afterAll(async () => {
  await sb.close();
});

const ID = /^[1-9]\d{17,18}$/;

/** Collects failed checks so that a loop over thousands of records asserts once (and fast). */
class Problems {
  readonly list: string[] = [];
  ok(condition: boolean, what: string): void {
    if (!condition) this.list.push(what);
  }
  eq(actual: unknown, expected: unknown, what: string): void {
    if (actual !== expected) this.list.push(`${what}: got ${String(actual)}, expected ${String(expected)}`);
  }
  assertNone(): void {
    expect(this.list.slice(0, 10)).toEqual([]);
  }
}

function moneyOf(sbx: SandboxHandle, currency: string, problems: Problems) {
  const d = sbx.currencyDecimals(currency);
  const pattern = d === 0 ? /^\d+$/ : new RegExp(`^\\d+\\.\\d{${d}}$`);
  return (text: string): number => {
    problems.ok(pattern.test(text), `money ${text} in ${currency}`);
    return parseMoney(text, d);
  };
}

describe('shops', () => {
  test('regions and currencies differ; ids are 18-19 digit strings', () => {
    const shops = sb.store.shops();
    expect(shops.map((s) => s.region)).toEqual(['US', 'GB', 'ID', 'MY']);
    expect(shops.map((s) => sb.store.currency(s.id))).toEqual(['USD', 'GBP', 'IDR', 'MYR']);
    for (const s of shops) {
      expect(s.id).toMatch(ID);
      expect(s.cipher).toMatch(/^(ROW|GCP)_/);
    }
  });
});

describe('orders', () => {
  test('ids, times, statuses, one line item per unit pointing at real SKUs', () => {
    const pr = new Problems();
    const seenIds = new Set<string>();
    const statuses = new Set<string>();
    for (const shop of sb.store.shops()) {
      const products = sb.store.products(shop.id);
      const skus = new Map(products.flatMap((p) => p.skus.map((s) => [s.id, { product: p, sku: s }] as const)));
      const orders = sb.store.orders(shop.id);
      expect(orders).toHaveLength(300);
      for (const o of orders) {
        pr.ok(typeof o.id === 'string' && ID.test(o.id), `order id ${o.id}`);
        pr.ok(ID.test(o.user_id), `user id ${o.user_id}`);
        pr.ok(!seenIds.has(o.id), `duplicate id ${o.id}`);
        seenIds.add(o.id);
        statuses.add(o.status);
        pr.ok(o.create_time <= o.update_time, `${o.id} create ≤ update`);
        pr.ok(o.update_time <= sb.store.clock(), `${o.id} update ≤ clock`);
        if (o.paid_time !== undefined) {
          pr.ok(o.create_time <= o.paid_time && o.paid_time <= o.update_time, `${o.id} create ≤ paid ≤ update`);
        } else {
          pr.ok(o.status === 'UNPAID' || o.status === 'CANCELLED', `${o.id} unpaid but ${o.status}`);
        }
        pr.ok(o.line_items.length > 0, `${o.id} has line items`);
        for (const li of o.line_items) {
          pr.ok(ID.test(li.id), `line id ${li.id}`);
          pr.ok(!seenIds.has(li.id), `duplicate id ${li.id}`);
          seenIds.add(li.id);
          pr.ok(!('quantity' in li), `${li.id} has no quantity`);
          const ref = skus.get(li.sku_id);
          pr.ok(ref !== undefined, `${li.id} sku ${li.sku_id} exists`);
          pr.eq(ref?.product.id, li.product_id, `${li.id} product`);
          pr.eq(li.original_price, ref?.sku.price.sale_price, `${li.id} original price = sku price`);
          pr.eq(li.display_status, o.status, `${li.id} display status`);
        }
      }
    }
    pr.assertNone();
    for (const s of ['UNPAID', 'AWAITING_SHIPMENT', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED', 'COMPLETED', 'CANCELLED']) {
      expect(statuses).toContain(s);
    }
  });

  test('money adds up by the payment formulas (§5.2) for every order', () => {
    const pr = new Problems();
    let taxed = 0;
    for (const shop of sb.store.shops()) {
      const currency = sb.store.currency(shop.id);
      const m = moneyOf(sb, currency, pr);
      for (const o of sb.store.orders(shop.id)) {
        const p = o.payment;
        const at = (what: string): string => `${o.id} ${what}`;
        pr.eq(p.currency, currency, at('currency'));
        let original = 0;
        let seller = 0;
        let platform = 0;
        let itemTax = 0;
        for (const li of o.line_items) {
          pr.eq(li.currency, currency, at('line currency'));
          pr.eq(m(li.sale_price), m(li.original_price) - m(li.seller_discount) - m(li.platform_discount), at('line sale_price'));
          original += m(li.original_price);
          seller += m(li.seller_discount);
          platform += m(li.platform_discount);
          for (const t of li.item_tax) itemTax += m(t.tax_amount);
        }
        pr.eq(m(p.original_total_product_price), original, at('original_total_product_price'));
        pr.eq(m(p.seller_discount), seller, at('seller_discount'));
        pr.eq(m(p.platform_discount), platform, at('platform_discount'));
        pr.eq(m(p.sub_total), m(p.original_total_product_price) - m(p.seller_discount) - m(p.platform_discount), at('sub_total'));
        pr.eq(m(p.shipping_fee), m(p.original_shipping_fee) - m(p.shipping_fee_seller_discount) - m(p.shipping_fee_platform_discount), at('shipping_fee'));
        pr.eq(m(p.product_tax), itemTax, at('product_tax'));
        pr.eq(m(p.tax), m(p.product_tax) + m(p.shipping_fee_tax), at('tax'));
        pr.eq(m(p.total_amount), m(p.sub_total) + m(p.shipping_fee) + m(p.tax) + m(p.retail_delivery_fee)
          + m(p.buyer_service_fee) + m(p.small_order_fee), at('total_amount'));
        if (m(p.tax) > 0) taxed++;
      }
    }
    pr.assertNone();
    expect(taxed).toBeGreaterThan(0);
  });

  test('price detail agrees with the order and adds up by §5.4', () => {
    const pr = new Problems();
    const keys = ['sku_list_price', 'subtotal_deduction_seller', 'subtotal_deduction_platform', 'sku_sale_price', 'subtotal_tax_amount',
      'subtotal', 'shipping_list_price', 'shipping_fee_deduction_seller', 'shipping_fee_deduction_platform', 'shipping_sale_price',
      'tax_amount', 'net_price_amount', 'small_order_fee', 'payment', 'total'] as const;
    for (const shop of sb.store.shops()) {
      const m = moneyOf(sb, sb.store.currency(shop.id), pr);
      for (const o of sb.store.orders(shop.id)) {
        const at = (what: string): string => `${o.id} ${what}`;
        const pd = sb.store.priceDetail(shop.id, o.id)!;
        const p = o.payment;
        pr.eq(pd.line_items.map((l) => l.id).join(), o.line_items.map((l) => l.id).join(), at('line ids'));
        pr.eq(m(pd.sku_list_price), m(p.original_total_product_price), at('sku_list_price'));
        pr.eq(m(pd.sku_sale_price), m(p.sub_total), at('sku_sale_price'));
        pr.eq(m(pd.shipping_list_price), m(p.original_shipping_fee), at('shipping_list_price'));
        pr.eq(m(pd.shipping_sale_price), m(p.shipping_fee), at('shipping_sale_price'));
        pr.eq(m(pd.tax_amount), m(p.tax), at('tax_amount'));
        pr.eq(m(pd.payment), m(p.total_amount) - m(p.retail_delivery_fee) - m(p.buyer_service_fee), at('payment'));
        for (const row of [pd, ...pd.line_items]) {
          pr.eq(m(row.sku_sale_price), m(row.sku_list_price) - m(row.subtotal_deduction_seller) - m(row.subtotal_deduction_platform), at('row sku_sale_price'));
          pr.eq(m(row.subtotal), m(row.sku_sale_price) + m(row.subtotal_tax_amount), at('row subtotal'));
          pr.eq(m(row.shipping_sale_price), m(row.shipping_list_price) - m(row.shipping_fee_deduction_seller) - m(row.shipping_fee_deduction_platform), at('row shipping_sale_price'));
          pr.ok(m(row.shipping_sale_price) >= 0, at('row shipping_sale_price ≥ 0'));
          pr.eq(m(row.payment), m(row.sku_sale_price) + m(row.shipping_sale_price) + m(row.tax_amount) + m(row.small_order_fee), at('row payment'));
          pr.eq(m(row.total), m(row.sku_list_price) + m(row.shipping_list_price), at('row total'));
          pr.eq(m(row.net_price_amount), m(row.sku_sale_price), at('row net_price_amount'));
        }
        for (const key of keys) pr.eq(pd.line_items.reduce((sum, l) => sum + m(l[key]), 0), m(pd[key]), at(`Σ ${key}`));
        o.line_items.forEach((li, k) => {
          pr.eq(pd.line_items[k]?.sku_list_price, li.original_price, at('line list price'));
          pr.eq(pd.line_items[k]?.sku_sale_price, li.sale_price, at('line sale price'));
        });
      }
    }
    pr.assertNone();
  });

  test('IDR money is whole numbers', () => {
    const id = sb.store.shops().find((s) => s.region === 'ID')!;
    for (const o of sb.store.orders(id.id)) expect(o.payment.total_amount).toMatch(/^\d+$/);
  });
});

describe('returns', () => {
  test('point at distinct real line items of their order and refund no more than was paid', () => {
    const pr = new Problems();
    let count = 0;
    for (const shop of sb.store.shops()) {
      const m = moneyOf(sb, sb.store.currency(shop.id), pr);
      const orders = new Map(sb.store.orders(shop.id).map((o) => [o.id, o] as const));
      for (const r of sb.store.returns(shop.id)) {
        count++;
        expect(r.return_id).toMatch(ID);
        const order: Order | undefined = orders.get(r.order_id);
        expect(order).toBeDefined();
        expect(['DELIVERED', 'COMPLETED']).toContain(order!.status);
        expect(r.create_time).toBeGreaterThanOrEqual(order!.paid_time!);
        expect(r.create_time).toBeLessThanOrEqual(r.update_time);
        const lineIds = r.return_line_items.map((x) => x.order_line_item_id);
        expect(new Set(lineIds).size).toBe(lineIds.length);
        let sum = 0;
        for (const rli of r.return_line_items) {
          expect(rli.return_line_item_id).toMatch(ID);
          const li = order!.line_items.find((x) => x.id === rli.order_line_item_id);
          expect(li).toBeDefined();
          expect(rli.sku_id).toBe(li!.sku_id);
          const tax = li!.item_tax.reduce((s, t) => s + m(t.tax_amount), 0);
          expect(m(rli.refund_amount.refund_total)).toBeLessThanOrEqual(m(li!.sale_price) + tax);
          expect(m(rli.refund_amount.refund_total)).toBe(m(rli.refund_amount.refund_subtotal) + m(rli.refund_amount.refund_tax)
            + m(rli.refund_amount.refund_shipping_fee));
          sum += m(rli.refund_amount.refund_total);
        }
        expect(m(r.refund_amount.refund_total)).toBe(sum);
        expect(m(r.refund_amount.refund_total)).toBeLessThanOrEqual(m(order!.payment.total_amount));
      }
    }
    pr.assertNone();
    expect(count).toBeGreaterThan(10);
  });
});

describe('external orders', () => {
  test('line_items[].id are the order line item ids; several platforms occur', () => {
    const platforms = new Set<string>();
    let linked = 0;
    for (const shop of sb.store.shops()) {
      for (const o of sb.store.orders(shop.id)) {
        for (const platform of ['SHOPIFY', 'WOOCOMMERCE']) {
          for (const ext of sb.store.externalOrders(shop.id, o.id, platform)) {
            linked++;
            platforms.add(ext.platform);
            expect(ext.platform).toBe(platform);
            expect(ext.line_items.map((l) => l.id)).toEqual(o.line_items.map((l) => l.id));
            for (const l of ext.line_items) expect(l.origin_id).toMatch(/^\d+$/);
          }
        }
      }
    }
    expect(platforms).toEqual(new Set(['SHOPIFY', 'WOOCOMMERCE']));
    expect(linked).toBeGreaterThan(100);
  });
});

describe('products', () => {
  test('ids, SKUs with prices and inventory, a status mix', () => {
    const statuses = new Set<string>();
    for (const shop of sb.store.shops()) {
      for (const p of sb.store.products(shop.id)) {
        statuses.add(p.status);
        expect(p.id).toMatch(ID);
        expect(p.create_time).toBeLessThanOrEqual(p.update_time);
        expect(p.skus.length).toBeGreaterThan(0);
        for (const s of p.skus) {
          expect(s.id).toMatch(ID);
          expect(s.price.currency).toBe(sb.store.currency(shop.id));
          expect(Number.isInteger(s.inventory[0]!.quantity)).toBe(true);
        }
      }
    }
    expect(statuses).toContain('ACTIVATE');
    expect([...statuses].some((s) => s === 'FREEZE' || s === 'DELETED')).toBe(true);
  });
});
