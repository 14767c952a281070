import { realpathSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * The path a store really lives at, through symlinks to it or to its directory, even before the file exists. Every
 * process must derive the lock file (and the temp files of atomic writes) from this one path: a store reached
 * through a symlink and through its target would otherwise get two lock files, and two refreshes at once.
 */
export function realStorePath(path: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  try {
    return join(realpathSync(dirname(path)), basename(path));
  } catch {
    return path; // the directory does not exist yet either: it is created where `path` says
  }
}
