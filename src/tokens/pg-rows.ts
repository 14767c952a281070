import type { StoredGrant } from './store.js';

/**
 * The grants table: one row per app and seller, with the same fields as a grant in the token store file
 * (store.ts), as columns so that an operator can see who is authorized (`SELECT app_key, open_id, seller_name,
 * updated_at FROM tap_tiktok_shop_grants`). The unique index keys a grant by app_key and open_id; open_id is NULL
 * only when the token reply named no seller (rows with a NULL are all distinct).
 */
export const GRANTS_TABLE = 'tap_tiktok_shop_grants';

export const CREATE_TABLE_SQL = [
  `CREATE TABLE IF NOT EXISTS ${GRANTS_TABLE} (
    app_key text NOT NULL,
    open_id text,
    seller_name text,
    access_token text NOT NULL,
    access_token_expire_in bigint NOT NULL,
    refresh_token text NOT NULL,
    refresh_token_expire_in bigint,
    config_refresh_token_hashes text[] NOT NULL DEFAULT '{}',
    retired_refresh_token_hashes text[] NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX IF NOT EXISTS ${GRANTS_TABLE}_seller ON ${GRANTS_TABLE} (app_key, open_id)`,
];

const COLUMNS = [
  'app_key',
  'open_id',
  'seller_name',
  'access_token',
  'access_token_expire_in',
  'refresh_token',
  'refresh_token_expire_in',
  'config_refresh_token_hashes',
  'retired_refresh_token_hashes',
  'updated_at',
] as const;

export const SELECT_GRANTS_SQL = `SELECT ${COLUMNS.join(', ')} FROM ${GRANTS_TABLE} WHERE app_key = $1 ORDER BY updated_at, open_id`;
export const DELETE_GRANTS_SQL = `DELETE FROM ${GRANTS_TABLE} WHERE app_key = $1`;
export const INSERT_GRANT_SQL = `INSERT INTO ${GRANTS_TABLE} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;

/**
 * Advisory lock keys (two int4: the tap's namespace, then the app): refreshes of one app take turns. Per app, not
 * per seller, because which seller a refresh token belongs to is known only from the rows the lock protects (a
 * config's first refresh token has no row yet). Refreshes are rare (once per access token lifetime, 7 days by
 * default: docs/tiktok-shop-api.md §1.3), so sellers of one app waiting on each other costs nothing.
 */
export const TRY_LOCK_SQL = `SELECT pg_try_advisory_xact_lock(hashtext('${GRANTS_TABLE}'), hashtext($1)) AS locked`;
/** Creating the table: `CREATE TABLE IF NOT EXISTS` run by two sessions at once can fail on the catalog's unique index. */
export const CREATE_LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtext('${GRANTS_TABLE}'), 0)`;
export const TABLE_EXISTS_SQL = `SELECT to_regclass('${GRANTS_TABLE}') IS NOT NULL AS present`;

export type GrantRow = Record<(typeof COLUMNS)[number], unknown>;

/** bigint columns come back from `pg` as strings (they may exceed 2^53; Unix seconds do not). */
function seconds(value: unknown): number | undefined {
  if (value === null || value === undefined) return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function rowToGrant(row: GrantRow): StoredGrant {
  const grant: StoredGrant = {
    app_key: String(row.app_key),
    access_token: String(row.access_token),
    access_token_expire_in: seconds(row.access_token_expire_in) ?? 0,
    refresh_token: String(row.refresh_token),
    config_refresh_token_hashes: strings(row.config_refresh_token_hashes),
    retired_refresh_token_hashes: strings(row.retired_refresh_token_hashes),
    updated_at: row.updated_at instanceof Date ? row.updated_at.toISOString() : String(row.updated_at),
  };
  if (typeof row.open_id === 'string') grant.open_id = row.open_id;
  if (typeof row.seller_name === 'string') grant.seller_name = row.seller_name;
  const refreshExpiry = seconds(row.refresh_token_expire_in);
  if (refreshExpiry !== undefined) grant.refresh_token_expire_in = refreshExpiry;
  return grant;
}

/** The parameters of INSERT_GRANT_SQL, in column order. */
export function grantToParams(grant: StoredGrant): unknown[] {
  return [
    grant.app_key,
    grant.open_id ?? null,
    grant.seller_name ?? null,
    grant.access_token,
    grant.access_token_expire_in,
    grant.refresh_token,
    grant.refresh_token_expire_in ?? null,
    grant.config_refresh_token_hashes,
    grant.retired_refresh_token_hashes,
    grant.updated_at,
  ];
}
