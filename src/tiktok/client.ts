import type { Got, Response } from 'got';
import type { LimitFunction } from 'p-limit';
import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { registerSecret } from '../redact.js';
import { ENDPOINTS, matchEndpoint } from './endpoints.js';
import { ApiError, describeFailure, scrub } from './errors.js';
import { createHttp } from './http.js';
import { AdaptiveRateLimiter, concurrencyLimit, defaultSleep } from './rate-limit.js';
import { failureError, interpretReply, transportFacts, transportFailure, unexpectedReplyError, type Failure, type Outcome } from './reply.js';
import { APP_BUCKET, prepareRequest, signAttempt, type ApiRequest, type Prepared, type SendSpec } from './request-prep.js';
import { retryDelayMs } from './retry.js';
import { createTokenFetcher } from './token-service.js';
import { REAUTHORIZE_HINT, TokenManager, type TokenSet } from './tokens.js';

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
  /** ms, for tests. */
  now?: () => number;
  /** For tests: resolves after the back-off / pacing delay (default: a real timer). */
  sleep?: (ms: number) => Promise<void>;
  /** For tests: jitter source in [0, 1). */
  random?: () => number;
}

export interface ApiResponse<T> {
  data: T;
  requestId: string;
}

export interface Page<T> {
  items: T[];
  nextPageToken: string;
  totalCount: number | undefined;
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
 * The one way the tap talks to TikTok Shop. Every call goes through a single got instance; this class adds what
 * got cannot know: signing per attempt, the `{code, message, request_id, data}` envelope, token refresh, typed
 * errors and pacing. References are to /work/shared/tiktok-shop-api.md.
 */
export class TikTokClient {
  private readonly options: ClientOptions;
  private readonly http: Got;
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
      logger: this.logger,
      now: this.now,
    });
    this.limiter = new AdaptiveRateLimiter({ requestsPerSecond: options.requestsPerSecond, now: this.now, sleep: this.sleep });
    this.limit = concurrencyLimit(options.maxConcurrency);
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
      await this.limiter.acquire(p.bucket);
      const accessToken = await this.tokens.accessToken();
      const outcome = await this.limit(() => this.attempt(p, accessToken));
      if (outcome.ok) {
        this.limiter.onSuccess(p.bucket);
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

  /**
   * Cursor paging (§4): page_size/page_token in the query even for POST, `data.next_page_token` until empty.
   * A token that comes back twice would loop forever, so it is an error.
   */
  async *pages<T>(req: ApiRequest, opts: { pageSize: number; itemsKey: string }): AsyncGenerator<Page<T>> {
    const spec = matchEndpoint(req.method, req.path);
    const limits = spec?.pageSize ?? { min: 1, max: Number.MAX_SAFE_INTEGER };
    if (!Number.isInteger(opts.pageSize) || opts.pageSize < limits.min || opts.pageSize > limits.max) {
      const range = `between ${limits.min} and ${limits.max === Number.MAX_SAFE_INTEGER ? 'the endpoint maximum' : limits.max}`;
      throw new TapError('config_page_size', `page size ${opts.pageSize} is out of range for ${req.method} ${spec?.path ?? req.path} (must be ${range})`, {
        hint: `use a page size ${range}`,
        exitCode: EXIT.INPUT,
      });
    }
    const label = `${req.method} ${req.path}`;
    const seen = new Set<string>();
    let pageToken: string | undefined;
    for (;;) {
      const response = await this.request<Record<string, unknown>>({
        ...req,
        query: { ...req.query, page_size: opts.pageSize, page_token: pageToken },
      });
      const data = response.data;
      const raw = typeof data === 'object' && data !== null ? data[opts.itemsKey] : undefined;
      if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
        throw unexpectedReplyError(label, response.requestId, `data.${opts.itemsKey} is not an array`);
      }
      const next = typeof data?.next_page_token === 'string' ? data.next_page_token : '';
      const total = typeof data?.total_count === 'number' ? data.total_count : undefined;
      if (next !== '' && (seen.has(next) || next === pageToken)) {
        throw new ApiError({
          action: 'fatal',
          reason: 'page_token_repeated',
          endpoint: label,
          requestId: response.requestId,
          detail: `next_page_token ${JSON.stringify(next)} was returned twice; stopping instead of paging in a loop`,
          hint: 'try again later; if it persists, report it with the request_id',
        });
      }
      seen.add(next);
      yield { items: (raw ?? []) as T[], nextPageToken: next, totalCount: total, requestId: response.requestId };
      if (next === '') return;
      pageToken = next;
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
    let response: Response<string>;
    try {
      response = await this.http(spec.url, { method: spec.method, body: spec.body, headers: spec.headers, responseType: 'text' });
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
