import { chmodSync, statSync } from 'node:fs';
import type { Logger } from '../log.js';
import { realStorePath } from './real-path.js';

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(4, '0');

/**
 * A store file holds live tokens: anyone who can read it can read the seller's data. Every write makes it 0600,
 * but a file copied in, restored from a backup or created by hand may be readable by others. It is tightened to
 * 0600 at start (not only warned about: the fix is safe and the tap owns the file), and said once; a file the tap
 * cannot chmod (another owner) is warned about instead.
 */
export function tightenStoreMode(path: string, logger: Logger): void {
  const target = realStorePath(path);
  let mode: number;
  try {
    mode = statSync(target).mode;
  } catch {
    return; // no store yet: the first write creates it 0600
  }
  if ((mode & 0o077) === 0) return;
  try {
    chmodSync(target, 0o600);
    logger.warn(`the token store ${path} was readable by other users (mode ${octal(mode)}); made it 0600, as it holds live tokens`);
  } catch (error) {
    logger.warn(`the token store ${path} is readable by other users (mode ${octal(mode)}) and holds live tokens, but could not be made 0600 (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): chmod 600 it`);
  }
}
