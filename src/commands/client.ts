import type { LoadedConfig } from '../config.js';
import type { Logger } from '../log.js';
import { PACKAGE } from '../package-root.js';
import { TikTokClient } from '../tiktok/client.js';
import { persistRotatedTokens } from '../token-writeback.js';

/** The API client configured from the settings; rotated tokens are written back to the config file. */
export function clientFromConfig(loaded: LoadedConfig, logger: Logger): TikTokClient {
  const { config } = loaded;
  return new TikTokClient({
    appKey: config.app_key!,
    appSecret: config.app_secret!,
    ...(config.access_token ? { accessToken: config.access_token } : {}),
    ...(config.access_token_expire_in ? { accessTokenExpireIn: config.access_token_expire_in } : {}),
    ...(config.refresh_token ? { refreshToken: config.refresh_token } : {}),
    apiBaseUrl: config.api_base_url,
    authBaseUrl: config.auth_base_url,
    requestTimeoutMs: config.request_timeout * 1000,
    maxRetries: config.max_retries,
    requestsPerSecond: config.requests_per_second,
    maxConcurrency: config.max_concurrency,
    userAgent: config.user_agent ?? `${PACKAGE.name}/${PACKAGE.version}`,
    logger,
    onTokens: (tokens) => persistRotatedTokens(loaded, tokens, logger),
  });
}
