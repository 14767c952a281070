import type { LoadedConfig } from '../config.js';
import type { Logger } from '../log.js';
import { PACKAGE } from '../package-root.js';
import { authHints, type TokenHome } from '../tiktok/auth-hints.js';
import { TikTokClient } from '../tiktok/client.js';
import { tokenPersistence, type PersistenceOptions } from '../tokens/persistence.js';

/**
 * The API client configured from the settings. Tokens start from the freshest of the config and the token store,
 * and rotated ones are saved to the store and/or written back to the config file (src/tokens/persistence.ts).
 * `pendingTokenWrite()` on the result resolves once no refresh or write-back is in flight.
 */
export async function clientFromConfig(loaded: LoadedConfig, logger: Logger, options: PersistenceOptions = {}): Promise<TikTokClient> {
  const { config } = loaded;
  const tokens = await tokenPersistence(loaded, logger, options);
  const { start } = tokens;
  // Auth failures name the fix for where this run keeps its tokens (src/tiktok/auth-hints.ts).
  const env = options.env ?? process.env;
  const home: TokenHome = {
    store: config.token_store_url ? 'url' : tokens.storePath !== undefined ? 'file' : 'config',
    meltano: env.MELTANO_PROJECT_ROOT !== undefined,
  };
  return new TikTokClient({
    appKey: config.app_key!,
    appSecret: config.app_secret!,
    authHints: authHints(home),
    ...(start.accessToken ? { accessToken: start.accessToken } : {}),
    ...(start.accessTokenExpireIn ? { accessTokenExpireIn: start.accessTokenExpireIn } : {}),
    ...(start.refreshToken ? { refreshToken: start.refreshToken } : {}),
    apiBaseUrl: config.api_base_url,
    authBaseUrl: config.auth_base_url,
    requestTimeoutMs: config.request_timeout * 1000,
    maxRetries: config.max_retries,
    requestsPerSecond: config.requests_per_second,
    maxConcurrency: config.max_concurrency,
    userAgent: config.user_agent ?? `${PACKAGE.name}/${PACKAGE.version}`,
    logger,
    tokenExchange: tokens.exchange,
  });
}
