import { TapError } from '../errors.js';
import { redact } from '../redact.js';
import type { AuthorizedShop, TikTokClient } from './client.js';
import { ENDPOINTS } from './endpoints.js';
import { MissingScopeError, RefusedCallError } from './errors.js';
import type { ApiRequest } from './request-prep.js';

/**
 * What `--test` prints: can we list the shops, and can each shop be read? One cheap call per probe and shop: by
 * default one search of orders (page_size 1), which exercises signing, the token, the shop cipher and the order
 * scope together; `--test` passes one probe per selected stream family, so each family's scope is checked too.
 */
export interface ConnectionResult {
  shopId: string;
  shopName: string;
  ok: boolean;
  /** One line: "ok …" or what failed and what to do. */
  message: string;
  /** Per probed family (empty when the shop failed before any family could be told apart). */
  families: FamilyCheck[];
}

/** One family's answer: it can be read, its scope is missing, or another error. */
export interface FamilyCheck {
  family: string;
  outcome: 'ok' | 'missing_scope' | 'error';
  /** One line naming the family and, on failure, the scope key or the error and what to do. */
  message: string;
  /** The failure alone, as the API error's one line ('' when ok). */
  detail: string;
}

/** One cheap request of a family (src/streams/probes.ts builds them from the declarations). */
export interface FamilyProbe {
  family: string;
  /** The scope key the family needs (src/streams/scopes.ts), named when the API says the grant lacks it. */
  scope: string | undefined;
  request(shop: { id: string; cipher: string }, nowSeconds: number): ApiRequest;
  /** Why the family is not offered to this shop (its market): then it is not asked, and the line says so. */
  notOfferedTo?(shop: { id: string; cipher: string; region?: string; sellerType?: string }): string | undefined;
  /** Whether an error means the family is not offered to this shop (a documented code), with the line to say. */
  notOffered?(error: unknown): string | undefined;
}

function explain(error: unknown): string {
  if (error instanceof TapError) return redact(error.userLine());
  return redact(error instanceof Error ? error.message : String(error));
}

/**
 * The default probe: search orders, page_size 1. Never an empty `{}` body: the official Node SDK signs it as no body,
 * the PHP/.NET SDKs as "{}", and no source says which the server checks (§2.2, G9). A filter both read alike, as §2.2
 * recommends for this check; it matches only the last minute's orders, so the reply's total_count says nothing.
 */
const ORDERS_PROBE: FamilyProbe = {
  family: 'orders',
  scope: 'seller.order.info',
  request: (shop, nowSeconds) => ({
    method: ENDPOINTS.searchOrders.method,
    path: ENDPOINTS.searchOrders.path,
    query: { page_size: 1 },
    body: { create_time_ge: nowSeconds - 60 },
    shop,
    endpoint: ENDPOINTS.searchOrders.name,
    tags: { shop_id: shop.id },
  }),
};

export async function checkConnection(
  client: TikTokClient,
  options: { shopIds?: string[]; now?: () => number; probes?: readonly FamilyProbe[] } = {},
): Promise<ConnectionResult[]> {
  let shops: AuthorizedShop[];
  try {
    shops = await client.authorizedShops();
  } catch (error) {
    return [{ shopId: '', shopName: '', ok: false, message: `could not list the authorized shops: ${explain(error)}`, families: [] }];
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
          families: [],
        });
      }
    }
  }
  const selected = wanted ? shops.filter((s) => wanted.has(s.id)) : shops;
  if (shops.length === 0) {
    results.push({ shopId: '', shopName: '', ok: false, message: 'the token reaches no shops — have a seller authorize the app', families: [] });
  }

  const probes = options.probes ?? [ORDERS_PROBE];
  const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
  const checks = await Promise.all(selected.map((shop) => checkShop(client, shop, probes, nowSeconds)));
  return [...results, ...checks];
}

/**
 * The probes of one shop, one after the other. A refusal of one family (a missing scope, a refused call) is that
 * family's answer and the next family is asked; any other failure (credentials, signature, a deactivated shop, the
 * network) is the shop's, said once, and the remaining families are not asked.
 */
async function checkShop(client: TikTokClient, shop: AuthorizedShop, probes: readonly FamilyProbe[], nowSeconds: number): Promise<ConnectionResult> {
  const where = `shop ${shop.id} "${shop.name}"${shop.region ? ` (${shop.region})` : ''}`;
  const families: FamilyCheck[] = [];
  for (const probe of probes) {
    // A family not offered in the shop's market is skipped by a sync with a warning, not failed: so here too.
    const notOffered = probe.notOfferedTo?.({ id: shop.id, cipher: shop.cipher, region: shop.region, sellerType: shop.seller_type });
    if (notOffered) {
      families.push({ family: probe.family, outcome: 'ok', message: `${probe.family}: not offered to this shop, skipped (${notOffered})`, detail: '' });
      continue;
    }
    try {
      await client.request(probe.request({ id: shop.id, cipher: shop.cipher }, nowSeconds));
      families.push({ family: probe.family, outcome: 'ok', message: `${probe.family}: ok`, detail: '' });
    } catch (error) {
      const detail = explain(error);
      const notServed = probe.notOffered?.(error);
      if (notServed) {
        families.push({ family: probe.family, outcome: 'ok', message: `${probe.family}: not offered to this shop, skipped (${notServed})`, detail: '' });
      } else if (error instanceof MissingScopeError) {
        const scope = probe.scope ? `missing scope ${probe.scope}` : 'missing scope';
        families.push({ family: probe.family, outcome: 'missing_scope', message: `${probe.family}: ${scope} (${detail})`, detail });
      } else if (error instanceof RefusedCallError) {
        families.push({ family: probe.family, outcome: 'error', message: `${probe.family}: error: ${detail}`, detail });
      } else {
        return { shopId: shop.id, shopName: shop.name, ok: false, message: `${where}: ${explain(error)}`, families };
      }
    }
  }
  const failed = families.filter((f) => f.outcome !== 'ok');
  const ok = failed.length === 0;
  const message = ok
    ? `ok: ${where} is reachable`
    : probes.length === 1
      ? `${where}: ${failed[0]!.detail}`
      : `${where}: ${failed.length} of ${families.length} stream families cannot be read (${failed.map((f) => f.family).join(', ')})`;
  return { shopId: shop.id, shopName: shop.name, ok, message, families };
}
