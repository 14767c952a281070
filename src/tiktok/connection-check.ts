import { TapError } from '../errors.js';
import { redact } from '../redact.js';
import type { AuthorizedShop, TikTokClient } from './client.js';
import { ENDPOINTS } from './endpoints.js';

/**
 * What `--test` prints: can we list the shops, and can each shop be read? One cheap call per shop (search
 * orders, page_size 1) exercises signing, the token, the shop cipher and the order scope together.
 */
export interface ConnectionResult {
  shopId: string;
  shopName: string;
  ok: boolean;
  /** One line: "ok …" or what failed and what to do. */
  message: string;
}

function explain(error: unknown): string {
  if (error instanceof TapError) return redact(error.userLine());
  return redact(error instanceof Error ? error.message : String(error));
}

export async function checkConnection(client: TikTokClient, options: { shopIds?: string[]; now?: () => number } = {}): Promise<ConnectionResult[]> {
  let shops: AuthorizedShop[];
  try {
    shops = await client.authorizedShops();
  } catch (error) {
    return [{ shopId: '', shopName: '', ok: false, message: `could not list the authorized shops: ${explain(error)}` }];
  }

  const results: ConnectionResult[] = [];
  const wanted = options.shopIds && options.shopIds.length > 0 ? new Set(options.shopIds) : undefined;
  if (wanted) {
    const known = new Set(shops.map((s) => s.id));
    for (const id of wanted) {
      if (!known.has(id)) {
        results.push({
          shopId: id,
          shopName: '',
          ok: false,
          message: `shop ${id} is not among the ${shops.length} shop(s) this token can reach — check shop_ids or have this shop's seller authorize the app`,
        });
      }
    }
  }
  const selected = wanted ? shops.filter((s) => wanted.has(s.id)) : shops;
  if (shops.length === 0) {
    results.push({ shopId: '', shopName: '', ok: false, message: 'the token reaches no shops — have a seller authorize the app' });
  }

  const spec = ENDPOINTS.searchOrders;
  // Never an empty `{}` body: the official Node SDK signs it as no body, the PHP/.NET SDKs as "{}", and no source
  // says which the server checks (§2.2, G9). A filter both read alike, as §2.2 recommends for this check; it
  // matches only the last minute's orders, so the reply's total_count says nothing and is not reported.
  const body = { create_time_ge: Math.floor((options.now ?? Date.now)() / 1000) - 60 };
  const checks = await Promise.all(
    selected.map(async (shop): Promise<ConnectionResult> => {
      const where = `shop ${shop.id} "${shop.name}"${shop.region ? ` (${shop.region})` : ''}`;
      try {
        await client.request({
          method: spec.method,
          path: spec.path,
          query: { page_size: 1 },
          body,
          shop: { id: shop.id, cipher: shop.cipher },
          endpoint: spec.name,
          tags: { shop_id: shop.id },
        });
        return { shopId: shop.id, shopName: shop.name, ok: true, message: `ok: ${where} is reachable` };
      } catch (error) {
        return { shopId: shop.id, shopName: shop.name, ok: false, message: `${where}: ${explain(error)}` };
      }
    }),
  );
  return [...results, ...checks];
}
