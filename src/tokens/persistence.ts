import type { LoadedConfig } from '../config.js';
import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { RefreshRefusedError } from '../tiktok/errors.js';
import type { RefreshRequest, RefreshResult, TokenExchange, TokenSet } from '../tiktok/tokens.js';
import { STORE_HINT, persistRotatedTokens, writeBackFile, writeBackProblem } from './write-back.js';
import type { LockOptions } from './lock.js';
import { configFileExchange } from './config-exchange.js';
import { FileGrantStore } from './file-grant-store.js';
import type { GrantStore } from './grant-store.js';
import { openGrantStore } from './open-store.js';
import { findGrant, grantTokens, recordTokens, startTokens, type StartTokens } from './store.js';

export interface TokenPersistence {
  /** The freshest tokens between the config and the store. */
  start: StartTokens;
  /** How refreshes are done and saved. */
  exchange: TokenExchange;
  /** The token store as named in messages (a file path, or the database URL without its password), if any. */
  storePath: string | undefined;
}

export interface PersistenceOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  lock?: LockOptions;
}

/** The API refused the refresh token itself (§1.2; 36004004 "Invalid refresh_token" when it was rotated away). */
function refusedRefresh(error: unknown): boolean {
  return error instanceof RefreshRefusedError;
}

function saveFailed(path: string, error: unknown): TapError {
  return new TapError('token_store_write', `access token refreshed, but the rotated tokens could not be saved to the token store ${path} (${(error as Error).message}): the next run may fail to authenticate`, {
    // The PostgreSQL store's errors know their fix (pg-errors.ts); a file's is about its permissions.
    hint: `${error instanceof TapError && error.hint ? error.hint : 'make that file and its directory writable (or point token_store_path elsewhere)'}; re-authorize the app if the next run is refused`,
    exitCode: EXIT.INPUT,
  });
}

/**
 * Builds the token handling for one run from the settings: where tokens are kept (token store and/or config
 * file), which ones to start with, and a refresh that takes turns with other processes sharing the store.
 * Async: a store in PostgreSQL is read over the network.
 */
export async function tokenPersistence(loaded: LoadedConfig, logger: Logger, options: PersistenceOptions = {}): Promise<TokenPersistence> {
  const { config } = loaded;
  const appKey = config.app_key ?? '';
  const configRefresh = config.refresh_token;
  const configTokens = { accessToken: config.access_token, accessTokenExpireIn: config.access_token_expire_in, refreshToken: config.refresh_token };
  const opened = openGrantStore(config, options.env ?? process.env, options.cwd ?? process.cwd(), options.lock);

  if (!opened) {
    const exchange: TokenExchange = async (request) => {
      const file = writeBackFile(loaded);
      const problem = file === undefined ? undefined : writeBackProblem(file);
      if (problem) {
        // Issue 13.6: refreshing would rotate the refresh token into a file that cannot keep it.
        throw new TapError('token_cannot_persist', `the access token needs refreshing (${request.reason}), but ${problem}, so the rotated refresh token would be lost; not refreshing`, {
          hint: `make the config file writable, or ${STORE_HINT}`,
          exitCode: EXIT.INPUT,
        });
      }
      // Processes sharing the config file take turns and re-read it (config-exchange.ts).
      if (file !== undefined) return configFileExchange(loaded, file, logger, options.lock)(request);
      const fresh = await request.fetch(request.current.refreshToken);
      try {
        persistRotatedTokens(loaded, fresh, logger);
      } catch (error) {
        return { tokens: fresh, refreshed: true, saveError: error as Error };
      }
      return { tokens: fresh, refreshed: true };
    };
    return { start: { ...configTokens, source: 'config' }, exchange, storePath: undefined };
  }

  const { store, source } = opened;
  const where = store.where;
  if (store instanceof FileGrantStore) await store.prepare(logger);
  const start = startTokens(await store.read(appKey), appKey, configTokens, where);
  logger.debug(`token store: ${where}${source === 'meltano' ? ' (default under Meltano)' : ''}`);
  if (start.source === 'store' && !configRefresh && !config.access_token) {
    logger.info(`no token in the config: using this app's grant in the token store ${where}`);
  } else if (start.source === 'store' && start.refreshToken !== configRefresh) {
    logger.info(`using the newer tokens of this seller kept in the token store ${where}`);
  }

  const exchange = storeExchange(store, appKey, logger, {
    configRefresh,
    afterSave: (fresh) => persistRotatedTokens(loaded, fresh, logger, { storePath: where }),
    ...(options.lock?.waitMs !== undefined ? { waitMs: options.lock.waitMs } : {}),
  });
  return { start, exchange, storePath: where };
}

export interface StoreExchangeOptions {
  /** The refresh token the config holds, recorded so that config is recognised as older next time. */
  configRefresh?: string | undefined;
  /** Told the new tokens once they are saved in the store (the config write-back of a single-seller run). */
  afterSave?: (fresh: TokenSet) => void;
  /** Longest wait for another process's refresh, ms. */
  waitMs?: number;
}

/**
 * A refresh that takes turns with every process sharing `store`: under the store's lock it re-reads the grant,
 * adopts tokens another process saved meanwhile, refreshes at most once, and saves before the tokens are used.
 * One per grant: a run syncing several sellers has one for each (their grants are told apart by refresh token).
 */
export function storeExchange(store: GrantStore, appKey: string, logger: Logger, options: StoreExchangeOptions = {}): TokenExchange {
  const where = store.where;
  const configRefresh = options.configRefresh;
  const adopt = (request: RefreshRequest, tokens: TokenSet): RefreshResult | undefined =>
    request.usable(tokens) ? { tokens, refreshed: false, from: where } : undefined;

  return (request) =>
    store.locked(
      appKey,
      async (locked) => {
        // Under the lock, the store is the truth: another process may have refreshed while we waited.
        let refreshToken = request.current.refreshToken;
        const mine = findGrant(await locked.read(), appKey, refreshToken);
        if (mine && mine.grant.refresh_token !== refreshToken) {
          const theirs = grantTokens(mine.grant);
          const adopted = adopt(request, theirs);
          if (adopted) return adopted;
          refreshToken = theirs.refreshToken; // ours was rotated away: refresh with the current one
        }
        let fresh: TokenSet;
        try {
          fresh = await request.fetch(refreshToken);
        } catch (error) {
          // A process that does not share our lock (or broke it as stale) may have rotated it meanwhile: re-read.
          if (!refusedRefresh(error)) throw error;
          const again = findGrant(await locked.read(), appKey, refreshToken);
          if (!again || again.grant.refresh_token === refreshToken) throw error;
          logger.info(`the refresh token was rotated by another tap process; using the one in the token store ${where}`);
          const theirs = grantTokens(again.grant);
          const adopted = adopt(request, theirs);
          if (adopted) return adopted;
          refreshToken = theirs.refreshToken;
          fresh = await request.fetch(refreshToken);
        }
        try {
          const nowSec = Math.floor(Date.now() / 1000);
          // Saved (and, in PostgreSQL, committed) before the new tokens are used.
          await locked.write(recordTokens(await locked.read(), appKey, fresh, { usedRefreshToken: refreshToken, configRefreshToken: configRefresh, nowSec }));
        } catch (error) {
          return { tokens: fresh, refreshed: true, saveError: saveFailed(where, error) };
        }
        logger.info(`access token refreshed; new access and refresh tokens saved in the token store ${where}`);
        options.afterSave?.(fresh);
        return { tokens: fresh, refreshed: true };
      },
      {
        onWait: (holder) => logger.info(`waiting for another tap process${holder ? ` (${holder})` : ''} to finish refreshing the tokens in ${where}`),
        ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}),
      },
    );
}
