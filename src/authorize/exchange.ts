import type { Logger } from '../log.js';
import { registerSecret } from '../redact.js';
import { createHttp, fetchText } from '../tiktok/http.js';
import { failureError, interpretReply, transportFacts, transportFailure, unexpectedReplyError, type Outcome } from '../tiktok/reply.js';
import { encodeQuery, trimBase } from '../tiktok/request-prep.js';
import { retryDelayMs } from '../tiktok/retry.js';

/** The seller grant that GET /api/v2/token/get returns (tiktok-shop-api.md §1.3). */
export interface AuthorizedGrant {
  accessToken: string;
  /** Absolute Unix seconds, despite the name (§1.3). */
  accessTokenExpireIn: number;
  refreshToken: string;
  refreshTokenExpireIn: number | undefined;
  openId: string | undefined;
  sellerName: string | undefined;
  sellerBaseRegion: string | undefined;
  /** 0 = seller token, 1 = creator token (§1.3). */
  userType: number | undefined;
  grantedScopes: string[];
}

export interface ExchangeOptions {
  appKey: string;
  appSecret: string;
  authBaseUrl: string;
  code: string;
  requestTimeoutMs: number;
  maxRetries: number;
  userAgent: string;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
}

const PATH = '/api/v2/token/get';
const LABEL = `GET ${PATH}`;
const FRESH_LINK = 'run authorize again for a fresh consent link and paste the redirect right away';

/**
 * §1.1: unsigned GET on the token host with app_key, app_secret, auth_code and grant_type=authorized_code (not
 * OAuth's authorization_code). Transient failures are retried, but a code is single-use: if an attempt whose
 * reply was lost did spend it, the retry sees 36004004, and the error says so.
 */
export async function exchangeAuthCode(options: ExchangeOptions): Promise<AuthorizedGrant> {
  const http = createHttp({ requestTimeoutMs: options.requestTimeoutMs, userAgent: options.userAgent, logger: options.logger });
  const query = { app_key: options.appKey, app_secret: options.appSecret, auth_code: options.code, grant_type: 'authorized_code' };
  const url = `${trimBase(options.authBaseUrl)}${PATH}?${encodeQuery(query)}`;
  const mask = [options.code, options.appSecret];
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  let failures = 0;
  for (;;) {
    let outcome: Outcome;
    try {
      const response = await fetchText(http, url, { method: 'GET', headers: {} });
      outcome = interpretReply(response, mask);
    } catch (error) {
      outcome = transportFailure(transportFacts(error, mask, options.requestTimeoutMs), mask);
    }
    if (outcome.ok) return readGrant(outcome.data, outcome.requestId);
    const code = outcome.facts.code;
    if (code === 36004004) {
      const spent = failures > 0 ? ' (an earlier attempt whose reply was lost may have used it)' : '';
      throw failureError(LABEL, outcome, {
        action: 'fatal',
        hint: `the auth code is expired (codes live 30 minutes), already used (single-use${spent}), or from the consent link of another app (check that service_id belongs to app_key): ${FRESH_LINK}`,
      });
    }
    if (code === 36009004 || /app[_ ]?(key|secret)/i.test(outcome.facts.message ?? '')) {
      throw failureError(LABEL, outcome, {
        action: 'fatal',
        hint: 'the token service refused app_key or app_secret: copy both from your app in Partner Center (the code may still be usable: rerun with --code within 30 minutes)',
      });
    }
    if (outcome.cls.action === 'retry' && failures < options.maxRetries) {
      const delay = retryDelayMs(failures, { baseMs: 1000, capMs: 10_000, retryAfter: outcome.retryAfter });
      options.logger.warn(`${LABEL}: ${outcome.cls.reason}; retry ${failures + 1}/${options.maxRetries} in ${(delay / 1000).toFixed(1)} s`);
      failures += 1;
      await sleep(delay);
      continue;
    }
    throw failureError(LABEL, outcome, { action: 'fatal', ...(failures > 0 ? { attempts: failures + 1 } : {}) });
  }
}

function readGrant(data: unknown, requestId: string): AuthorizedGrant {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const str = (key: string): string | undefined => (typeof d[key] === 'string' && d[key] !== '' ? (d[key] as string) : undefined);
  const int = (key: string): number | undefined => (typeof d[key] === 'number' && Number.isFinite(d[key]) ? (d[key] as number) : undefined);
  const accessToken = str('access_token');
  const refreshToken = str('refresh_token');
  if (accessToken) registerSecret(accessToken);
  if (refreshToken) registerSecret(refreshToken);
  if (!accessToken || !refreshToken) {
    throw unexpectedReplyError(LABEL, requestId, 'a token reply without access_token or refresh_token');
  }
  return {
    accessToken,
    accessTokenExpireIn: int('access_token_expire_in') ?? 0,
    refreshToken,
    refreshTokenExpireIn: int('refresh_token_expire_in'),
    openId: str('open_id'),
    sellerName: str('seller_name'),
    sellerBaseRegion: str('seller_base_region'),
    userType: int('user_type'),
    grantedScopes: Array.isArray(d.granted_scopes) ? d.granted_scopes.filter((s): s is string => typeof s === 'string') : [],
  };
}
