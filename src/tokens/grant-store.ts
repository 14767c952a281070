import type { StoreFile } from './store.js';

/**
 * Where grants are kept: the JSON file (file-grant-store.ts) or a PostgreSQL table (pg-grant-store.ts). The
 * refresh logic (persistence.ts) is written once against this, so both stores give the same guarantees: a refresh
 * is done under the store's lock, after re-reading it, at most once, and saved before the new tokens are used.
 */
export interface GrantStore {
  /** Names the store in messages: a file path, or the database URL without its password. */
  readonly where: string;
  /** The grants of `appKey` as stored now. */
  read(appKey: string): Promise<StoreFile>;
  /** Runs `fn` holding the store's lock for `appKey`; every process sharing the store takes turns. */
  locked<T>(appKey: string, fn: (store: LockedGrants) => Promise<T>, options?: StoreLockOptions): Promise<T>;
}

/** The store seen from inside its lock. */
export interface LockedGrants {
  /** Reads again (never cached: the point of reading under the lock is to see what another process saved). */
  read(): Promise<StoreFile>;
  /** Saves `store` (the grants of the locked app_key) durably before resolving. Call it last: it may end the lock. */
  write(store: StoreFile): Promise<void>;
}

export interface StoreLockOptions {
  /** Longest wait for another holder, ms (default 10 minutes: a refresh retried with back-off can take minutes). */
  waitMs?: number;
  /** Told once when the lock is busy, so a waiting process can say why it waits. */
  onWait?: (holder: string | undefined) => void;
}
