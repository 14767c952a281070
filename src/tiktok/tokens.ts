import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { registerSecret } from '../redact.js';

/**
 * Access-token life cycle (/work/shared/tiktok-shop-api.md §1.2–1.3, G14). Expiry fields are ABSOLUTE Unix
 * seconds despite their `_expire_in` names (§1.3). A refresh also rotates the refresh token, so every refresh
 * is handed to `onTokens` for persisting.
 */
export interface TokenSet {
  accessToken: string;
  /** Absolute Unix seconds. */
  accessTokenExpireIn: number;
  refreshToken: string;
  /** Absolute Unix seconds. */
  refreshTokenExpireIn?: number;
}

export interface TokenManagerOptions {
  accessToken?: string | undefined;
  accessTokenExpireIn?: number | undefined;
  refreshToken?: string | undefined;
  /** Performs the refresh call (the client's, so it goes through the one HTTP instance). */
  fetchTokens: (refreshToken: string) => Promise<TokenSet>;
  onTokens?: ((tokens: TokenSet) => void | Promise<void>) | undefined;
  logger: Logger;
  /** ms. */
  now?: () => number;
  /** Refresh this long before expiry. */
  refreshMarginSec?: number;
}

export const REAUTHORIZE_HINT = 're-authorize the app for this seller and put the new refresh_token in the config';

/**
 * §1.3 says absolute; a value that small cannot be an absolute time after 2001, so it can only be a
 * duration (some tools write it that way). Interpreting it as one is the safer reading.
 */
export function normalizeExpiry(value: number | undefined, nowMs: number): number | undefined {
  if (value === undefined || !Number.isFinite(value) || value <= 0) return undefined;
  return value < 1_000_000_000 ? Math.floor(nowMs / 1000) + value : value;
}

export class TokenManager {
  private access: string | undefined;
  private accessExpiry: number | undefined;
  /** Seconds a refreshed token was issued for; unknown for a token from the config. */
  private accessLifetime: number | undefined;
  private refreshTok: string | undefined;
  private refreshExpiry: number | undefined;
  private inflight: Promise<TokenSet> | undefined;
  private warnedNoRefresh = false;
  private readonly options: TokenManagerOptions;
  private readonly now: () => number;
  private readonly margin: number;
  refreshCount = 0;

  constructor(options: TokenManagerOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.margin = options.refreshMarginSec ?? 3600;
    this.access = options.accessToken || undefined;
    this.accessExpiry = normalizeExpiry(options.accessTokenExpireIn, this.now());
    this.refreshTok = options.refreshToken || undefined;
    registerSecret(this.access);
    registerSecret(this.refreshTok);
    if (!this.access && !this.refreshTok) {
      throw new TapError('config_no_token', 'the config holds neither an access_token nor a refresh_token', { hint: REAUTHORIZE_HINT, exitCode: EXIT.INPUT });
    }
  }

  /** The token to send now; refreshes first when there is none or it expires within the margin (§7). */
  async accessToken(): Promise<string> {
    if (this.inflight) return (await this.inflight).accessToken;
    if (!this.access) return (await this.refresh('no access token in the config')).accessToken;
    if (this.accessExpiry !== undefined && this.accessExpiry - this.now() / 1000 < this.refreshMargin()) {
      if (this.refreshTok) return (await this.refresh('the access token expires within the hour')).accessToken;
      if (!this.warnedNoRefresh) {
        this.warnedNoRefresh = true;
        this.options.logger.warn('the access token expires soon (or has expired) and there is no refresh_token in the config to renew it');
      }
    }
    return this.access;
  }

  /**
   * Refresh, single-flight: concurrent callers share one call. `rejected` is the token the API refused; if the
   * current token is already a different one, another caller refreshed meanwhile and we reuse its result.
   */
  refresh(reason: string, rejected?: string): Promise<TokenSet> {
    if (this.inflight) return this.inflight;
    if (rejected !== undefined && this.access !== undefined && rejected !== this.access) return Promise.resolve(this.snapshot());
    const refreshToken = this.refreshTok;
    if (!refreshToken) {
      return Promise.reject(
        new TapError('api_token_no_refresh', `the access token needs renewing (${reason}) but the config has no refresh_token`, {
          hint: REAUTHORIZE_HINT,
          exitCode: EXIT.API,
        }),
      );
    }
    const run = async (): Promise<TokenSet> => {
      this.options.logger.info(`refreshing the access token: ${reason}`);
      const fresh = await this.options.fetchTokens(refreshToken);
      this.refreshCount += 1;
      registerSecret(fresh.accessToken);
      registerSecret(fresh.refreshToken);
      this.access = fresh.accessToken;
      this.accessExpiry = normalizeExpiry(fresh.accessTokenExpireIn, this.now());
      this.accessLifetime = this.accessExpiry === undefined ? undefined : Math.max(0, this.accessExpiry - this.now() / 1000);
      this.refreshTok = fresh.refreshToken || refreshToken;
      this.refreshExpiry = fresh.refreshTokenExpireIn;
      const tokens = this.snapshot();
      this.options.logger.info('access token refreshed', {
        access_token_expires_at: this.accessExpiry ? new Date(this.accessExpiry * 1000).toISOString() : 'unknown',
      });
      // Awaited: the refresh token rotated (§1.2), losing the new one may lock the tap out on the next run.
      await this.options.onTokens?.(tokens);
      return tokens;
    };
    const flight = run().finally(() => {
      if (this.inflight === flight) this.inflight = undefined;
    });
    this.inflight = flight;
    return flight;
  }

  /** True when `token` is the current token and its own expiry has passed: a rejection of it is no mystery. */
  hasExpired(token: string): boolean {
    return token === this.access && this.accessExpiry !== undefined && this.accessExpiry <= this.now() / 1000;
  }

  /**
   * Refresh this long before expiry: an hour (§7), but never more than half of a token's life, or a short-lived
   * token would be refreshed before every request.
   */
  private refreshMargin(): number {
    if (this.accessLifetime === undefined) return this.margin;
    return Math.min(this.margin, this.accessLifetime / 2);
  }

  private snapshot(): TokenSet {
    const tokens: TokenSet = {
      accessToken: this.access ?? '',
      accessTokenExpireIn: this.accessExpiry ?? 0,
      refreshToken: this.refreshTok ?? '',
    };
    if (this.refreshExpiry !== undefined) tokens.refreshTokenExpireIn = this.refreshExpiry;
    return tokens;
  }
}
