import { closeSync, constants, fchmodSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Mode of a new file; an existing file keeps its own unless `forceMode` is set. */
  mode?: number;
  /** Always give the file `mode` (the token store is 0600 whatever it was before). */
  forceMode?: boolean;
  /** For tests: what makes the rename durable (default: fsync the directory). */
  syncDirectory?: (dir: string) => void;
}

/**
 * The file a write to `path` must replace: a symlink's target (renaming onto the link itself would turn the link
 * into a plain file and leave its target with the old contents).
 */
export function writeTarget(path: string): string {
  try {
    return realpathSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return path;
    throw error;
  }
}

/** fsync a directory, so a rename in it survives a power cut (the rename lives in the directory, not the file). */
export function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  } catch {
    return; // platforms that cannot open a directory have nothing to fsync
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    // Some file systems refuse fsync on directories (EINVAL); the rename itself has still happened.
    if (!['EINVAL', 'ENOTSUP', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes `text` to `path` so that a crash at any point leaves either the old file or the new one, never a
 * truncated mix: a temp file beside the real target, fsync, rename over it, fsync the directory.
 */
export function writeFileAtomic(path: string, text: string, options: AtomicWriteOptions = {}): void {
  const target = writeTarget(path);
  let mode = options.mode ?? 0o600;
  if (!options.forceMode) {
    try {
      mode = statSync(target).mode & 0o7777;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || options.mode === undefined) throw error;
    }
  }
  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  try {
    fchmodSync(fd, mode); // the umask must not loosen or tighten what the file had
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, target);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
  (options.syncDirectory ?? fsyncDirectory)(dir);
}
