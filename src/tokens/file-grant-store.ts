import type { GrantStore, LockedGrants, StoreLockOptions } from './grant-store.js';
import type { LockOptions } from './lock.js';
import { readStore, storeLock, writeStore, type StoreFile } from './store.js';

/** Only the grants of one app: what a GrantStore hands out, whatever else the file holds. */
function ofApp(store: StoreFile, appKey: string): StoreFile {
  return { ...store, grants: store.grants.filter((g) => g.app_key === appKey) };
}

/**
 * The token store file (store.ts) as a GrantStore. The file holds every app's grants, so a write puts back the
 * other apps' grants as they are on disk under the lock.
 */
export class FileGrantStore implements GrantStore {
  constructor(
    readonly path: string,
    private readonly lockOptions: LockOptions = {},
  ) {}

  get where(): string {
    return this.path;
  }

  read(appKey: string): Promise<StoreFile> {
    return Promise.resolve(ofApp(readStore(this.path), appKey));
  }

  locked<T>(appKey: string, fn: (store: LockedGrants) => Promise<T>, options: StoreLockOptions = {}): Promise<T> {
    const lock = storeLock(this.path, {
      ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}),
      ...(options.onWait ? { onWait: (holder) => options.onWait!(holder ? `pid ${holder.pid}` : undefined) } : {}),
      ...this.lockOptions,
    });
    return lock.with(() =>
      fn({
        read: () => this.read(appKey),
        write: (store) => {
          const current = readStore(this.path);
          writeStore(this.path, { ...current, grants: [...current.grants.filter((g) => g.app_key !== appKey), ...store.grants.filter((g) => g.app_key === appKey)] });
          return Promise.resolve();
        },
      }),
    );
  }
}
