import { readdirSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { realStorePath } from './real-path.js';
import { hashToken, readStore, type StoreFile, type StoredGrant } from './store.js';

/**
 * Temp files an atomic write of the store left behind (atomic-file.ts names them `.<file>.<pid>.<hex>.tmp`): a
 * process killed between writing one and renaming it over the store. Such a file may hold the only copy of a
 * rotated refresh token (TikTok retires the old one, docs/tiktok-shop-api.md §1.2), so it is adopted, not just
 * deleted (orphanAdoptions).
 */
export function orphanTemps(path: string): string[] {
  const target = realStorePath(path);
  const dir = dirname(target);
  const prefix = `.${basename(target)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((name) => name.startsWith(prefix) && /^\d+\.[0-9a-f]{8}\.tmp$/.test(name.slice(prefix.length))).map((name) => join(dir, name));
}

/** The grants of `orphan` the store missed: a rotation of one of its grants, or a seller it does not hold at all. */
export function orphanAdoptions(store: StoreFile, orphan: StoreFile): StoredGrant[] {
  return orphan.grants.filter((candidate) => {
    const same = store.grants.filter((g) => g.app_key === candidate.app_key);
    if (same.some((g) => g.refresh_token === candidate.refresh_token)) return false;
    // Newer when it rotated away the refresh token the store holds now: its lineage lists that token as retired.
    if (same.some((g) => candidate.retired_refresh_token_hashes.includes(hashToken(g.refresh_token)))) return true;
    return candidate.open_id !== undefined && !same.some((g) => g.open_id === candidate.open_id);
  });
}

/** The store with `adopted` in place of the grants they supersede. */
export function withAdopted(store: StoreFile, adopted: readonly StoredGrant[]): StoreFile {
  const superseded = (g: StoredGrant) =>
    adopted.some((a) => a.app_key === g.app_key && (a.retired_refresh_token_hashes.includes(hashToken(g.refresh_token)) || (a.open_id !== undefined && a.open_id === g.open_id)));
  return { ...store, grants: [...store.grants.filter((g) => !superseded(g)), ...adopted] };
}

export interface OrphanOutcome {
  adopted: number;
  deleted: number;
}

/**
 * Adopts what the orphans hold that the store lacks, then deletes them. Call it holding the store's lock: every
 * write of the store happens under that lock, so no live process is still writing a temp file.
 */
export function adoptOrphans(path: string, write: (store: StoreFile) => void): OrphanOutcome {
  const temps = orphanTemps(path);
  if (temps.length === 0) return { adopted: 0, deleted: 0 };
  let store = readStore(path);
  let adopted = 0;
  for (const temp of temps) {
    let orphan: StoreFile;
    try {
      orphan = readStore(temp);
    } catch {
      continue; // half-written (killed before its fsync): nothing in it can be trusted
    }
    const fresh = orphanAdoptions(store, orphan);
    if (fresh.length) {
      store = withAdopted(store, fresh);
      adopted += fresh.length;
    }
  }
  if (adopted) write(store);
  let deleted = 0;
  for (const temp of temps) {
    try {
      unlinkSync(temp);
      deleted += 1;
    } catch {
      // gone meanwhile
    }
  }
  return { adopted, deleted };
}
