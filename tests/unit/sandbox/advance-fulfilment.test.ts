/** The clock advance creates and moves cancellations and packages; G1 moves keep them in step; determinism. */
import { describe, expect, test } from '@jest/globals';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../src/sandbox/index.js';
import { CANCELLATIONS, ORDERS, PACKAGES, call, pageAll, sha256 } from './helpers.js';

async function withSandbox<T>(options: Partial<SandboxOptions>, fn: (sb: SandboxHandle) => Promise<T>): Promise<T> {
  const sb = await startSandbox(options);
  try {
    return await fn(sb);
  } finally {
    await sb.close();
  }
}

const ids = (items: { cancel_id?: string; id?: string }[]): string[] => items.map((x) => x.cancel_id ?? x.id ?? '').sort();

describe('advance', () => {
  test('new and moved cancellations and packages are exactly what an update_time_ge search finds', () => withSandbox(
    { seed: 31, shops: 2, orders: 400, products: 20 }, async (sb) => {
      const old = sb.store.clock();
      const before = new Map(sb.store.shops().map((s) => [s.id, new Map(sb.store.cancellations(s.id).map((c) => [c.cancel_id, c] as const))]));
      const res = await fetch(`${sb.info.base_url}/__sandbox/advance`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ seconds: 4 * 86400, new_orders: 5, updated_orders: 60, new_cancellations: 3, updated_cancellations: 2 }),
      });
      const data = ((await res.json()) as any).data;
      for (const [k, shop] of sb.store.shops().entries()) {
        const changes = data.shops[k];
        expect(changes.shop_id).toBe(shop.id);
        // Cancellations: the three requests, the two moved, and those of the orders the advance cancelled or shipped.
        const cancels = await pageAll(sb, CANCELLATIONS, shop.cipher, 'cancellations', { pageSize: 50, body: { update_time_ge: old + 1 } });
        expect(ids(cancels.items)).toEqual([...changes.new_cancellations, ...changes.updated_cancellations].sort());
        expect(changes.new_cancellations.length).toBeGreaterThanOrEqual(3);
        expect(changes.updated_cancellations.length).toBeGreaterThanOrEqual(2);
        expect(cancels.items.filter((c) => before.get(shop.id)!.get(c.cancel_id)?.cancel_status === 'CANCELLATION_REQUEST_PENDING'
          && c.cancel_status !== 'CANCELLATION_REQUEST_PENDING').length).toBeGreaterThan(0);
        const requests = cancels.items.filter((c) => changes.new_cancellations.includes(c.cancel_id) && c.cancel_status === 'CANCELLATION_REQUEST_PENDING');
        expect(requests.length).toBeGreaterThanOrEqual(3);
        for (const c of cancels.items) {
          expect(c.update_time).toBeGreaterThan(old);
          expect(c.update_time).toBeLessThanOrEqual(data.clock);
          const was = before.get(shop.id)!.get(c.cancel_id);
          expect(was === undefined).toBe(changes.new_cancellations.includes(c.cancel_id));
          // An open cancellation moved on; a finished one (status kept) was only touched.
          const open = was !== undefined && ['CANCELLATION_REQUEST_PENDING', 'CANCELLATION_REQUEST_SUCCESS'].includes(was.cancel_status);
          if (open) expect(c.cancel_status).not.toBe(was.cancel_status);
          if (was && !open) expect(c.cancel_status).toBe(was.cancel_status);
        }
        // Every order the advance cancelled has its cancellation.
        const cancelledNow = sb.store.orders(shop.id, { ge: old + 1 }).filter((o) => o.status === 'CANCELLED' && o.cancel_time! > old);
        const cancelledIds = new Set(cancels.items.filter((c) => c.cancel_status === 'CANCELLATION_REQUEST_SUCCESS'
          || c.cancel_status === 'CANCELLATION_REQUEST_COMPLETE').map((c) => c.order_id));
        for (const o of cancelledNow) expect(cancelledIds.has(o.id)).toBe(true);
        // Packages: those whose order shipped, and those whose status moved on.
        const pkgs = await pageAll(sb, PACKAGES, shop.cipher, 'packages', { pageSize: 50, body: { update_time_ge: old + 1 } });
        expect(ids(pkgs.items)).toEqual([...changes.new_packages, ...changes.updated_packages].sort());
        expect(changes.new_packages.length).toBeGreaterThan(0);
        expect(changes.updated_packages.length).toBeGreaterThan(0);
        for (const id of changes.new_packages) {
          const p = pkgs.items.find((x) => x.id === id)!;
          expect(sb.store.order(shop.id, p.orders[0].id)!.rts_time).toBeGreaterThan(old);
        }
        // Orders: the advance's lists are still exactly what changed (requests and refunds do not touch orders).
        const orders = await pageAll(sb, ORDERS, shop.cipher, 'orders', { pageSize: 100, sortField: 'update_time', body: { update_time_ge: old + 1 } });
        expect(orders.items.map((o) => o.id).sort()).toEqual([...changes.new_orders, ...changes.updated_orders].sort());
      }
    }));

  test('a pending request is settled by its order: cancelled → SUCCESS by the buyer, shipped → turned down', () => withSandbox(
    { seed: 32, shops: 1, orders: 300, products: 20 }, async (sb) => {
      const shop = sb.store.shops()[0]!;
      let settled = 0;
      for (let round = 0; round < 6; round++) {
        const pending = new Map(sb.store.cancellations(shop.id).filter((c) => c.cancel_status === 'CANCELLATION_REQUEST_PENDING')
          .map((c) => [c.cancel_id, c] as const));
        sb.advance({ seconds: 86400, newOrders: 0, updatedOrders: 80, newCancellations: 5, updatedCancellations: 0 });
        for (const c of sb.store.cancellations(shop.id)) {
          if (!pending.has(c.cancel_id) || c.cancel_status === 'CANCELLATION_REQUEST_PENDING') continue;
          settled++;
          const order = sb.store.order(shop.id, c.order_id)!;
          if (order.status === 'CANCELLED') {
            expect(['CANCELLATION_REQUEST_SUCCESS', 'CANCELLATION_REQUEST_COMPLETE']).toContain(c.cancel_status);
            expect(order.cancellation_initiator).toBe('BUYER');
            expect(c.update_time).toBe(order.cancel_time);
          } else {
            expect(c.cancel_status).toBe('CANCELLATION_REQUEST_CANCEL');
            expect(order.rts_time).toBeDefined();
            expect(c.update_time).toBe(order.rts_time);
          }
        }
        for (const c of sb.store.cancellations(shop.id).filter((x) => x.cancel_status === 'CANCELLATION_REQUEST_PENDING')) {
          expect(sb.store.order(shop.id, c.order_id)!.status).toBe('AWAITING_SHIPMENT');
        }
      }
      expect(settled).toBeGreaterThan(3);
    }));

  test('bad counts are refused', () => withSandbox({ seed: 33, shops: 1, orders: 20, products: 5 }, async (sb) => {
    expect(() => sb.advance({ newCancellations: -1 })).toThrow(/newCancellations/);
    const res = await fetch(`${sb.info.base_url}/__sandbox/advance`, { method: 'POST', body: '{"updated_cancellations":"2"}' });
    expect(res.status).toBe(400);
  }));
});

describe('movingUpdates (G1)', () => {
  test('orders moved during a search keep their cancellations and packages in step', () => withSandbox(
    { seed: 34, shops: 1, orders: 300, products: 20, movingUpdates: 3 }, async (sb) => {
      const shop = sb.store.shops()[0]!;
      const clock = sb.store.clock();
      await pageAll(sb, ORDERS, shop.cipher, 'orders', { pageSize: 10, sortField: 'update_time', sortOrder: 'ASC' });
      const moved = sb.store.orders(shop.id, { ge: clock + 1 });
      expect(moved.length).toBeGreaterThan(20);
      const cancels = new Map(sb.store.cancellations(shop.id).map((c) => [c.order_id, c] as const));
      const packages = new Set(sb.store.packages(shop.id).map((p) => p.id));
      for (const o of moved) {
        if (o.status === 'CANCELLED') expect(cancels.get(o.id)?.update_time).toBeGreaterThan(0);
        if (o.rts_time !== undefined) for (const p of o.packages) expect(packages.has(p.id)).toBe(true);
        const c = cancels.get(o.id);
        if (c?.cancel_status === 'CANCELLATION_REQUEST_PENDING') expect(o.status).toBe('AWAITING_SHIPMENT');
      }
    }));
});

describe('determinism', () => {
  async function fingerprint(sb: SandboxHandle): Promise<string> {
    const parts: string[] = [];
    for (const shop of sb.store.shops()) {
      parts.push(...(await pageAll(sb, CANCELLATIONS, shop.cipher, 'cancellations', { pageSize: 20, sortField: 'update_time' })).dataTexts);
      const pkgs = await pageAll(sb, PACKAGES, shop.cipher, 'packages', { pageSize: 30 });
      parts.push(...pkgs.dataTexts);
      for (const p of pkgs.items.slice(0, 20)) {
        parts.push(JSON.stringify((await call(sb, 'GET', `/fulfillment/202309/packages/${p.id}`, { query: { shop_cipher: shop.cipher } })).body.data));
      }
    }
    return sha256(parts.join('\n'));
  }

  test('same seed → the same cancellations and packages (also after the same advance, cached or not)', async () => {
    const options = { seed: 'fulfil', shops: 2, orders: 250, products: 20 };
    const run = (warmup: 'ready' | 'off', cacheJson: boolean) => withSandbox({ ...options, warmup, cacheJson }, async (sb) => {
      const before = await fingerprint(sb);
      const advance = JSON.stringify(sb.advance({ seconds: 2 * 86400, updatedOrders: 30, newCancellations: 3, updatedCancellations: 2 }));
      return { before, after: await fingerprint(sb), advance };
    });
    const a = await run('ready', true);
    const b = await run('off', false);
    expect(b).toEqual(a);
    expect(a.after).not.toBe(a.before);
    const other = await withSandbox({ ...options, seed: 'fulfil-2' }, fingerprint);
    expect(other).not.toBe(a.before);
  });
});

describe('faults and rate limit', () => {
  test('apply to the new endpoints like to every API call', async () => {
    await withSandbox({ seed: 35, shops: 1, orders: 50, products: 5, faultRate: 1, faultKinds: ['5xx'] }, async (sb) => {
      const cipher = sb.store.shops()[0]!.cipher;
      for (const [method, path] of [['POST', CANCELLATIONS], ['POST', PACKAGES]] as const) {
        const res = await call(sb, method, path, { query: { shop_cipher: cipher, page_size: '10' } });
        expect([path, [500, 503].includes(res.status), res.body.code]).toEqual([path, true, 36009003]);
      }
      expect(sb.stats().faults).toBe(2);
    });
    await withSandbox({ seed: 36, shops: 1, orders: 50, products: 5, rateLimit: 0.1 }, async (sb) => {
      const cipher = sb.store.shops()[0]!.cipher;
      const codes: number[] = [];
      for (let k = 0; k < 3; k++) codes.push((await call(sb, 'POST', PACKAGES, { query: { shop_cipher: cipher, page_size: '10' } })).body.code);
      expect(codes[0]).toBe(0);
      expect(codes).toContain(36009002);
    });
  });
});
