/** Same seed and options → byte-identical data over HTTP; another seed → other data. */
import { describe, expect, test } from '@jest/globals';
import { startSandbox, type SandboxHandle, type SandboxOptions } from '../../../src/sandbox/index.js';
import { ORDERS, PRODUCTS, RETURNS, SHOPS, call, pageAll, sha256 } from './helpers.js';

/** Hash of everything a full extraction would read: shops, every page of every search, detail endpoints. */
async function fingerprint(sb: SandboxHandle): Promise<string> {
  const parts: string[] = [JSON.stringify((await call(sb, 'GET', SHOPS)).body.data)];
  for (const shop of sb.store.shops()) {
    const orders = await pageAll(sb, ORDERS, shop.cipher, 'orders', { pageSize: 50, sortField: 'update_time', sortOrder: 'ASC' });
    parts.push(...orders.dataTexts);
    parts.push(...(await pageAll(sb, RETURNS, shop.cipher, 'return_orders', { pageSize: 20 })).dataTexts);
    parts.push(...(await pageAll(sb, PRODUCTS, shop.cipher, 'products', { pageSize: 30 })).dataTexts);
    for (const o of orders.items.slice(0, 40)) {
      const q = { shop_cipher: shop.cipher };
      parts.push(JSON.stringify((await call(sb, 'GET', `/order/202407/orders/${o.id}/price_detail`, { query: q })).body.data));
      parts.push(JSON.stringify((await call(sb, 'GET', `/order/202406/orders/${o.id}/external_orders`, { query: { ...q, platform: 'SHOPIFY' } })).body.data));
    }
  }
  return sha256(parts.join('\n'));
}

async function withSandbox<T>(options: Partial<SandboxOptions>, fn: (sb: SandboxHandle) => Promise<T>): Promise<T> {
  const sb = await startSandbox(options);
  try {
    return await fn(sb);
  } finally {
    await sb.close();
  }
}

describe('determinism', () => {
  const options = { seed: 'bench-7', shops: 3, orders: 250, products: 25, returnsShare: 0.2 };

  test('same seed → byte-identical pages (also after the same advance)', async () => {
    const run = (warmup: 'ready' | 'off') => withSandbox({ ...options, warmup }, async (sb) => {
      const before = await fingerprint(sb);
      const advance = sb.advance({ seconds: 7200, newOrders: 20, updatedOrders: 15, newReturns: 3, updatedReturns: 2, newProducts: 2, updatedProducts: 3 });
      const after = await fingerprint(sb);
      return { before, after, advance: JSON.stringify(advance), info: sb.info };
    });
    const a = await run('ready');
    const b = await run('off');
    expect(a.before).toBe(b.before);
    expect(a.after).toBe(b.after);
    expect(a.advance).toBe(b.advance);
    expect(a.after).not.toBe(a.before);
    // Credentials derive from the seed too (only the port differs).
    expect(a.info.app_key).toBe(b.info.app_key);
    expect(a.info.access_token).toBe(b.info.access_token);
  });

  test('another seed → different data', async () => {
    const a = await withSandbox(options, fingerprint);
    const b = await withSandbox({ ...options, seed: 'bench-8' }, fingerprint);
    expect(a).not.toBe(b);
  });
});
