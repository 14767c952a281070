/**
 * inventory (Inventory Search 202309, docs/tiktok-shop-api.md §12.1): the documented sample makes valid rows, one
 * per SKU and warehouse; the engine's snapshot read finds every listed product through Search Products (no Get
 * Product), asks for at most 100 ids a call, writes the snapshot time on each row and keeps no bookmark.
 */
import { inventoryRows } from '../../../src/streams/inventory.js';
import { errorsOf, loadSample } from '../schemas/schema-helpers.js';
import { FakeShopApi } from './fake-shop-api.js';
import { only, sync } from './fake-sync.js';

type Json = Record<string, unknown>;

const lookups = (api: FakeShopApi) => api.calls.filter((c) => c.path === '/product/202309/inventory/search');

/** A fake shop with `count` products, one SKU each (product ids distinct from the seven it starts with). */
function shopWithProducts(count: number): FakeShopApi {
  const api = new FakeShopApi(1, 3);
  const products = api.products.get(api.shops[0]!.id)!;
  products.length = 0;
  for (let i = 0; i < count; i++) {
    products.push({ id: `1731000000${String(i).padStart(6, '0')}`, status: 'ACTIVATE', update_time: 1_700_000_000 + i, skus: [{ id: `1732000000${String(i).padStart(6, '0')}`, seller_sku: `S${i}` }] });
  }
  return api;
}

describe('inventory', () => {
  test('the documented sample: one valid row per SKU and warehouse, with the SKU totals, product id and snapshot time', () => {
    const sample = loadSample('inventory-search');
    const rows = inventoryRows(sample.data.inventory[0], 1_733_000_000).map((row) => ({ ...row, shop_id: '7495310022158813040' }));
    expect(rows).toHaveLength(1);
    expect(errorsOf('inventory', rows[0])).toEqual([]);
    expect(rows[0]).toMatchObject({
      sku_id: '1729388324987897824', warehouse_id: '7054915283043174149', product_id: '1729592969712207008', seller_sku: 'Color-Red-XM01',
      available_quantity: 100, committed_quantity: 10, total_available_quantity: 100, total_committed_quantity: 10, snapshot_time: 1_733_000_000,
    });
    expect(rows[0]).not.toHaveProperty('warehouse_inventory');
    expect(rows[0]).not.toHaveProperty('id');
  });

  test('two warehouses make two rows; a SKU without a warehouse makes none', () => {
    const rows = inventoryRows({ product_id: 'p', skus: [{ id: 's1', warehouse_inventory: [{ warehouse_id: 'w1' }, { warehouse_id: 'w2' }] }, { id: 's2', warehouse_inventory: [] }, { id: 's3' }] }, 1);
    expect(rows.map((r) => `${String(r.sku_id)}@${String(r.warehouse_id)}`)).toEqual(['s1@w1', 's1@w2']);
  });

  test('every listed product is looked up once, at most 100 ids a call, without Get Product; deleted products are not; no bookmark', async () => {
    const api = shopWithProducts(230);
    const products = api.products.get(api.shops[0]!.id)!;
    products[7]!.status = 'DELETED';
    const { code, records, state } = await sync(api, { selection: only('inventory') });
    expect(code).toBe(0);
    const rows = records('inventory');
    expect(rows).toHaveLength(229);
    expect(new Set(rows.map((r) => r.product_id)).has(products[7]!.id)).toBe(false);
    const asked = lookups(api).map((c) => (c.body as { product_ids: string[] }).product_ids);
    expect(asked.every((ids) => ids.length >= 1 && ids.length <= 100)).toBe(true);
    expect(asked.flat().sort()).toEqual(products.filter((p) => p.status !== 'DELETED').map((p) => p.id).sort());
    expect(api.calls.filter((c) => /\/products\/\d+$/.test(c.path))).toHaveLength(0);
    for (const row of rows) expect(row.snapshot_time).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/));
    expect((state() as { bookmarks?: Json } | undefined)?.bookmarks?.inventory).toBeUndefined();
  });

  test('a run whose last records are snapshot rows (no bookmark moved) still ends on a STATE', async () => {
    const { messages } = await sync(shopWithProducts(3), { selection: only('inventory') });
    expect(messages.filter((m) => m.type === 'RECORD')).toHaveLength(3);
    expect(messages.at(-1)!.type).toBe('STATE');
  });

  test('the product ids come from the whole update_time range, whatever start_date and the bookmarks say', async () => {
    const api = shopWithProducts(5);
    await sync(api, { selection: only('inventory'), config: { start_date: '2030-01-01' } });
    const searches = api.calls.filter((c) => c.path.endsWith('/products/search'));
    expect(searches.length).toBeGreaterThan(0);
    expect((searches[0]!.body as Json).update_time_ge).toBe(0);
    expect(lookups(api).flatMap((c) => (c.body as { product_ids: string[] }).product_ids)).toHaveLength(5);
  });
});
