import { registerSecret } from '../redact.js';
import { ENDPOINTS } from './endpoints.js';
import { ApiError } from './errors.js';
import type { Failure, Outcome } from './reply.js';
import { encodeQuery, trimBase, type SendSpec } from './request-prep.js';
import { REAUTHORIZE_HINT, type TokenSet } from './tokens.js';

/** The token-refresh call (§1.2), made through the client's exchange so it shares its HTTP instance, pacing and metrics. */
export interface TokenServiceOptions {
  appKey: string;
  appSecret: string;
  authBaseUrl: string;
  maxRetries: number;
  send: (spec: SendSpec) => Promise<Outcome>;
  backoff: (label: string, endpoint: string, failure: Failure, failures: number) => Promise<void>;
}

/** §1.2: unsigned GET on the auth host; app_secret and refresh_token travel in the query (redacted in logs). */
export function createTokenFetcher(options: TokenServiceOptions): (refreshToken: string) => Promise<TokenSet> {
  return async (refreshToken) => {
    const spec = ENDPOINTS.tokenRefresh;
    const label = `${spec.method} ${spec.path}`;
    const query = { app_key: options.appKey, app_secret: options.appSecret, refresh_token: refreshToken, grant_type: 'refresh_token' };
    const url = `${trimBase(options.authBaseUrl)}${spec.path}?${encodeQuery(query)}`;
    let failures = 0;
    for (;;) {
      const outcome = await options.send({ method: 'GET', url, body: undefined, headers: {}, endpoint: spec.name, tags: {}, mask: [refreshToken] });
      if (outcome.ok) return readTokens(outcome.data, label, outcome.requestId, refreshToken);
      if (outcome.cls.action === 'retry' && failures < options.maxRetries) {
        await options.backoff(label, spec.name, outcome, failures);
        failures += 1;
        continue;
      }
      // Any API code here (e.g. expired or revoked refresh token) needs the seller to re-authorize (G14).
      const apiRefused = outcome.facts.code !== undefined;
      throw new ApiError({
        ...outcome.facts,
        action: 'fatal',
        reason: apiRefused ? 'refresh_failed' : outcome.cls.reason,
        hint: apiRefused ? REAUTHORIZE_HINT : outcome.cls.hint,
        endpoint: label,
        requestId: outcome.requestId,
        attempts: outcome.cls.action === 'retry' ? failures + 1 : undefined,
        responseBody: outcome.body,
        mask: outcome.mask,
      });
    }
  };
}

function readTokens(data: unknown, label: string, requestId: string, oldRefresh: string): TokenSet {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (typeof d.access_token !== 'string' || d.access_token === '') {
    throw new ApiError({
      action: 'fatal',
      reason: 'refresh_failed',
      endpoint: label,
      requestId,
      detail: 'token refresh reply without access_token',
      hint: REAUTHORIZE_HINT,
    });
  }
  registerSecret(d.access_token);
  if (typeof d.refresh_token === 'string') registerSecret(d.refresh_token);
  const tokens: TokenSet = {
    accessToken: d.access_token,
    accessTokenExpireIn: typeof d.access_token_expire_in === 'number' ? d.access_token_expire_in : 0,
    // §1.2: a new refresh token comes back too; keep the old one only if it did not.
    refreshToken: typeof d.refresh_token === 'string' && d.refresh_token !== '' ? d.refresh_token : oldRefresh,
  };
  if (typeof d.refresh_token_expire_in === 'number') tokens.refreshTokenExpireIn = d.refresh_token_expire_in;
  // §1.3: which seller the grant belongs to; the token store keys grants by it.
  if (typeof d.open_id === 'string' && d.open_id !== '') tokens.openId = d.open_id;
  if (typeof d.seller_name === 'string' && d.seller_name !== '') tokens.sellerName = d.seller_name;
  return tokens;
}
