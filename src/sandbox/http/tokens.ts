/**
 * The auth service: access/refresh tokens and auth codes. Token lifetimes use the wall clock (not the sandbox
 * clock), because clients compare `access_token_expire_in` with their own clock.
 */
import { FINANCE_SCOPE } from '../data/finance-views.js';
import { ALNUM, Rng } from '../random.js';
import type { ResolvedOptions } from '../options.js';
import type { Store } from '../store.js';
import { ApiError, param } from './api-error.js';
import type { StatsBox } from './stats.js';

export interface TokenInfo {
  expiresAt: number;
  /** The seller (0-based) whose grant the token belongs to: it reaches that seller's shops only. */
  seller: number;
}

interface RefreshInfo {
  expiresAt: number;
  active: boolean;
  seller: number;
}

export interface IssuedTokens {
  access_token: string;
  access_token_expire_in: number;
  refresh_token: string;
  refresh_token_expire_in: number;
}

export const wallNow = (): number => Math.floor(Date.now() / 1000);

/** Auth codes live 30 minutes (tiktok-shop-api.md §1). */
export const AUTH_CODE_TTL_SECONDS = 30 * 60;

export interface AuthCodeOptions {
  /** Issue the code for another app, as a consent link of another service would (token/get then refuses it). */
  appKey?: string;
  /** Pretend the code was issued this long ago (an age past 30 minutes gives an expired code). */
  issuedSecondsAgo?: number;
  /** The seller who approved (1-based, as in `--sellers`; default 1). */
  seller?: number;
}

interface AuthCodeInfo {
  appKey: string;
  issuedAt: number;
  seller: number;
}

export class TokenService {
  private readonly accessTokens = new Map<string, TokenInfo>();
  private readonly refreshTokens = new Map<string, RefreshInfo>();
  private readonly authCodes = new Map<string, AuthCodeInfo>();
  private authCodeCounter = 0;
  private tokenCounter = 0;

  constructor(private readonly store: Store, private readonly opts: ResolvedOptions, private readonly seed: number,
    private readonly stats: StatsBox) {}

  accessToken(token: string): TokenInfo | undefined {
    return this.accessTokens.get(token);
  }

  /** New tokens of a seller's grant (0-based). */
  issueTokens(seller = 0): IssuedTokens {
    const r = new Rng(this.seed, 905, this.tokenCounter++);
    const access = 'TTP_' + r.chars(43, ALNUM);
    const refresh = 'TTP_' + r.chars(43, ALNUM);
    const now = wallNow();
    const accessExp = now + this.opts.tokenTtl;
    const refreshExp = now + this.opts.refreshTokenTtl;
    this.accessTokens.set(access, { expiresAt: accessExp, seller });
    this.refreshTokens.set(refresh, { expiresAt: refreshExp, active: true, seller });
    return { access_token: access, access_token_expire_in: accessExp, refresh_token: refresh, refresh_token_expire_in: refreshExp };
  }

  /** Make every access token issued so far expired (the next API call gets 105002). */
  expireAccessTokens(): void {
    for (const info of this.accessTokens.values()) info.expiresAt = wallNow() - 1;
  }

  /** A single-use auth code for GET /api/v2/token/get, valid 30 minutes, bound to one app. */
  issueAuthCode(options: AuthCodeOptions = {}): string {
    const seller = options.seller ?? 1;
    if (!Number.isInteger(seller) || seller < 1 || seller > this.opts.sellers) throw new RangeError(`seller must be a seller number 1-${this.opts.sellers} (got ${seller})`);
    const code = 'SBX_AUTH_' + new Rng(this.seed, 904, this.authCodeCounter++, this.tokenCounter).chars(24, ALNUM);
    this.authCodes.set(code, { appKey: options.appKey ?? this.opts.appKey, issuedAt: wallNow() - (options.issuedSecondsAgo ?? 0), seller: seller - 1 });
    return code;
  }

  /** GET /api/v2/token/refresh: the `data` JSON. */
  refresh(q: Record<string, string>): string {
    this.checkApp(q);
    if (q['grant_type'] !== 'refresh_token') throw param('grant_type must be refresh_token');
    const token = q['refresh_token'] ?? '';
    const info = this.refreshTokens.get(token);
    if (!info || !info.active || info.expiresAt <= wallNow()) throw new ApiError(400, 36004004, 'Invalid refresh_token');
    info.active = false;
    this.stats.current.refreshes++;
    return this.tokenData(this.issueTokens(info.seller), info.seller);
  }

  /** GET /api/v2/token/get: the `data` JSON. */
  get(q: Record<string, string>): string {
    this.checkApp(q);
    if (q['grant_type'] !== 'authorized_code') throw param('grant_type must be authorized_code');
    const code = q['auth_code'] ?? '';
    const info = this.authCodes.get(code);
    // Every refusal is 36004004 (§1.3); only the message differs (the real wording for expiry and a foreign
    // app is undocumented, so clients must not depend on it). Any presented code is spent, as single-use.
    this.authCodes.delete(code);
    if (!info) throw new ApiError(400, 36004004, 'Invalid auth code.');
    if (info.appKey !== q['app_key']) throw new ApiError(400, 36004004, 'Invalid auth code: it was issued to another app.');
    if (wallNow() - info.issuedAt > AUTH_CODE_TTL_SECONDS) throw new ApiError(400, 36004004, 'Invalid auth code: expired.');
    this.stats.current.token_gets++;
    return this.tokenData(this.issueTokens(info.seller), info.seller);
  }

  /** The token reply of a seller's grant: its own open_id (the first seller's is the one of a single-seller sandbox), name and scopes. */
  private tokenData(tokens: IssuedTokens, seller: number): string {
    const shops = this.store.shops(seller);
    const first = shops[0];
    return JSON.stringify({
      ...tokens,
      open_id: '739104882051' + String(seller + 1) + String(this.seed % 1000000).padStart(6, '0'),
      seller_name: first?.name ?? 'Sandbox Seller',
      seller_base_region: first?.region ?? 'US',
      user_type: 0,
      granted_scopes: ['seller.authorization.info', 'seller.order.info', 'seller.product.basic', 'seller.return_refund.basic',
        // The sandbox keeps the finance scope per shop; the grant lists it while every shop has it.
        ...(shops.every((shop) => this.store.financeScope(shop.id)) ? [FINANCE_SCOPE] : [])],
    });
  }

  private checkApp(q: Record<string, string>): void {
    if (q['app_key'] !== this.opts.appKey) throw new ApiError(400, 36009004, 'Invalid app_key');
    if (q['app_secret'] !== this.opts.appSecret) throw new ApiError(400, 36009004, 'Invalid app_secret');
  }
}
