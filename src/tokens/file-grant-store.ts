import type { GrantStore, LockedGrants, StoreLockOptions } from './grant-store.js';
import type { Logger } from '../log.js';
import type { LockOptions } from './lock.js';
import { adoptOrphans, orphanTemps } from './orphan-temps.js';
import { tightenStoreMode } from './store-mode.js';
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

  /**
   * What a run does before using the file: tighten a mode that lets others read it, and adopt or delete the temp
   * files a killed write left (orphan-temps.ts). The lock is only taken when there are such files.
   */
  async prepare(logger: Logger): Promise<void> {
    tightenStoreMode(this.path, logger);
    if (orphanTemps(this.path).length === 0) return;
    let outcome;
    try {
      outcome = await this.lockFile({}).with(() => adoptOrphans(this.path, (store) => writeStore(this.path, store)));
    } catch (error) {
      // A store the tap cannot write (a read-only mount for --test) still serves its grants as they are.
      logger.warn(`temporary files a killed tap process left beside the token store ${this.path} could not be adopted or deleted (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    if (outcome.adopted) {
      logger.warn(`the token store ${this.path} missed ${outcome.adopted} grant update(s) that a killed tap process had written to a temporary file; adopted them`);
    } else if (outcome.deleted) {
      logger.info(`deleted ${outcome.deleted} temporary file(s) a killed tap process left beside the token store ${this.path} (nothing newer in them)`);
    }
  }

  private lockFile(options: StoreLockOptions) {
    return storeLock(this.path, {
      ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}),
      ...(options.onWait ? { onWait: (holder) => options.onWait!(holder ? `pid ${holder.pid}` : undefined) } : {}),
      ...this.lockOptions,
    });
  }

  locked<T>(appKey: string, fn: (store: LockedGrants) => Promise<T>, options: StoreLockOptions = {}): Promise<T> {
    return this.lockFile(options).with(() =>
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
