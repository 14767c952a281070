import type { LoadedConfig } from '../config.js';
import type { Logger } from '../log.js';
import { PACKAGE } from '../package-root.js';
import type { TapConfig } from '../settings.js';
import { authHints, type AuthHints, type TokenHome } from '../tiktok/auth-hints.js';
import { TikTokClient } from '../tiktok/client.js';
import type { TokenExchange } from '../tiktok/tokens.js';
import { tokenPersistence, type PersistenceOptions } from '../tokens/persistence.js';

export interface ClientTokens {
  accessToken?: string | undefined;
  accessTokenExpireIn?: number | undefined;
  refreshToken?: string | undefined;
}

/** Where this run keeps its tokens, which decides what an auth failure's hint tells the user to fix (src/tiktok/auth-hints.ts). */
export function tokenHome(config: TapConfig, storePath: string | undefined, env: NodeJS.ProcessEnv = process.env): TokenHome {
  return {
    store: config.token_store_url ? 'url' : storePath !== undefined ? 'file' : 'config',
    meltano: env.MELTANO_PROJECT_ROOT !== undefined,
  };
}

/** A client for one grant: these tokens, refreshed through `exchange`, and every other option from the settings. */
export function newClient(config: TapConfig, logger: Logger, start: ClientTokens, exchange: TokenExchange, hints: AuthHints): TikTokClient {
  return new TikTokClient({
    appKey: config.app_key!,
    appSecret: config.app_secret!,
    authHints: hints,
    ...(start.accessToken ? { accessToken: start.accessToken } : {}),
    ...(start.accessTokenExpireIn ? { accessTokenExpireIn: start.accessTokenExpireIn } : {}),
    ...(start.refreshToken ? { refreshToken: start.refreshToken } : {}),
    apiBaseUrl: config.api_base_url,
    authBaseUrl: config.auth_base_url,
    requestTimeoutMs: config.request_timeout * 1000,
    maxRetries: config.max_retries,
    requestsPerSecond: config.requests_per_second,
    endpointRequestsPerSecond: config.endpoint_requests_per_second,
    maxConcurrency: config.max_concurrency,
    maxConcurrencyPerShop: config.max_concurrency_per_shop,
    userAgent: config.user_agent ?? `${PACKAGE.name}/${PACKAGE.version}`,
    logger,
    tokenExchange: exchange,
  });
}

/**
 * The API client configured from the settings. Tokens start from the freshest of the config and the token store,
 * and rotated ones are saved to the store and/or written back to the config file (src/tokens/persistence.ts).
 * `pendingTokenWrite()` on the result resolves once no refresh or write-back is in flight.
 */
export async function clientFromConfig(loaded: LoadedConfig, logger: Logger, options: PersistenceOptions = {}): Promise<TikTokClient> {
  const tokens = await tokenPersistence(loaded, logger, options);
  const hints = authHints(tokenHome(loaded.config, tokens.storePath, options.env));
  return newClient(loaded.config, logger, tokens.start, tokens.exchange, hints);
}
