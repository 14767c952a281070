/** The per-endpoint-and-shop rate limit (`endpointRateLimit`, `--endpoint-rate-limit`): TikTok's unit (§3.5). */
import { describe, expect, test } from '@jest/globals';
import { startSandbox } from '../../../src/sandbox/index.js';
import { resolveOptions } from '../../../src/sandbox/options.js';
import { ORDERS, PRODUCTS, SHOPS, call } from './helpers.js';

describe('endpoint rate limit', () => {
  test('over the rate of one endpoint of one shop → 429 / 36009002 in the envelope; other endpoints and shops go on; stats count it', async () => {
    const sb = await startSandbox({ seed: 4, shops: 2, orders: 20, products: 5, endpointRateLimit: 0.01 });
    try {
      const [a, b] = sb.store.shops();
      const search = (cipher: string) => call(sb, 'POST', ORDERS, { query: { shop_cipher: cipher, page_size: '20' } });
      expect((await search(a!.cipher)).status).toBe(200);
      const refused = await search(a!.cipher);
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe(36009002);
      expect(typeof refused.body.request_id).toBe('string');
      expect(refused.headers.get('retry-after')).toBeNull();
      expect((await call(sb, 'POST', PRODUCTS, { query: { shop_cipher: a!.cipher, page_size: '20' } })).status).toBe(200);
      expect((await search(b!.cipher)).status).toBe(200);
      expect((await call(sb, 'GET', SHOPS)).body.code).toBe(0);
      expect(sb.stats().throttled).toBe(1);
      expect(sb.stats().throttled_by_endpoint).toEqual({ [`POST ${ORDERS}`]: 1 });
    } finally {
      await sb.close();
    }
  });

  test('off by default, and a negative rate is refused in one line', () => {
    const creds = () => ({ appKey: 'k', appSecret: 's' });
    expect(resolveOptions({}, creds).endpointRateLimit).toBe(0);
    expect(() => resolveOptions({ endpointRateLimit: -1 }, creds)).toThrow('endpointRateLimit must be ≥ 0 (got -1)');
  });
});
