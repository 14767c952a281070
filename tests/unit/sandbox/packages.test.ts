/** Search Packages (§9.2) and Get Package Detail (§9.3): rules, paging, sort, filters, consistency with orders. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { PACKAGE_NOT_FOUND, startSandbox, type Order, type PackageRecord, type SandboxHandle } from '../../../src/sandbox/index.js';
import { ORDERS, PACKAGES, call, packageDetailPath, pageAll } from './helpers.js';

let sb: SandboxHandle;
let shopId: string;
let cipher: string;

beforeAll(async () => {
  // Shop 1 (GB) is LOCAL, shop 4 (MY) CROSS_BORDER.
  sb = await startSandbox({ seed: 12, shops: 4, orders: 600, products: 30 });
  shopId = sb.store.shops()[0]!.id;
  cipher = sb.store.shops()[0]!.cipher;
});
afterAll(async () => {
  await sb.close();
});

const search = (query: Record<string, string>, body: unknown = {}) =>
  call(sb, 'POST', PACKAGES, { query: { shop_cipher: cipher, ...query }, body });
const detail = (id: string, c = cipher) => call(sb, 'GET', packageDetailPath(id), { query: { shop_cipher: c } });
const ids = (items: { id: string }[]): string[] => items.map((p) => p.id).sort();

const PACKAGE_STATUS: Record<string, string> = {
  AWAITING_COLLECTION: 'PROCESSING', IN_TRANSIT: 'FULFILLING', DELIVERED: 'COMPLETED', COMPLETED: 'COMPLETED',
  UNPAID: 'TO_FULFILL', ON_HOLD: 'TO_FULFILL', AWAITING_SHIPMENT: 'TO_FULFILL', CANCELLED: 'CANCELLED',
};

describe('Search Packages rules', () => {
  test('page_size is required, 1-50', async () => {
    expect((await search({})).body.code).toBe(36009004);
    for (const bad of ['0', '51', 'x']) expect((await search({ page_size: bad })).body.code).toBe(36009004);
    const ok = await search({ page_size: '50' });
    expect(ok.body.code).toBe(0);
    expect(ok.body.data.packages).toHaveLength(50);
    expect(ok.body.data.total_count).toBe(sb.store.packages(shopId).length);
  });

  test('sort: create_time DESC by default (unlike returns), ASC, update_time and order_pay_time on request', async () => {
    const def = await pageAll(sb, PACKAGES, cipher, 'packages', { pageSize: 50 });
    const creates = def.items.map((p) => p.create_time as number);
    expect(creates).toEqual([...creates].sort((a, b) => b - a));
    expect(creates[0]).toBeGreaterThan(creates[creates.length - 1]!);
    const asc = await pageAll(sb, PACKAGES, cipher, 'packages', { pageSize: 50, sortField: 'update_time', sortOrder: 'ASC' });
    const updates = asc.items.map((p) => p.update_time as number);
    expect(updates).toEqual([...updates].sort((a, b) => a - b));
    expect(ids(asc.items)).toEqual(ids(def.items));
    const paid = await search({ page_size: '50', sort_field: 'order_pay_time', sort_order: 'ASC' });
    expect(paid.body.code).toBe(0);
    const orders = new Map(sb.store.orders(shopId).map((o) => [o.id, o] as const));
    const payTimes = (paid.body.data.packages as PackageRecord[]).map((p) => orders.get(p.orders[0]!.id)!.paid_time!);
    expect(payTimes).toEqual([...payTimes].sort((a, b) => a - b));
    expect((await search({ page_size: '10', sort_field: 'status' })).body.code).toBe(36009004);
  });

  test('pages of 13 list every package of a shipped order exactly once; a token fits only its query', async () => {
    const all = await pageAll(sb, PACKAGES, cipher, 'packages', { pageSize: 13 });
    const expected = sb.store.packages(shopId);
    expect(expected.length).toBeGreaterThan(300);
    expect(all.items).toHaveLength(expected.length);
    expect(ids(all.items)).toEqual(ids(expected));
    const first = await search({ page_size: '13' });
    const token = first.body.data.next_page_token as string;
    expect((await search({ page_size: '20', page_token: token })).body.code).toBe(0);
    expect((await search({ page_size: '13', page_token: token, sort_field: 'update_time' })).body.code).toBe(36009004);
    expect((await call(sb, 'POST', ORDERS, { query: { shop_cipher: cipher, page_size: '10', page_token: token } })).body.code).toBe(36009004);
  });

  test('time filters (_ge inclusive, _lt exclusive) and package_status (one value)', async () => {
    const all = sb.store.packages(shopId);
    const times = all.map((p) => p.update_time).sort((a, b) => a - b);
    const lo = times[50]!;
    const hi = times[250]!;
    const got = await pageAll(sb, PACKAGES, cipher, 'packages', { pageSize: 50, body: { update_time_ge: lo, update_time_lt: hi } });
    expect(ids(got.items)).toEqual(ids(sb.store.packages(shopId, { ge: lo, lt: hi })));
    expect(got.items.some((p) => p.update_time === lo)).toBe(true);
    expect(got.items.every((p) => p.update_time < hi)).toBe(true);
    const created = await pageAll(sb, PACKAGES, cipher, 'packages', { pageSize: 50, body: { create_time_lt: lo } });
    expect(ids(created.items)).toEqual(ids(all.filter((p) => p.create_time < lo)));
    for (const status of ['PROCESSING', 'FULFILLING', 'COMPLETED']) {
      const one = await pageAll(sb, PACKAGES, cipher, 'packages', { pageSize: 50, body: { package_status: status } });
      expect(one.items.length).toBeGreaterThan(0);
      expect(ids(one.items)).toEqual(ids(all.filter((p) => p.status === status)));
    }
    expect((await search({ page_size: '10' }, { package_status: 'TO_FULFILL' })).body.code).toBe(36009004);
    expect((await search({ page_size: '10' }, { package_status: ['COMPLETED'] })).body.code).toBe(36009004);
  });
});

describe('packages and orders', () => {
  test('packages are the shipped orders\' packages[]: every line item in exactly one, with its tracking number', () => {
    let split = 0;
    for (const shop of sb.store.shops()) {
      const packages = sb.store.packages(shop.id);
      const byOrder = new Map<string, PackageRecord[]>();
      for (const p of packages) {
        expect(p.orders).toHaveLength(1);
        byOrder.set(p.orders[0]!.id, [...(byOrder.get(p.orders[0]!.id) ?? []), p]);
      }
      for (const o of sb.store.orders(shop.id)) {
        const pkgs = byOrder.get(o.id) ?? [];
        if (o.rts_time === undefined) {
          expect([o.id, pkgs.length]).toEqual([o.id, 0]);
          continue;
        }
        expect(pkgs.map((p) => p.id).sort()).toEqual(o.packages.map((p) => p.id).sort());
        if (pkgs.length > 1) split++;
        const seen: string[] = [];
        for (const p of pkgs) {
          expect(p.status).toBe(PACKAGE_STATUS[o.status]);
          expect(p.create_time).toBe(o.paid_time);
          expect(p.update_time).toBe(Math.max(o.paid_time!, o.rts_time, o.collection_time ?? 0, o.delivery_time ?? 0));
          expect(p.shipping_provider_id).toBe(o.shipping_provider_id);
          const lines = o.line_items.filter((li) => p.order_line_item_ids.includes(li.id));
          expect(lines).toHaveLength(p.order_line_item_ids.length);
          for (const li of lines) {
            expect(li.package_id).toBe(p.id);
            expect(li.tracking_number).toBe(p.tracking_number);
          }
          const quantities: Record<string, number> = {};
          for (const li of lines) quantities[li.sku_id] = (quantities[li.sku_id] ?? 0) + 1;
          expect(Object.fromEntries(p.orders[0]!.skus.map((s) => [s.id, s.quantity]))).toEqual(quantities);
          seen.push(...p.order_line_item_ids);
        }
        expect(seen.sort()).toEqual(o.line_items.map((li) => li.id).sort());
        expect(o.tracking_number).toBe(pkgs.find((p) => p.id === o.packages[0]!.id)!.tracking_number);
      }
    }
    expect(split).toBeGreaterThan(5);
  });
});

describe('Get Package Detail', () => {
  test('its own names (package_id, package_status) and every §9.3 field; shared fields equal the search', async () => {
    const all = sb.store.packages(shopId);
    const pkg = all[0]!;
    const res = await detail(pkg.id);
    expect(res.body.code).toBe(0);
    const d = res.body.data;
    expect(d).toEqual(sb.store.packageDetail(shopId, pkg.id));
    expect(d.package_id).toBe(pkg.id);
    expect(d.package_status).toBe(pkg.status);
    expect(d.id).toBeUndefined();
    expect(d.status).toBeUndefined();
    for (const key of ['create_time', 'update_time', 'tracking_number', 'shipping_provider_id', 'shipping_provider_name', 'order_line_item_ids', 'orders'] as const) {
      expect([key, d[key]]).toEqual([key, pkg[key]]);
    }
    for (const key of ['package_sub_status', 'shipping_type', 'handover_method', 'delivery_option_id', 'delivery_option_name',
      'split_and_combine_tag', 'note_tag', 'has_multi_skus', 'biz_extension_tags', 'dimension', 'weight', 'insurance', 'sender_address',
      'recipient_address']) {
      expect([key, d[key] !== undefined]).toEqual([key, true]);
    }
    expect(Object.keys(d.recipient_address).sort()).toEqual(['address_detail', 'address_line1', 'address_line2', 'address_line3',
      'address_line4', 'full_address', 'name', 'phone_number', 'postal_code', 'region_code']);
    expect(['CM', 'INCH']).toContain(d.dimension.unit);
    expect(['GRAM', 'POUND']).toContain(d.weight.unit);
  });

  test('split packages say SPLIT; cross-border shops add a last-mile tracking number', () => {
    for (const shop of sb.store.shops()) {
      const crossBorder = shop.seller_type === 'CROSS_BORDER';
      for (const o of sb.store.orders(shop.id).filter((x) => x.rts_time !== undefined).slice(0, 200)) {
        for (const { id } of o.packages) {
          const d = sb.store.packageDetail(shop.id, id)!;
          expect(d.split_and_combine_tag).toBe(o.packages.length > 1 ? 'SPLIT' : 'DEFAULT');
          expect(d.shipping_type).toBe(o.shipping_type);
          expect(d.delivery_option_id).toBe(o.delivery_option_id);
          expect(d.last_mile_tracking_number !== undefined).toBe(crossBorder);
        }
      }
    }
    expect(sb.store.shops().map((s) => s.seller_type)).toContain('CROSS_BORDER');
  });

  test('a package not shipped yet is TO_FULFILL (CANCELLED with its order); unknown or another shop\'s id → not found', async () => {
    const orders: Order[] = sb.store.orders(shopId);
    const waiting = orders.find((o) => o.status === 'AWAITING_SHIPMENT')!;
    const waitingDetail = await detail(waiting.packages[0]!.id);
    expect(waitingDetail.body.code).toBe(0);
    expect(waitingDetail.body.data.package_status).toBe('TO_FULFILL');
    expect(waitingDetail.body.data.tracking_number).toBe('');
    const cancelled = orders.find((o) => o.status === 'CANCELLED')!;
    expect((await detail(cancelled.packages[0]!.id)).body.data.package_status).toBe('CANCELLED');
    const known = sb.store.packages(shopId)[0]!.id;
    const forged = known.slice(0, -1) + String((Number(known.slice(-1)) + 1) % 10);
    for (const id of [forged, '1150000000000000000', 'search', '123']) {
      const res = await detail(id);
      expect([id, res.status, res.body.code]).toEqual([id, 200, PACKAGE_NOT_FOUND]);
    }
    const other = sb.store.shops()[1]!;
    expect((await detail(known, other.cipher)).body.code).toBe(PACKAGE_NOT_FOUND);
    expect((await call(sb, 'GET', packageDetailPath(known), {})).body.code).toBe(106013);
  });

  test('requests are counted per endpoint template', () => {
    const byEndpoint = sb.stats().by_endpoint;
    expect(byEndpoint['GET /fulfillment/202309/packages/{package_id}']).toBeGreaterThan(0);
    expect(byEndpoint['POST /fulfillment/202309/packages/search']).toBeGreaterThan(0);
  });
});
