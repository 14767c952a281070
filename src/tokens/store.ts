import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EXIT, TapError } from '../errors.js';
import { jsonErrorWhere } from '../json-error.js';
import { registerSecret } from '../redact.js';
import type { TokenSet } from '../tiktok/tokens.js';
import { writeFileAtomic } from './atomic-file.js';
import { FileLock, type LockOptions } from './lock.js';
import { realStorePath } from './real-path.js';

/**
 * The token store: a JSON file the tap owns, holding the latest access and refresh tokens per app and
 * seller grant. TikTok rotates the refresh token on every refresh (docs/tiktok-shop-api.md §1.2), and a
 * config is often a copy the tap cannot update for good (Meltano's per-run file, a secret manager, a read-only
 * mount), so the store is what the next run reads.
 *
 * Which tokens win at start (`startTokens`): a grant remembers the hash of every refresh token it has had — the
 * ones a config gave it and the ones rotated away. A config refresh token the store has seen is older than (or
 * the same as) the grant's current one, so the store wins. A config refresh token the store has never seen was
 * put there after a re-authorization, so the config wins; its first refresh then replaces that seller's grant
 * (same `open_id`) and keeps the old hashes, so an older config copy is still recognised as old.
 */
export interface StoredGrant {
  app_key: string;
  /** The seller's id for this grant (§1.3), when the token reply carried it. */
  open_id?: string;
  seller_name?: string;
  access_token: string;
  /** Absolute Unix seconds (§1.3). */
  access_token_expire_in: number;
  refresh_token: string;
  refresh_token_expire_in?: number;
  /** sha256 of refresh tokens that came from a config (or an authorization) and led to this grant; never evicted by rotations. */
  config_refresh_token_hashes: string[];
  /** sha256 of refresh tokens this grant has rotated away, newest last. */
  retired_refresh_token_hashes: string[];
  updated_at: string;
}

export interface StoreFile {
  about?: string;
  version: 1;
  grants: StoredGrant[];
}

const ABOUT = 'tap-tiktok-shop token store: the latest access and refresh tokens per app and seller grant. Written by the tap after every refresh; keep it private.';
const MAX_CONFIG_HASHES = 20;
const MAX_RETIRED_HASHES = 200;

export const emptyStore = (): StoreFile => ({ about: ABOUT, version: 1, grants: [] });

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function storeError(path: string, problem: string): TapError {
  return new TapError('token_store_invalid', `token store ${path} ${problem}`, {
    hint: 'restore it from a backup, or delete it and put a current refresh_token in the config (re-authorize the app if needed)',
    exitCode: EXIT.INPUT,
  });
}

function isGrant(value: unknown): value is StoredGrant {
  const g = value as Partial<StoredGrant> | null;
  return (
    typeof g === 'object' && g !== null &&
    typeof g.app_key === 'string' && typeof g.access_token === 'string' && typeof g.refresh_token === 'string' && g.refresh_token !== '' &&
    typeof g.access_token_expire_in === 'number' &&
    Array.isArray(g.config_refresh_token_hashes) && Array.isArray(g.retired_refresh_token_hashes)
  );
}

/** Reads the store; a missing file is an empty store, anything unreadable is an error (never silently ignored). */
export function readStore(path: string): StoreFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return emptyStore();
    throw storeError(path, `cannot be read (${code ?? (error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw storeError(path, `is not valid JSON (${jsonErrorWhere(error, text)})`);
  }
  const file = parsed as Partial<StoreFile> | null;
  if (typeof file !== 'object' || file === null || file.version !== 1 || !Array.isArray(file.grants)) {
    throw storeError(path, 'is not a tap-tiktok-shop token store (expected {"version": 1, "grants": [...]})');
  }
  const grants = file.grants.filter(isGrant);
  if (grants.length !== file.grants.length) throw storeError(path, 'holds a grant without its tokens');
  for (const grant of grants) {
    registerSecret(grant.access_token);
    registerSecret(grant.refresh_token);
  }
  return { about: ABOUT, version: 1, grants };
}

/** Writes the store atomically (temp, fsync, rename, directory fsync), always mode 0600, in a 0700 directory if new. */
export function writeStore(path: string, store: StoreFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileAtomic(path, `${JSON.stringify(store, null, 2)}\n`, { mode: 0o600, forceMode: true });
}

export type GrantRelation = 'current' | 'config' | 'retired';

/** The grant of `appKey` whose lineage holds `refreshToken`, and how. */
export function findGrant(store: StoreFile, appKey: string, refreshToken: string): { grant: StoredGrant; relation: GrantRelation } | undefined {
  const hash = hashToken(refreshToken);
  for (const grant of store.grants) {
    if (grant.app_key !== appKey) continue;
    if (grant.refresh_token === refreshToken) return { grant, relation: 'current' };
  }
  for (const grant of store.grants) {
    if (grant.app_key !== appKey) continue;
    if (grant.config_refresh_token_hashes.includes(hash)) return { grant, relation: 'config' };
    if (grant.retired_refresh_token_hashes.includes(hash)) return { grant, relation: 'retired' };
  }
  return undefined;
}

export function grantTokens(grant: StoredGrant): TokenSet {
  const tokens: TokenSet = { accessToken: grant.access_token, accessTokenExpireIn: grant.access_token_expire_in, refreshToken: grant.refresh_token };
  if (grant.refresh_token_expire_in !== undefined) tokens.refreshTokenExpireIn = grant.refresh_token_expire_in;
  if (grant.open_id !== undefined) tokens.openId = grant.open_id;
  return tokens;
}

export interface ConfigTokens {
  accessToken?: string | undefined;
  accessTokenExpireIn?: number | undefined;
  refreshToken?: string | undefined;
}

export interface StartTokens extends ConfigTokens {
  source: 'config' | 'store';
}

/**
 * A config with no token at all starts from the app's one grant in the store (put there by `authorize`): the
 * way a Meltano project works, whose config holds no token. Several sellers' grants for the app need the config
 * to say which one (its refresh token, or one store per seller).
 */
function soleGrant(store: StoreFile, appKey: string, path: string): StoredGrant {
  const grants = store.grants.filter((g) => g.app_key === appKey);
  if (grants.length === 1) return grants[0]!;
  if (grants.length === 0) {
    throw new TapError('token_missing', `no refresh_token in the config, and the token store ${path} holds no grant for this app_key`, {
      hint: 'run `tap-tiktok-shop authorize` (under Meltano: `meltano invoke tap-tiktok-shop authorize`), or set refresh_token',
      exitCode: EXIT.INPUT,
    });
  }
  const sellers = grants.map((g) => g.seller_name ?? g.open_id ?? '(unnamed)').join(', ');
  throw new TapError('token_ambiguous', `no refresh_token in the config, and the token store ${path} holds ${grants.length} grants for this app_key (sellers: ${sellers})`, {
    hint: 'set refresh_token to that of the seller to sync, or give each seller its own token_store_path',
    exitCode: EXIT.INPUT,
  });
}

/** The freshest tokens between the config and the store (rules at the top of this file). */
export function startTokens(store: StoreFile, appKey: string, config: ConfigTokens, path = 'file'): StartTokens {
  if (!config.refreshToken && !config.accessToken) return { ...grantStart(soleGrant(store, appKey, path)), source: 'store' };
  if (!config.refreshToken) return { ...config, source: 'config' };
  const match = findGrant(store, appKey, config.refreshToken);
  if (!match) return { ...config, source: 'config' };
  const stored = match.grant;
  if (match.relation === 'current' && config.accessToken && (config.accessTokenExpireIn ?? 0) > stored.access_token_expire_in) {
    // Same refresh token: the config's access token is the newer one (written back by a run without this store).
    return { ...config, source: 'config' };
  }
  return { ...grantStart(stored), source: 'store' };
}

function grantStart(grant: StoredGrant): ConfigTokens {
  return { accessToken: grant.access_token, accessTokenExpireIn: grant.access_token_expire_in, refreshToken: grant.refresh_token };
}

function addHash(list: readonly string[], hash: string, max: number): string[] {
  const next = list.filter((h) => h !== hash);
  next.push(hash);
  return next.slice(-max);
}

export interface RecordOptions {
  /** The refresh token the new tokens were obtained with (absent for an authorization). */
  usedRefreshToken?: string | undefined;
  /** The refresh token the config holds: recorded so that config is recognised as older next time. */
  configRefreshToken?: string | undefined;
  /** Unix seconds. */
  nowSec: number;
}

/**
 * The store after new tokens for `appKey` arrived. The grant they belong to is the one whose lineage holds the
 * refresh token used, else the one of the same seller (`open_id`, a re-authorization), else a new one. Grants
 * whose refresh token has expired are dropped: nothing can revive them.
 */
export function recordTokens(store: StoreFile, appKey: string, fresh: TokenSet, options: RecordOptions): StoreFile {
  const byLineage = options.usedRefreshToken ? findGrant(store, appKey, options.usedRefreshToken)?.grant : undefined;
  const bySeller = fresh.openId ? store.grants.find((g) => g.app_key === appKey && g.open_id === fresh.openId) : undefined;
  const previous = byLineage ?? bySeller;
  let configHashes = previous?.config_refresh_token_hashes ?? [];
  let retired = previous?.retired_refresh_token_hashes ?? [];
  // A config holding another seller's token (authorize run for seller B with the config of seller A) says nothing
  // about this grant: recording it here would make that config start from the wrong seller.
  const configOwner = options.configRefreshToken ? findGrant(store, appKey, options.configRefreshToken)?.grant : undefined;
  const othersToken = configOwner !== undefined && configOwner !== previous;
  if (options.configRefreshToken && !othersToken) configHashes = addHash(configHashes, hashToken(options.configRefreshToken), MAX_CONFIG_HASHES);
  if (!options.usedRefreshToken) configHashes = addHash(configHashes, hashToken(fresh.refreshToken), MAX_CONFIG_HASHES);
  for (const old of [previous?.refresh_token, options.usedRefreshToken]) {
    if (old && old !== fresh.refreshToken) retired = addHash(retired, hashToken(old), MAX_RETIRED_HASHES);
  }
  const grant: StoredGrant = {
    app_key: appKey,
    ...(fresh.openId ?? previous?.open_id ? { open_id: (fresh.openId ?? previous?.open_id)! } : {}),
    ...(fresh.sellerName ?? previous?.seller_name ? { seller_name: (fresh.sellerName ?? previous?.seller_name)! } : {}),
    access_token: fresh.accessToken,
    access_token_expire_in: fresh.accessTokenExpireIn,
    refresh_token: fresh.refreshToken,
    ...(fresh.refreshTokenExpireIn !== undefined ? { refresh_token_expire_in: fresh.refreshTokenExpireIn } : {}),
    config_refresh_token_hashes: configHashes,
    retired_refresh_token_hashes: retired,
    updated_at: new Date(options.nowSec * 1000).toISOString(),
  };
  const others = store.grants.filter(
    (g) => g !== byLineage && g !== bySeller && (g.refresh_token_expire_in === undefined || g.refresh_token_expire_in > options.nowSec),
  );
  return { about: ABOUT, version: 1, grants: [...others, grant] };
}

/** The lock beside a store (beside its real path, whatever symlink led to it), shared by every process that uses it. */
export function storeLock(path: string, options: LockOptions = {}): FileLock {
  return new FileLock(`${realStorePath(path)}.lock`, { what: 'the token store lock', ...options });
}
