import { EXIT, TapError } from '../errors.js';
import type { TapConfig } from '../settings.js';
import { FileGrantStore } from './file-grant-store.js';
import type { GrantStore } from './grant-store.js';
import type { LockOptions } from './lock.js';
import { PgGrantStore } from './pg-grant-store.js';
import { parsePgUrl } from '../pg-url.js';
import { tokenStoreLocation } from './store-path.js';

export interface OpenedStore {
  store: GrantStore;
  /** Why this store: named by a setting, or the default under Meltano. */
  source: 'setting' | 'meltano';
}

/**
 * The token store of a run: `token_store_url` (PostgreSQL) if set, else the file of `token_store_path` or
 * Meltano's default (store-path.ts), else none. Meltano's own database (MELTANO_DATABASE_URI) is never used
 * unasked: the tap would create a table in Meltano's system database (docs/token-stores.md says more).
 */
export function openGrantStore(config: Pick<TapConfig, 'token_store_path' | 'token_store_url'>, env: NodeJS.ProcessEnv, cwd: string, lock: LockOptions = {}): OpenedStore | undefined {
  if (config.token_store_url) {
    const url = parsePgUrl(config.token_store_url);
    if ('problem' in url) {
      // validateConfig reports this first; kept for callers that skip it.
      throw new TapError('config_invalid', `"token_store_url" ${url.problem}`, { hint: 'fix token_store_url', exitCode: EXIT.INPUT });
    }
    return { store: new PgGrantStore(url), source: 'setting' };
  }
  const location = tokenStoreLocation(config, env, cwd);
  return location ? { store: new FileGrantStore(location.path, lock), source: location.source } : undefined;
}
