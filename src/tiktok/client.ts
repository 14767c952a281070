import type { LimitFunction } from 'p-limit';
import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { registerSecret } from '../redact.js';
import { ENDPOINTS } from './endpoints.js';
import { describeFailure, scrub } from './errors.js';
import { createHttp, fetchText, type Http, type HttpReply } from './http.js';
import { AdaptiveRateLimiter, concurrencyLimit, defaultSleep } from './rate-limit.js';
import { failureError, interpretReply, transportFacts, transportFailure, unexpectedReplyError, type Failure, type Outcome } from './reply.js';
import { APP_BUCKET, prepareRequest, signAttempt, type ApiRequest, type Prepared, type SendSpec } from './request-prep.js';
import { retryDelayMs } from './retry.js';
import { createTokenFetcher } from './token-service.js';
import { REAUTHORIZE_HINT, TokenManager, type TokenExchange, type TokenSet } from './tokens.js';

export type { TokenSet } from './tokens.js';
export type { ApiRequest } from './request-prep.js';

export interface ClientOptions {
  appKey: string;
  appSecret: string;
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
  /** Per shop; 0 = unlimited. */
  requestsPerSecond: number;
  /** Global. */
  maxConcurrency: number;
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
  /** Largest decoded reply body read (default MAX_BODY_BYTES in http.ts). */
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

/**
 * The one way the tap talks to TikTok Shop. Every call goes through one HTTP client (http.ts); this class adds what
 * it cannot know: signing per attempt, the `{code, message, request_id, data}` envelope, token refresh, typed
 * errors and pacing. References are to /work/shared/tiktok-shop-api.md.
 */
export class TikTokClient {
  private readonly options: ClientOptions;
  private readonly http: Http;
  private readonly tokens: TokenManager;
  private readonly limiter: AdaptiveRateLimiter;
  private readonly limit: LimitFunction;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly counters = { requests: 0, retries: 0, throttled: 0 };

  constructor(options: ClientOptions) {
    if (!options.appKey) throw new TapError('config_app_key', 'app_key is empty', { hint: 'set app_key in the config', exitCode: EXIT.INPUT });
    if (!options.appSecret) throw new TapError('config_app_secret', 'app_secret is empty', { hint: 'set app_secret in the config', exitCode: EXIT.INPUT });
    this.options = options;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
    registerSecret(options.appSecret);
    this.http = createHttp({ requestTimeoutMs: options.requestTimeoutMs, userAgent: options.userAgent, logger: this.logger });
    this.tokens = new TokenManager({
      accessToken: options.accessToken,
      accessTokenExpireIn: options.accessTokenExpireIn,
      refreshToken: options.refreshToken,
      fetchTokens: createTokenFetcher({
        appKey: options.appKey,
        appSecret: options.appSecret,
        authBaseUrl: options.authBaseUrl,
        maxRetries: options.maxRetries,
        send: (spec) => this.limit(() => this.send(spec)),
        backoff: (label, endpoint, failure, failures) => this.backoff(label, endpoint, failure, failures),
      }),
      onTokens: options.onTokens,
      exchange: options.tokenExchange,
      logger: this.logger,
      now: this.now,
    });
    this.limiter = new AdaptiveRateLimiter({ requestsPerSecond: options.requestsPerSecond, now: this.now, sleep: this.sleep });
    this.limit = concurrencyLimit(options.maxConcurrency);
  }

  /** Resolves when no token refresh or write-back of rotated tokens is in flight (for signal handlers). */
  pendingTokenWrite(): Promise<void> {
    return this.tokens.settled();
  }

  stats(): ClientStats {
    return { ...this.counters, refreshes: this.tokens.refreshCount };
  }

  /** Current per-shop rate after adaptive throttling (req/s). */
  currentRate(shopId?: string): number {
    return this.limiter.rate(shopId ?? APP_BUCKET);
  }

  async request<T>(req: ApiRequest): Promise<ApiResponse<T>> {
    const p = prepareRequest(req);
    let failures = 0;
    let refreshes = 0;
    for (;;) {
      const accessToken = await this.tokens.accessToken();
      // The shop's turn is awaited outside the concurrency cap, so a shop held to its rate never holds slots
      // other shops could use. A turn that went stale (its due time passed by more than one interval while the
      // request waited for a slot, e.g. behind slow replies) is booked again inside the slot: otherwise every
      // request queued behind the slow ones would find its turn long due and all would go out together, above
      // the shop's rate. The token is fetched outside the slot, since a refresh needs a slot of its own.
      const wait = this.limiter.reserve(p.bucket);
      const due = this.now() + wait;
      if (wait > 0) await this.sleep(wait);
      const outcome = await this.limit(async () => {
        if (this.now() - due > this.limiter.intervalMs(p.bucket)) await this.limiter.acquire(p.bucket);
        return this.attempt(p, accessToken);
      });
      if (outcome.ok) {
        this.limiter.onSuccess(p.bucket);
        // Every endpoint's `data` is an object (§5); anything else (`data: ["oops"]`) would read as an empty page.
        if (typeof outcome.data !== 'object' || outcome.data === null || Array.isArray(outcome.data)) {
          throw unexpectedReplyError(p.label, outcome.requestId, `data is ${Array.isArray(outcome.data) ? 'an array' : `a ${typeof outcome.data}`}, not an object`);
        }
        return { data: outcome.data as T, requestId: outcome.requestId };
      }
      if (outcome.cls.throttled) {
        this.counters.throttled += 1;
        this.limiter.onThrottle(p.bucket);
      }
      const { action } = outcome.cls;
      // §3.3 / §7: refresh once, then send again; a second rejection is fatal — unless the token we sent had
      // simply outlived its own expiry meanwhile (slow retries, short-lived tokens), which is no mystery.
      if (action === 'refresh' && (refreshes === 0 || (refreshes < MAX_REFRESHES_PER_REQUEST && this.tokens.hasExpired(accessToken)))) {
        refreshes += 1;
        this.logger.warn(`${p.label}: ${scrub(describeFailure(outcome.facts), outcome.mask)}; refreshing the access token and retrying once`, {
          request_id: outcome.requestId ?? 'none',
        });
        await this.tokens.refresh('the API rejected the access token', accessToken);
        continue;
      }
      if (action === 'refresh') {
        throw failureError(p.label, outcome, { action: 'fatal', hint: `the API rejected a freshly refreshed access token: ${REAUTHORIZE_HINT}` });
      }
      if (action === 'retry' && failures < this.options.maxRetries) {
        await this.backoff(p.label, p.endpoint, outcome, failures);
        failures += 1;
        continue;
      }
      if (action === 'retry') throw failureError(p.label, outcome, { action: 'fatal', attempts: failures + 1 });
      throw failureError(p.label, outcome);
    }
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

  private attempt(p: Prepared, accessToken: string): Promise<Outcome> {
    const { appKey, appSecret, apiBaseUrl } = this.options;
    return this.send(signAttempt(p, accessToken, { appKey, appSecret, apiBaseUrl, now: this.now }));
  }

  /** One HTTP exchange: never throws for API or network failures, returns what happened. */
  private async send(spec: SendSpec): Promise<Outcome> {
    this.counters.requests += 1;
    const started = this.now();
    let response: HttpReply;
    try {
      response = await fetchText(this.http, spec.url, { method: spec.method, body: spec.body, headers: spec.headers }, this.options.maxBodyBytes);
    } catch (error) {
      const facts = transportFacts(error, spec.mask, this.options.requestTimeoutMs);
      this.metric(spec, started, undefined, false);
      return transportFailure(facts, spec.mask);
    }
    const outcome = interpretReply(response, spec.mask);
    this.metric(spec, started, response.statusCode, outcome.ok);
    return outcome;
  }

  private metric(spec: SendSpec, started: number, httpStatus: number | undefined, ok: boolean): void {
    const tags: Record<string, string | number> = { endpoint: spec.endpoint };
    if (httpStatus !== undefined) tags.http_status_code = httpStatus;
    tags.status = ok ? 'succeeded' : 'failed';
    Object.assign(tags, spec.tags);
    this.logger.metric({ type: 'timer', metric: 'http_request_duration', value: Math.max(0, this.now() - started) / 1000, tags });
  }

  private async backoff(label: string, endpoint: string, outcome: Failure, failures: number): Promise<void> {
    const delay = retryDelayMs(failures, {
      baseMs: this.options.backoffBaseMs ?? 1000,
      capMs: this.options.backoffMaxMs ?? 60_000,
      retryAfter: outcome.retryAfter,
      now: this.now,
      random: this.random,
    });
    this.counters.retries += 1;
    this.logger.warn(
      `${label}: ${scrub(describeFailure(outcome.facts), outcome.mask)} (request_id ${outcome.requestId ?? 'none'}); ` +
        `retry ${failures + 1}/${this.options.maxRetries} in ${(delay / 1000).toFixed(1)} s`,
      { endpoint, reason: outcome.cls.reason },
    );
    await this.sleep(delay);
  }
}
