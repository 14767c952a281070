import type { LoadedConfig } from '../config.js';
import type { Logger } from '../log.js';
import { PACKAGE } from '../package-root.js';
import type { TapConfig } from '../settings.js';
import { TikTokClient } from '../tiktok/client.js';
import type { TokenExchange } from '../tiktok/tokens.js';
import { tokenPersistence, type PersistenceOptions } from '../tokens/persistence.js';

export interface ClientTokens {
  accessToken?: string | undefined;
  accessTokenExpireIn?: number | undefined;
  refreshToken?: string | undefined;
}

/** A client for one grant: these tokens, refreshed through `exchange`, and every other option from the settings. */
export function newClient(config: TapConfig, logger: Logger, start: ClientTokens, exchange: TokenExchange): TikTokClient {
  return new TikTokClient({
    appKey: config.app_key!,
    appSecret: config.app_secret!,
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
  return newClient(loaded.config, logger, tokens.start, tokens.exchange);
}
