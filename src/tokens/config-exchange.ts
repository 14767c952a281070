import { readFileSync } from 'node:fs';
import type { LoadedConfig } from '../config.js';
import type { Logger } from '../log.js';
import { RefreshRefusedError } from '../tiktok/errors.js';
import type { RefreshRequest, RefreshResult, TokenExchange, TokenSet } from '../tiktok/tokens.js';
import { FileLock, type LockOptions } from './lock.js';
import { realStorePath } from './real-path.js';
import { persistRotatedTokens } from './write-back.js';

/** The tokens the config file holds now (another process sharing it may have written newer ones). */
function tokensOnDisk(path: string): { accessToken?: string; accessTokenExpireIn?: number; refreshToken?: string } {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return {
      ...(typeof value.access_token === 'string' && value.access_token ? { accessToken: value.access_token } : {}),
      ...(typeof value.access_token_expire_in === 'number' ? { accessTokenExpireIn: value.access_token_expire_in } : {}),
      ...(typeof value.refresh_token === 'string' && value.refresh_token ? { refreshToken: value.refresh_token } : {}),
    };
  } catch {
    return {}; // unreadable now: the refresh goes on with the tokens in memory, and the write-back reports the file
  }
}

/**
 * A refresh when there is no token store and the tokens go back into the config file `path`: processes sharing
 * that file (shards given one config) take turns through a lock beside it, and each re-reads the file under the
 * lock, so one that comes second uses the tokens the first wrote instead of refreshing with a refresh token TikTok
 * has just retired (docs/tiktok-shop-api.md §1.2) and stopping with "re-authorize". A refusal (36004004) re-reads
 * the file once more, for a process that does not take the lock. The token store does the same, for any number
 * of machines (docs/token-stores.md).
 */
export function configFileExchange(loaded: LoadedConfig, path: string, logger: Logger, lock: LockOptions = {}): TokenExchange {
  const theirs = (request: RefreshRequest, current: string): { adopt?: RefreshResult; refreshToken?: string } => {
    const disk = tokensOnDisk(path);
    if (!disk.refreshToken || disk.refreshToken === current) return {};
    if (disk.accessToken && disk.accessTokenExpireIn !== undefined) {
      const tokens: TokenSet = { accessToken: disk.accessToken, accessTokenExpireIn: disk.accessTokenExpireIn, refreshToken: disk.refreshToken };
      if (request.usable(tokens)) {
        loaded.config.access_token = tokens.accessToken;
        loaded.config.access_token_expire_in = tokens.accessTokenExpireIn;
        loaded.config.refresh_token = tokens.refreshToken;
        return { adopt: { tokens, refreshed: false, from: path } };
      }
    }
    return { refreshToken: disk.refreshToken };
  };

  return (request) =>
    new FileLock(`${realStorePath(path)}.lock`, {
      what: 'the config file lock',
      onWait: (holder) => logger.info(`waiting for another tap process${holder ? ` (pid ${holder.pid})` : ''} to finish refreshing the tokens in ${path}`),
      ...lock,
    }).with(async () => {
      let refreshToken = request.current.refreshToken;
      const before = theirs(request, refreshToken);
      if (before.adopt) {
        logger.info(`using the tokens another tap process refreshed and wrote to ${path}`);
        return before.adopt;
      }
      refreshToken = before.refreshToken ?? refreshToken;
      let fresh: TokenSet;
      try {
        fresh = await request.fetch(refreshToken);
      } catch (error) {
        if (!(error instanceof RefreshRefusedError)) throw error;
        const after = theirs(request, refreshToken);
        if (after.adopt) {
          logger.info(`the refresh token was rotated by another tap process; using the tokens it wrote to ${path}`);
          return after.adopt;
        }
        if (!after.refreshToken) throw error;
        fresh = await request.fetch(after.refreshToken);
      }
      try {
        persistRotatedTokens(loaded, fresh, logger);
      } catch (error) {
        return { tokens: fresh, refreshed: true, saveError: error as Error };
      }
      return { tokens: fresh, refreshed: true };
    });
}
