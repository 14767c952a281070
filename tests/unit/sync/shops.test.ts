import { shopsToSync } from '../../../src/sync/shops.js';

const shops = Array.from({ length: 40 }, (_, i) => ({ id: `7495310022158${String(i).padStart(6, '0')}`, cipher: `C${i}`, name: `Shop ${i}` }));

describe('shopsToSync', () => {
  test('all authorized shops by default', () => {
    expect(shopsToSync(shops, {})).toEqual(shops);
  });

  test('shop_ids narrows to those shops; an unknown id is a config error naming the reachable shops', () => {
    expect(shopsToSync(shops, { shop_ids: [shops[3]!.id] })).toEqual([shops[3]]);
    expect(() => shopsToSync(shops.slice(0, 2), { shop_ids: ['123'] })).toThrow(/shop_ids names 123, which the access token cannot reach/);
  });

  test('shop_shard parts cover every shop exactly once, and a shop keeps its part when others come and go', () => {
    const parts = [1, 2, 3].map((i) => shopsToSync(shops, { shop_shard: `${i}/3` }));
    expect(parts.flat().map((s) => s.id).sort()).toEqual(shops.map((s) => s.id).sort());
    for (const part of parts) expect(part.length).toBeGreaterThan(0);
    const fewer = shops.filter((_, i) => i % 2 === 0);
    const partOf = (id: string, list: typeof shops) => [1, 2, 3].find((i) => shopsToSync(list, { shop_shard: `${i}/3` }).some((s) => s.id === id));
    for (const shop of fewer) expect(partOf(shop.id, fewer)).toBe(partOf(shop.id, shops));
  });
});
