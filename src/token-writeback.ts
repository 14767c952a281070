import { openSync, writeSync, fsyncSync, closeSync, renameSync, statSync, readFileSync, unlinkSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import type { LoadedConfig } from './config.js';
import type { Logger } from './log.js';

export interface RotatedTokens {
  accessToken: string;
  accessTokenExpireIn: number;
  refreshToken: string;
}

/**
 * Writes `text` to `path` so that a crash at any point leaves either the old file or the new one, never a
 * truncated mix: write a temp file beside it with the same permissions, fsync, then rename over the original.
 */
export function writeFileAtomic(path: string, text: string): void {
  const mode = statSync(path).mode & 0o7777;
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(temp, 'w', mode);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
}

/**
 * TikTok rotates the refresh token on every refresh (../shared/tiktok-shop-api.md §1.2), so a tap that forgets
 * the new one may lock itself out on its next run. Writes the new tokens into the config file that held the
 * refresh token (or access token), keeping every other key as it was.
 */
export function persistRotatedTokens(loaded: LoadedConfig, tokens: RotatedTokens, logger: Logger): void {
  const origin = loaded.origins.refresh_token ?? loaded.origins.access_token;
  if (!loaded.config.persist_tokens) {
    logger.warn('access token refreshed; persist_tokens is off, so the rotated refresh token was not saved — save it yourself or the next run may fail to authenticate');
    return;
  }
  if (!origin || origin.kind !== 'file') {
    logger.warn('access token refreshed, but the tokens came from the environment, so the rotated refresh token could not be written back — update TAP_TIKTOK_SHOP_REFRESH_TOKEN from your secret store if the next run fails to authenticate');
    return;
  }
  loaded.config.access_token = tokens.accessToken;
  loaded.config.access_token_expire_in = tokens.accessTokenExpireIn;
  loaded.config.refresh_token = tokens.refreshToken;
  try {
    const current = JSON.parse(readFileSync(origin.path, 'utf8')) as Record<string, unknown>;
    current.access_token = tokens.accessToken;
    current.access_token_expire_in = tokens.accessTokenExpireIn;
    current.refresh_token = tokens.refreshToken;
    writeFileAtomic(origin.path, `${JSON.stringify(current, null, 2)}\n`);
  } catch (error) {
    // The sync goes on with the new tokens in memory; only the next run is at risk, and this says so.
    logger.error(
      `access token refreshed, but the rotated tokens could not be written to ${origin.path} (${(error as Error).message}); ` +
        'this run continues, but the next one may fail to authenticate: make the file writable, or re-authorize the app afterwards',
    );
    return;
  }
  logger.info(`access token refreshed; new access and refresh tokens written to ${origin.path}`);
}
