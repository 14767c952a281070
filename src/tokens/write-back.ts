import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import type { LoadedConfig } from '../config.js';
import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { writeFileAtomic, writeTarget } from './atomic-file.js';

export { writeFileAtomic } from './atomic-file.js';

export interface RotatedTokens {
  accessToken: string;
  accessTokenExpireIn: number;
  refreshToken: string;
}

export const STORE_HINT = 'set token_store_path to a file the tap can keep its tokens in';

/**
 * Meltano hands the tap a copy of its config under `.meltano/run/` and deletes it after the run, so tokens written
 * there are lost.
 */
export function isMeltanoRunCopy(path: string): boolean {
  return `${sep}${resolve(path)}`.includes(`${sep}.meltano${sep}run${sep}`);
}

/** The config file rotated tokens go back into, if write-back is on and they came from a file. */
export function writeBackFile(loaded: LoadedConfig): string | undefined {
  const origin = loaded.origins.refresh_token ?? loaded.origins.access_token;
  if (!loaded.config.persist_tokens || !origin || origin.kind !== 'file') return undefined;
  return origin.path;
}

/**
 * Why `path` cannot take rotated tokens, checked before a refresh: rotating a refresh token that
 * cannot be saved locks the next run out. A file without write permission counts even for root, who could
 * replace it: someone made it read-only on purpose.
 */
export function writeBackProblem(path: string): string | undefined {
  let target: string;
  try {
    target = writeTarget(path);
    const mode = statSync(target).mode;
    if ((mode & 0o222) === 0) return `the config file ${path} is read-only (mode ${(mode & 0o777).toString(8).padStart(4, '0')})`;
    accessSync(target, constants.W_OK);
  } catch (error) {
    return `the config file ${path} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  try {
    accessSync(dirname(target), constants.W_OK);
  } catch (error) {
    return `the directory of the config file ${path} is not writable (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  return undefined;
}

export interface WriteBackOptions {
  /** The token store that already holds these tokens, if any: the config file is then only a convenience. */
  storePath?: string | undefined;
}

/**
 * TikTok rotates the refresh token on every refresh (docs/tiktok-shop-api.md §1.2), so a tap that forgets
 * the new one may lock itself out on its next run. Writes the new tokens into the config file that held the
 * refresh token (or access token), keeping every other key as it was. Without a token store, failing to write
 * throws: the run must not end well when its successor cannot authenticate.
 */
export function persistRotatedTokens(loaded: LoadedConfig, tokens: RotatedTokens, logger: Logger, options: WriteBackOptions = {}): void {
  const { storePath } = options;
  const origin = loaded.origins.refresh_token ?? loaded.origins.access_token;
  loaded.config.access_token = tokens.accessToken;
  loaded.config.access_token_expire_in = tokens.accessTokenExpireIn;
  loaded.config.refresh_token = tokens.refreshToken;
  if (!loaded.config.persist_tokens) {
    if (!storePath) logger.warn(`access token refreshed; persist_tokens is off, so the rotated refresh token was not saved — save it yourself, or ${STORE_HINT}, or the next run may fail to authenticate`);
    return;
  }
  if (!origin || origin.kind !== 'file') {
    if (!storePath) {
      logger.warn(
        `access token refreshed, but the tokens came from the environment, so the rotated refresh token could not be written back — ${STORE_HINT}, or update TAP_TIKTOK_SHOP_REFRESH_TOKEN from your secret store if the next run fails to authenticate`,
      );
    }
    return;
  }
  const path = origin.path;
  if (storePath && isMeltanoRunCopy(path)) {
    logger.debug(`not writing the rotated tokens into ${path}: Meltano deletes that copy, and the token store has them`);
    return;
  }
  try {
    const current = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    current.access_token = tokens.accessToken;
    current.access_token_expire_in = tokens.accessTokenExpireIn;
    current.refresh_token = tokens.refreshToken;
    writeFileAtomic(path, `${JSON.stringify(current, null, 2)}\n`);
  } catch (error) {
    const why = `the rotated tokens could not be written to ${path} (${(error as Error).message})`;
    if (storePath) {
      logger.warn(`access token refreshed; ${why}, but the token store ${storePath} has them`);
      return;
    }
    throw new TapError('token_writeback_failed', `access token refreshed, but ${why}: the next run may fail to authenticate`, {
      hint: `make the file writable, or ${STORE_HINT}; re-authorize the app if the next run is refused`,
      exitCode: EXIT.INPUT,
    });
  }
  if (!storePath && isMeltanoRunCopy(path)) {
    logger.warn(
      `access token refreshed; new access and refresh tokens written to ${path}, but that is Meltano's per-run copy of the config, deleted after the run: the rotated refresh token will be lost and the next run may fail to authenticate — ${STORE_HINT} (Meltano sets one by itself when it passes MELTANO_PROJECT_ROOT to the tap)`,
    );
    return;
  }
  logger.info(`access token refreshed; new access and refresh tokens written to ${path}`);
}
