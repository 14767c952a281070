import { ENDPOINTS } from './endpoints.js';
import { authHints, CONFIG_HOME, type AuthHints } from './auth-hints.js';
import { ApiError, RefreshRefusedError } from './errors.js';
import { encodeQuery, trimBase } from './request-prep.js';
import { retryingCall, type RetryPolicy } from './retrying-call.js';
import { readTokenReply } from './token-reply.js';
import type { TokenSet } from './tokens.js';
import type { Wire } from './wire.js';

export interface TokenRefreshOptions {
  appKey: string;
  appSecret: string;
  authBaseUrl: string;
  wire: Wire;
  policy: RetryPolicy;
  /** The deployment's fixes (src/tiktok/auth-hints.ts); a config-file deployment's when absent. */
  hints?: AuthHints;
}

/** Refusals of the app's own credentials: the fix is app_key/app_secret, not a new grant (§3.3, G6). */
const CREDENTIAL_REASONS = new Set(['bad_app_secret', 'bad_app_key', 'bad_sign']);

/**
 * The token-refresh call (docs/tiktok-shop-api.md §1.2): an unsigned GET on the auth host; app_secret and
 * refresh_token travel in the query (registered secrets, masked in anything logged). Transient failures are retried
 * by the one loop; a refusal of the app's credentials needs the right app_secret, any other API code (expired,
 * revoked or rotated-away refresh token) needs the seller to re-authorize (G14).
 */
export function createTokenRefresh(options: TokenRefreshOptions): (refreshToken: string) => Promise<TokenSet> {
  const spec = ENDPOINTS.tokenRefresh;
  const label = `${spec.method} ${spec.path}`;
  return (refreshToken) => {
    const query = { app_key: options.appKey, app_secret: options.appSecret, refresh_token: refreshToken, grant_type: 'refresh_token' };
    const url = `${trimBase(options.authBaseUrl)}${spec.path}?${encodeQuery(query)}`;
    return retryingCall(
      {
        label,
        endpoint: spec.name,
        attempt: () => options.wire.send({ method: 'GET', url, body: undefined, headers: {}, endpoint: spec.name, tags: {}, mask: [refreshToken] }),
        accept: ({ data, requestId }) => {
          const reply = readTokenReply(data, label, requestId);
          const tokens: TokenSet = {
            accessToken: reply.accessToken,
            accessTokenExpireIn: reply.accessTokenExpireIn,
            // §1.2: a new refresh token comes back too; keep the old one only if it did not.
            refreshToken: reply.refreshToken ?? refreshToken,
          };
          if (reply.refreshTokenExpireIn !== undefined) tokens.refreshTokenExpireIn = reply.refreshTokenExpireIn;
          if (reply.openId !== undefined) tokens.openId = reply.openId;
          if (reply.sellerName !== undefined) tokens.sellerName = reply.sellerName;
          return tokens;
        },
        decide: (failure) => {
          if (failure.cls.action === 'retry' || failure.facts.code === undefined) return undefined;
          const hints = options.hints ?? authHints(CONFIG_HOME);
          if (CREDENTIAL_REASONS.has(failure.cls.reason)) {
            // Not a RefreshRefusedError: the refresh token may be fine, and the token store must keep it.
            return new ApiError({
              ...failure.facts,
              action: 'fatal',
              reason: failure.cls.reason,
              hint: failure.cls.reason === 'bad_app_key' ? `check app_key; ${hints.appSecret}` : hints.appSecret,
              endpoint: label,
              requestId: failure.requestId,
              responseBody: failure.body,
              mask: failure.mask,
            });
          }
          return new RefreshRefusedError({
            ...failure.facts,
            action: 'fatal',
            reason: 'refresh_failed',
            hint: hints.reauthorize,
            endpoint: label,
            requestId: failure.requestId,
            responseBody: failure.body,
            mask: failure.mask,
          });
        },
      },
      options.policy,
    );
  };
}
