import type { LoadedConfig } from '../config.js';
import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import type { TokenExchange } from '../tiktok/tokens.js';
import { FileGrantStore } from './file-grant-store.js';
import { openGrantStore } from './open-store.js';
import { storeExchange, type PersistenceOptions } from './persistence.js';
import { grantTokens, type StoredGrant } from './store.js';

/** One seller of a `sellers` run: its grant's tokens and a refresh saved back into that grant. */
export interface SellerGrant {
  /** Names the seller in log lines: its name and open_id (never a token). */
  label: string;
  openId: string | undefined;
  start: { accessToken: string; accessTokenExpireIn: number; refreshToken: string };
  exchange: TokenExchange;
}

export const ALL_SELLERS = 'all';

export function sellerLabel(grant: Pick<StoredGrant, 'seller_name' | 'open_id'>): string {
  if (grant.seller_name && grant.open_id) return `"${grant.seller_name}" (open_id ${grant.open_id})`;
  if (grant.seller_name) return `"${grant.seller_name}"`;
  return grant.open_id ? `open_id ${grant.open_id}` : '(a seller without open_id)';
}

/** The grants `sellers` names: every one for "all", else each entry by open_id or seller name, in the list's order. */
export function pickGrants(grants: readonly StoredGrant[], wanted: readonly string[], where: string): StoredGrant[] {
  if (wanted.some((w) => w.toLowerCase() === ALL_SELLERS)) return [...grants];
  const picked: StoredGrant[] = [];
  const unknown: string[] = [];
  for (const entry of wanted) {
    const grant = grants.find((g) => g.open_id === entry) ?? grants.find((g) => g.seller_name === entry);
    if (!grant) unknown.push(entry);
    else if (!picked.includes(grant)) picked.push(grant);
  }
  if (unknown.length) {
    const held = grants.map(sellerLabel).join(', ') || 'none';
    throw new TapError('config_unknown_seller', `"sellers" names ${unknown.map((u) => JSON.stringify(u)).join(', ')}, which the token store ${where} holds no grant for (it holds: ${held})`, {
      hint: 'use an open_id or seller name it holds, or run `tap-tiktok-shop authorize` for that seller first',
      exitCode: EXIT.INPUT,
    });
  }
  return picked;
}

/**
 * The sellers of a `sellers` run, each from its own grant in the token store: the tokens to start with and a
 * refresh that saves into that grant (under the store's lock, like a single-seller run). The config's own tokens
 * are not used: they belong to one seller at most, and writing a seller's rotated tokens into a config shared by
 * all would mix them up. Needs a store: that is where `authorize` puts each seller.
 */
export async function sellerGrants(loaded: LoadedConfig, logger: Logger, options: PersistenceOptions = {}): Promise<SellerGrant[]> {
  const { config } = loaded;
  const appKey = config.app_key ?? '';
  const opened = openGrantStore(config, options.env ?? process.env, options.cwd ?? process.cwd(), options.lock);
  if (!opened) {
    throw new TapError('config_sellers_no_store', '"sellers" is set, but there is no token store to hold the sellers\' grants', {
      hint: 'set token_store_path (or token_store_url), then run `tap-tiktok-shop authorize` once per seller',
      exitCode: EXIT.INPUT,
    });
  }
  const { store } = opened;
  if (store instanceof FileGrantStore) await store.prepare(logger);
  const grants = (await store.read(appKey)).grants;
  if (grants.length === 0) {
    throw new TapError('token_missing', `"sellers" is set, but the token store ${store.where} holds no grant for this app_key`, {
      hint: 'run `tap-tiktok-shop authorize` once per seller (under Meltano: `meltano invoke tap-tiktok-shop authorize`)',
      exitCode: EXIT.INPUT,
    });
  }
  if (config.refresh_token || config.access_token) logger.debug('"sellers" is set: the tokens in the config are not used, each seller starts from its grant in the token store');
  const picked = pickGrants(grants, config.sellers ?? [ALL_SELLERS], store.where);
  const waitMs = options.lock?.waitMs;
  return picked.map((grant) => {
    const tokens = grantTokens(grant);
    return {
      label: sellerLabel(grant),
      openId: grant.open_id,
      start: { accessToken: tokens.accessToken, accessTokenExpireIn: tokens.accessTokenExpireIn, refreshToken: tokens.refreshToken },
      exchange: storeExchange(store, appKey, logger, waitMs !== undefined ? { waitMs } : {}),
    };
  });
}
