import { authHints, CONFIG_HOME } from './auth-hints.js';
import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { registerSecret } from '../redact.js';

/**
 * Access-token life cycle (docs/tiktok-shop-api.md §1.2–1.3, G14). Expiry fields are ABSOLUTE Unix
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
  /** The seller's id for this grant (§1.3), when the reply carried it: a token store keys grants by it. */
  openId?: string;
  sellerName?: string;
}

/** What a token exchange is asked to do: get tokens better than `current`, by refreshing or from elsewhere. */
export interface RefreshRequest {
  current: TokenSet;
  reason: string;
  /** The access token the API just refused, when that is why. */
  rejected?: string | undefined;
  /** True when `tokens` can be used as they are (not the refused token, not expiring within the margin). */
  usable: (tokens: TokenSet) => boolean;
  /** The refresh call itself (§1.2). */
  fetch: (refreshToken: string) => Promise<TokenSet>;
}

export interface RefreshResult {
  tokens: TokenSet;
  /** False when the tokens came from elsewhere (another process refreshed them): nothing rotated here. */
  refreshed: boolean;
  /** Where adopted tokens came from, for the log. */
  from?: string;
  /**
   * The tokens are good but could not be saved: they are used (the old refresh token is gone, §1.2) and the
   * refresh still fails with this error, so the run ends non-zero.
   */
  saveError?: Error;
}

/**
 * How a refresh is carried out. The default just calls `fetch`; a token store (src/tokens/) wraps it in a lock
 * shared by every process using the store, and saves the result before the refresh counts as done.
 */
export type TokenExchange = (request: RefreshRequest) => Promise<RefreshResult>;

export interface TokenManagerOptions {
  accessToken?: string | undefined;
  accessTokenExpireIn?: number | undefined;
  refreshToken?: string | undefined;
  /** Performs the refresh call (the client's, so it goes through the one HTTP instance). */
  fetchTokens: (refreshToken: string) => Promise<TokenSet>;
  exchange?: TokenExchange | undefined;
  /** Told about every refresh this process made (after the exchange saved it). */
  onTokens?: ((tokens: TokenSet) => void | Promise<void>) | undefined;
  logger: Logger;
  /** ms. */
  now?: () => number;
  /** Refresh this long before expiry. */
  refreshMarginSec?: number;
  /** What to do when the grant is gone, for this deployment (src/tiktok/auth-hints.ts). */
  reauthorizeHint?: string;
}

/** The hint when a run has no deployment to name (tests, tools): tokens in the config file. */
export const REAUTHORIZE_HINT = authHints(CONFIG_HOME).reauthorize;

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
  /** Set when a refresh brought a token already expired on arrival (clock skew): its expiry says nothing. */
  private expiryUnreliable = false;
  private warnedExpiredOnArrival = false;
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
      throw new TapError('config_no_token', 'the config holds neither an access_token nor a refresh_token', { hint: options.reauthorizeHint ?? REAUTHORIZE_HINT, exitCode: EXIT.INPUT });
    }
  }

  /** The token to send now; refreshes first when there is none or it expires within the margin (§7). */
  async accessToken(): Promise<string> {
    if (this.inflight) return (await this.inflight).accessToken;
    if (!this.access) return (await this.refresh('no access token in the config')).accessToken;
    if (!this.expiryUnreliable && this.accessExpiry !== undefined && this.accessExpiry - this.now() / 1000 < this.refreshMargin()) {
      if (this.refreshTok) return (await this.refresh(`the access token expires within ${describeMargin(this.refreshMargin())}`)).accessToken;
      if (!this.warnedNoRefresh) {
        this.warnedNoRefresh = true;
        this.options.logger.warn('the access token expires soon (or has expired) and there is no refresh_token in the config to renew it');
      }
    }
    return this.access;
  }

  /** The access token as it stands, without refreshing: to tell whether a rejected one has been replaced since. */
  current(): string | undefined {
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
          hint: this.options.reauthorizeHint ?? REAUTHORIZE_HINT,
          exitCode: EXIT.API,
        }),
      );
    }
    const exchange: TokenExchange = this.options.exchange ?? (async (request) => ({ tokens: await request.fetch(request.current.refreshToken), refreshed: true }));
    const run = async (): Promise<TokenSet> => {
      const result = await exchange({
        current: { ...this.snapshot(), refreshToken },
        reason,
        rejected,
        usable: (tokens) => this.usable(tokens, rejected),
        fetch: (token) => this.fetch(token, reason),
      });
      this.apply(result.tokens, result.refreshed);
      if (result.saveError) throw result.saveError;
      const tokens = this.snapshot();
      if (!result.refreshed) {
        this.options.logger.info(`using the access token another tap process just refreshed${result.from ? ` (from ${result.from})` : ''}`);
        return tokens;
      }
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

  /**
   * True when `token` is the current token and its own expiry has passed: a rejection of it is no mystery. Never
   * true for tokens whose expiry proved meaningless (expired on arrival), so the client cannot refresh in a loop.
   */
  hasExpired(token: string): boolean {
    return !this.expiryUnreliable && token === this.access && this.accessExpiry !== undefined && this.accessExpiry <= this.now() / 1000;
  }

  /**
   * Resolves once no refresh (and no saving of rotated tokens) is in flight: a signal handler awaits this before
   * exiting, or the rotated refresh token may be lost. Never rejects.
   */
  settled(): Promise<void> {
    const flight = this.inflight;
    if (!flight) return Promise.resolve();
    return flight.then(
      () => this.settled(),
      () => this.settled(),
    );
  }

  private async fetch(refreshToken: string, reason: string): Promise<TokenSet> {
    this.options.logger.info(`refreshing the access token: ${reason}`);
    const fresh = await this.options.fetchTokens(refreshToken);
    this.refreshCount += 1;
    registerSecret(fresh.accessToken);
    registerSecret(fresh.refreshToken);
    const expiry = normalizeExpiry(fresh.accessTokenExpireIn, this.now());
    this.options.logger.info('access token refreshed', {
      access_token_expires_at: expiry ? new Date(expiry * 1000).toISOString() : 'unknown',
    });
    return fresh;
  }

  private apply(fresh: TokenSet, refreshed: boolean): void {
    registerSecret(fresh.accessToken);
    registerSecret(fresh.refreshToken);
    const nowSec = this.now() / 1000;
    this.access = fresh.accessToken;
    this.accessExpiry = normalizeExpiry(fresh.accessTokenExpireIn, this.now());
    this.accessLifetime = this.accessExpiry === undefined ? undefined : Math.max(0, this.accessExpiry - nowSec);
    this.refreshTok = fresh.refreshToken || this.refreshTok;
    this.refreshExpiry = fresh.refreshTokenExpireIn;
    if (!refreshed) return;
    // Issue 13.11: a token that is expired the moment it arrives means the clocks disagree (ours or TikTok's).
    // Trusting its expiry would refresh — and rotate the refresh token — before every request.
    this.expiryUnreliable = this.accessExpiry !== undefined && this.accessExpiry <= nowSec;
    if (this.expiryUnreliable) {
      this.accessLifetime = undefined;
      if (!this.warnedExpiredOnArrival) {
        this.warnedExpiredOnArrival = true;
        this.options.logger.warn(
          `the token service returned an access token that had already expired (at ${new Date(this.accessExpiry! * 1000).toISOString()}, ` +
            `${Math.round(nowSec - this.accessExpiry!)} s before it arrived): check this machine's clock (NTP); the tap uses the token until the API refuses it instead of refreshing before every request`,
        );
      }
    }
  }

  /** Whether tokens got elsewhere (another process's refresh) are good enough to use without refreshing. */
  private usable(tokens: TokenSet, rejected: string | undefined): boolean {
    if (!tokens.accessToken || tokens.accessToken === rejected) return false;
    if (this.expiryUnreliable) return tokens.accessToken !== this.access;
    const expiry = normalizeExpiry(tokens.accessTokenExpireIn, this.now());
    if (expiry === undefined) return tokens.accessToken !== this.access;
    return expiry - this.now() / 1000 >= this.refreshMargin();
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

/** "the hour" for the usual margin, else its length, so the log reason is true for short-lived tokens. */
function describeMargin(seconds: number): string {
  if (seconds >= 3600) return 'the hour';
  return seconds >= 120 ? `${Math.round(seconds / 60)} minutes` : `${Math.max(1, Math.round(seconds))} seconds`;
}
