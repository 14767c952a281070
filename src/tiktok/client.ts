import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { registerSecret } from '../redact.js';
import { ENDPOINTS } from './endpoints.js';
import { describeFailure, scrub } from './errors.js';
import { AdaptiveRateLimiter, defaultSleep, ShopConcurrency, type RateChange } from './rate-limit.js';
import { parseRetryAfter, retryAfterHoldMs } from './retry.js';
import { failureError, unexpectedReplyError, type Outcome } from './reply.js';
import { APP_BUCKET, prepareRequest, signAttempt, type ApiRequest, type Prepared } from './request-prep.js';
import { retryingCall, type Decision, type RetryPolicy } from './retrying-call.js';
import type { AuthHints } from './auth-hints.js';
import { createTokenRefresh } from './token-refresh.js';
import { REAUTHORIZE_HINT, TokenManager, type TokenExchange, type TokenSet } from './tokens.js';
import { createWire, type Wire } from './wire.js';

export type { TokenSet } from './tokens.js';
export type { ApiRequest } from './request-prep.js';

export interface ClientOptions {
  appKey: string;
  appSecret: string;
  /** What auth failures tell the user to do in this deployment (src/tiktok/auth-hints.ts); config-file tokens when absent. */
  authHints?: AuthHints;
  accessToken?: string;
  /** Absolute Unix seconds (§1.3). */
  accessTokenExpireIn?: number;
  refreshToken?: string;
  apiBaseUrl: string;
  authBaseUrl: string;
  requestTimeoutMs: number;
  maxRetries: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Ceiling per shop over all its endpoints; 0 = none. */
  requestsPerSecond: number;
  /** Starting (and highest) rate per endpoint and shop, adapted down when throttled; 0 = unpaced (§3.4, §3.5). */
  endpointRequestsPerSecond?: number;
  /** Requests in flight overall. */
  maxConcurrency: number;
  /** Requests in flight per shop (default: maxConcurrency, i.e. no cap of its own). */
  maxConcurrencyPerShop?: number;
  userAgent?: string;
  logger: Logger;
  onTokens?: (tokens: TokenSet) => void | Promise<void>;
  /** How refreshes are made and saved (a token store shared between processes); default: just refresh. */
  tokenExchange?: TokenExchange;
  /** ms, for tests. */
  now?: () => number;
  /** For tests: resolves after the back-off / pacing delay (default: a real timer). */
  sleep?: (ms: number) => Promise<void>;
  /** For tests: jitter source in [0, 1). */
  random?: () => number;
  /** Largest decoded reply body read (default MAX_BODY_BYTES in wire.ts). */
  maxBodyBytes?: number;
}

export interface ApiResponse<T> {
  data: T;
  requestId: string;
}

export interface AuthorizedShop {
  id: string;
  name: string;
  region: string;
  seller_type: string;
  cipher: string;
  code: string;
  [key: string]: unknown;
}

export interface ClientStats {
  requests: number;
  retries: number;
  throttled: number;
  refreshes: number;
}

/** Bound on refreshes for one request, so a token the API keeps refusing cannot loop. */
const MAX_REFRESHES_PER_REQUEST = 3;
/** Bound on token rejections for one request, counting those answered by another request's refresh. */
const MAX_TOKEN_REJECTIONS = 2 * MAX_REFRESHES_PER_REQUEST;

/**
 * The one way the tap talks to TikTok Shop. Every exchange goes through the one HTTP layer (wire.ts) and the one
 * retry loop (retrying-call.ts); this class adds pacing, signing per attempt, the token and its refresh, and the
 * shape of `data` (docs/tiktok-shop-api.md §2, §3, §7).
 */
export class TikTokClient {
  private readonly options: ClientOptions;
  private readonly wire: Wire;
  private readonly policy: RetryPolicy;
  private readonly tokens: TokenManager;
  /** Per (shop, endpoint): adapts to throttling. */
  private readonly limiter: AdaptiveRateLimiter;
  /** Per shop: the user's fixed ceiling over all endpoints. */
  private readonly shopCeiling: AdaptiveRateLimiter;
  private readonly slots: ShopConcurrency;
  /** Bucket key → what a log line calls it. */
  private readonly bucketNames = new Map<string, string>();
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly counters = { retries: 0, throttled: 0 };

  constructor(options: ClientOptions) {
    if (!options.appKey) throw new TapError('config_app_key', 'app_key is empty', { hint: 'set app_key in the config', exitCode: EXIT.INPUT });
    if (!options.appSecret) throw new TapError('config_app_secret', 'app_secret is empty', { hint: 'set app_secret in the config', exitCode: EXIT.INPUT });
    this.options = options;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    registerSecret(options.appSecret);
    this.wire = createWire({
      requestTimeoutMs: options.requestTimeoutMs,
      userAgent: options.userAgent,
      logger: this.logger,
      maxBodyBytes: options.maxBodyBytes,
      metrics: true,
      now: this.now,
    });
    this.policy = {
      maxRetries: options.maxRetries,
      baseMs: options.backoffBaseMs ?? 1000,
      capMs: options.backoffMaxMs ?? 60_000,
      logger: this.logger,
      sleep: this.sleep,
      now: this.now,
      random: this.random,
      onRetry: () => {
        this.counters.retries += 1;
      },
    };
    this.tokens = new TokenManager({
      accessToken: options.accessToken,
      accessTokenExpireIn: options.accessTokenExpireIn,
      refreshToken: options.refreshToken,
      // Not behind the concurrency cap: requests read the token inside their slot, so a refresh that needed a slot
      // could wait for ever on requests waiting for it. It is single-flight, so it adds one connection at most.
      fetchTokens: createTokenRefresh({
        appKey: options.appKey,
        appSecret: options.appSecret,
        authBaseUrl: options.authBaseUrl,
        wire: this.wire,
        policy: this.policy,
        ...(options.authHints ? { hints: options.authHints } : {}),
      }),
      ...(options.authHints ? { reauthorizeHint: options.authHints.reauthorize } : {}),
      onTokens: options.onTokens,
      exchange: options.tokenExchange,
      logger: this.logger,
      now: this.now,
    });
    this.limiter = new AdaptiveRateLimiter({
      requestsPerSecond: options.endpointRequestsPerSecond ?? DEFAULT_ENDPOINT_RATE,
      // Only a throttle with no measure of what the API accepts takes this cut: in a bucket's first moments, where a
      // shop limited below the documented rate would otherwise take 429s at half of it until the next signal.
      decreaseFactor: UNMEASURED_DECREASE,
      now: this.now,
      sleep: this.sleep,
      onChange: (key, change) => this.logRateChange(key, change),
    });
    this.shopCeiling = new AdaptiveRateLimiter({ requestsPerSecond: options.requestsPerSecond, burst: Math.max(1, options.requestsPerSecond), now: this.now, sleep: this.sleep });
    this.slots = new ShopConcurrency(options.maxConcurrency, options.maxConcurrencyPerShop ?? options.maxConcurrency);
  }

  /** Resolves when no token refresh or write-back of rotated tokens is in flight (for signal handlers). */
  pendingTokenWrite(): Promise<void> {
    return this.tokens.settled();
  }

  stats(): ClientStats {
    return { requests: this.wire.requests, ...this.counters, refreshes: this.tokens.refreshCount };
  }

  /** Current rate of one endpoint of a shop after adaptive throttling (req/s). */
  currentRate(endpoint: string, shopId?: string): number {
    return this.limiter.rate(bucketKey(shopId ?? APP_BUCKET, endpoint));
  }

  async request<T>(req: ApiRequest): Promise<ApiResponse<T>> {
    const p = prepareRequest(req);
    const key = bucketKey(p.bucket, p.endpoint);
    if (!this.bucketNames.has(key)) this.bucketNames.set(key, p.shop ? `${p.endpoint} of shop ${p.shop.id}` : p.endpoint);
    let sentToken = '';
    let refreshes = 0;
    let rejections = 0;
    return retryingCall(
      {
        label: p.label,
        endpoint: p.endpoint,
        attempt: async () => {
          let epoch = 0;
          const outcome = await this.paced(
            p,
            key,
            (token) => (sentToken = token),
            (turn) => (epoch = turn),
          );
          if (outcome.ok) this.limiter.onSuccess(key);
          else if (outcome.cls.throttled) {
            this.counters.throttled += 1;
            this.countThrottle(p);
            this.limiter.onThrottle(key, retryAfterHoldMs(parseRetryAfter(outcome.retryAfter, this.now())), epoch);
          }
          return outcome;
        },
        accept: (outcome) => {
          // Every endpoint's `data` is an object (§5); anything else (`data: ["oops"]`) would read as an empty page.
          if (typeof outcome.data !== 'object' || outcome.data === null || Array.isArray(outcome.data)) {
            throw unexpectedReplyError(p.label, outcome.requestId, `data is ${Array.isArray(outcome.data) ? 'an array' : `a ${typeof outcome.data}`}, not an object`);
          }
          return { data: outcome.data as T, requestId: outcome.requestId };
        },
        decide: async (failure): Promise<Decision | undefined> => {
          if (failure.cls.action !== 'refresh') return undefined;
          rejections += 1;
          // Another request refreshed since this one was sent: send again with the current token.
          if (this.tokens.current() !== sentToken && rejections <= MAX_TOKEN_REJECTIONS) return 'again';
          // §3.3 / §7: refresh once, then send again; a second rejection is fatal — unless the token sent had simply
          // outlived its own expiry meanwhile (slow retries, short-lived tokens), which is no mystery.
          if (refreshes === 0 || (refreshes < MAX_REFRESHES_PER_REQUEST && this.tokens.hasExpired(sentToken))) {
            refreshes += 1;
            this.logger.warn(`${p.label}: ${scrub(describeFailure(failure.facts), failure.mask)}; refreshing the access token and retrying once`, {
              request_id: failure.requestId ?? 'none',
            });
            await this.tokens.refresh('the API rejected the access token', sentToken);
            return 'again';
          }
          return failureError(p.label, failure, { fatal: true, hint: `the API rejected a freshly refreshed access token: ${this.options.authHints?.reauthorize ?? REAUTHORIZE_HINT}` });
        },
      },
      this.policy,
    );
  }

  /** §5.1: every shop the token reaches, with the cipher later calls need. No shop_cipher on this call (G8). */
  async authorizedShops(): Promise<AuthorizedShop[]> {
    const spec = ENDPOINTS.authorizedShops;
    const response = await this.request<{ shops?: unknown }>({ method: spec.method, path: spec.path, endpoint: spec.name });
    const shops = response.data.shops ?? [];
    const label = `${spec.method} ${spec.path}`;
    if (!Array.isArray(shops)) throw unexpectedReplyError(label, response.requestId, 'data.shops is not an array');
    return shops.map((shop: unknown) => {
      const s = shop as Record<string, unknown>;
      if (typeof s?.id !== 'string' || typeof s.cipher !== 'string') {
        throw unexpectedReplyError(label, response.requestId, 'a shop without a string id or cipher');
      }
      return {
        ...s,
        id: s.id,
        cipher: s.cipher,
        name: typeof s.name === 'string' ? s.name : '',
        region: typeof s.region === 'string' ? s.region : '',
        seller_type: typeof s.seller_type === 'string' ? s.seller_type : '',
        code: typeof s.code === 'string' ? s.code : '',
      };
    });
  }

  /**
   * One attempt, sent at the pace of its endpoint and shop and within the shop's ceiling. The turn is awaited
   * outside the concurrency caps, so a bucket held to its rate never holds slots other endpoints or shops could
   * use. A turn that went stale (its due time passed by more than one interval while the request waited for a
   * slot, e.g. behind slow replies) is taken again inside the slot: otherwise every request queued behind the slow
   * ones would find its turn long due and all would go out together, above the rate. A turn voided by a decrease
   * of the rate is taken again too (see turn). The token is read last, inside the slot, right before signing:
   * a request that waited longer than a short-lived token lives still goes out with a valid one (§7).
   */
  private async paced(p: Prepared, key: string, onToken: (token: string) => void, onTurn: (epoch: number) => void): Promise<Outcome> {
    let { epoch, due } = await this.turn(p, key);
    return this.slots.run(p.bucket, async () => {
      const interval = Math.min(this.limiter.intervalMs(key), this.shopCeiling.intervalMs(p.bucket));
      if (this.now() - due > interval) ({ epoch, due } = await this.turn(p, key));
      onTurn(epoch);
      const token = await this.tokens.accessToken();
      onToken(token);
      const { appKey, appSecret, apiBaseUrl } = this.options;
      return this.wire.send(signAttempt(p, token, { appKey, appSecret, apiBaseUrl, now: this.now }));
    });
  }

  /**
   * Waits for the next turn of this endpoint and shop, and of the shop's ceiling. A turn voided by a decrease of the
   * endpoint's rate while waiting is booked again at the new rate. Returns the rate's epoch (for onThrottle) and
   * when the turn was due.
   */
  private async turn(p: Prepared, key: string): Promise<{ epoch: number; due: number }> {
    for (;;) {
      const epoch = this.limiter.epoch(key);
      const wait = Math.max(this.limiter.reserve(key), this.shopCeiling.reserve(p.bucket));
      const due = this.now() + wait;
      if (wait > 0) await this.sleep(wait);
      if (this.limiter.epoch(key) === epoch) return { epoch, due };
    }
  }

  /**
   * One throttled attempt, as a per-request metric point: the run's metrics (src/sync/progress.ts) count them per
   * endpoint and shop, beside the total in stats().
   */
  private countThrottle(p: Prepared): void {
    const tags: Record<string, string> = { endpoint: p.endpoint, ...p.tags };
    if (p.shop) tags.shop_id = p.shop.id;
    this.logger.metric({ type: 'counter', metric: 'http_throttled', value: 1, tags });
  }

  /** One info line per change of a bucket's rate (a throttle, a full recovery), never one per request. */
  private logRateChange(key: string, change: RateChange): void {
    const name = this.bucketNames.get(key) ?? key;
    const hold = change.holdMs > 0 ? `, pausing ${(change.holdMs / 1000).toFixed(1)} s as Retry-After asks` : '';
    if (change.reason === 'throttled') {
      this.logger.info(`rate of ${name}: ${round(change.from)} -> ${round(change.to)} requests/s, the API throttled it${hold}`);
    } else {
      this.logger.info(`rate of ${name}: back to ${round(change.to)} requests/s`);
    }
  }
}

/** Share of the rate kept on a throttle when the rate the API accepts is not measured yet (see rate-limit.ts). */
const UNMEASURED_DECREASE = 0.25;

/** TikTok's documented default per API, app and shop (§3.5). */
export const DEFAULT_ENDPOINT_RATE = 50;

const bucketKey = (shopBucket: string, endpoint: string): string => `${shopBucket}\u0000${endpoint}`;

const round = (rate: number): string => (rate >= 10 ? rate.toFixed(0) : rate.toFixed(1));
