import { TapError, EXIT } from '../errors.js';
import type { TapConfig } from '../settings.js';

export interface AuthorizedShop {
  id: string;
  cipher: string;
  name?: string;
  region?: string;
  [key: string]: unknown;
}

/** FNV-1a, so a shop keeps its shard when other shops come and go (an index into a sorted list would not). */
function shardOf(shopId: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < shopId.length; i++) {
    hash ^= shopId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

/** The shops this run syncs: all authorized shops, narrowed by `shop_ids` and then by `shop_shard`. */
export function shopsToSync(authorized: AuthorizedShop[], config: Pick<TapConfig, 'shop_ids' | 'shop_shard'>): AuthorizedShop[] {
  let shops = authorized;
  if (config.shop_ids?.length) {
    const known = new Set(authorized.map((shop) => shop.id));
    const unknown = config.shop_ids.filter((id) => !known.has(id));
    if (unknown.length) {
      const reachable = authorized.map((shop) => `${shop.id}${shop.name ? ` (${shop.name})` : ''}`).join(', ') || 'none';
      throw new TapError('CONFIG_UNKNOWN_SHOP', `shop_ids names ${unknown.join(', ')}, which the access token cannot reach`, {
        hint: `use ids of authorized shops (reachable: ${reachable}), or have the seller authorize the app for that shop`,
        exitCode: EXIT.INPUT,
      });
    }
    const wanted = new Set(config.shop_ids);
    shops = shops.filter((shop) => wanted.has(shop.id));
  }
  if (config.shop_shard) {
    const [part, count] = config.shop_shard.split('/').map(Number) as [number, number];
    shops = shops.filter((shop) => shardOf(shop.id, count) === part - 1);
  }
  return shops;
}
