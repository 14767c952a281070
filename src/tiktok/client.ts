import got, { RequestError, TimeoutError, type Got, type Response } from 'got';
import type { LimitFunction } from 'p-limit';
import { EXIT, TapError } from '../errors.js';
import type { Logger } from '../log.js';
import { redact, registerSecret } from '../redact.js';
import { ENDPOINTS, forbidsShopCipher, matchEndpoint, type EndpointSpec } from './endpoints.js';
import { ApiError, ClientUsageError, classifyApiFailure, describeFailure, scrub, type Classification, type FailureFacts } from './errors.js';
import { AdaptiveRateLimiter, concurrencyLimit, defaultSleep } from './rate-limit.js';
import { retryDelayMs } from './retry.js';
import { signRequest } from './signing.js';
import { REAUTHORIZE_HINT, TokenManager, type TokenSet } from './tokens.js';

/**
 * The one way the tap talks to TikTok Shop. Every call goes through a single got instance; this class adds what
 * got cannot know: signing per attempt, the `{code, message, request_id, data}` envelope, token refresh, typed
 * errors and pacing. References are to /work/shared/tiktok-shop-api.md.
 */
export type { TokenSet } from './tokens.js';

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

export interface ApiRequest {
  method: 'GET' | 'POST';
  /** Concrete path, e.g. /order/202407/orders/123/price_detail. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** JSON; serialized once, and that exact string is signed and sent. */
  body?: unknown;
  /** Shop-scoped endpoints: adds shop_cipher and selects the rate bucket. */
  shop?: { id: string; cipher: string };
  /** Short name for logs/metrics (default: the path template). */
  endpoint?: string;
  /** Extra metric tags (stream, shop_id). */
  tags?: Record<string, string>;
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

/** Query keys the client owns; a caller setting them would break signing or scoping. */
const RESERVED_QUERY = new Set(['app_key', 'timestamp', 'sign', 'shop_cipher', 'access_token', 'x-tts-access-token']);
/** Bound on refreshes for one request, so a token the API keeps refusing cannot loop. */
const MAX_REFRESHES_PER_REQUEST = 3;
/** Rate bucket for calls that belong to no shop (authorized shops). */
const APP_BUCKET = '\u0000app';

interface Prepared {
  method: 'GET' | 'POST';
  path: string;
  query: Record<string, string>;
  body: string | undefined;
  shop: { id: string; cipher: string } | undefined;
  /** `METHOD /path`, for messages. */
  label: string;
  /** Metric/log endpoint name. */
  endpoint: string;
  tags: Record<string, string>;
  bucket: string;
}

interface SendSpec {
  method: 'GET' | 'POST';
  url: string;
  body: string | undefined;
  headers: Record<string, string>;
  endpoint: string;
  tags: Record<string, string>;
  /** Values to scrub from anything derived from this attempt (its sign). */
  mask: string[];
}

type Outcome =
  | { ok: true; data: unknown; requestId: string; httpStatus: number }
  | {
      ok: false;
      facts: FailureFacts;
      cls: Classification;
      requestId: string | undefined;
      retryAfter: string | undefined;
      body: string | undefined;
      mask: string[];
    };

/** Percent-encode keys and values (page tokens hold `+ / =`, §4); the signature uses the raw values (§2.2). */
function encodeQuery(query: Readonly<Record<string, string>>): string {
  return Object.entries(query)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`)
    .join('&');
}

function trimBase(url: string): string {
  return url.replace(/\/+$/, '');
}

function header(response: Response<string>, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

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

    const userAgent = options.userAgent;
    const logger = this.logger;
    this.http = got.extend({
      // Retries, redirects and HTTP-status handling are ours: each retry must be re-signed (G7) and the
      // envelope decides success whatever the status (§3.1). Redirects are refused so the token header never
      // travels to another host.
      retry: { limit: 0 },
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
      timeout: { request: options.requestTimeoutMs },
      hooks: {
        beforeRequest: [
          (request) => {
            // §2.1: Content-Type is required even on GET.
            request.headers['content-type'] = 'application/json';
            if (userAgent) request.headers['user-agent'] = userAgent;
            const url = request.url instanceof URL ? request.url : undefined;
            if (url && logger.enabled('debug')) {
              logger.debug(`HTTP ${request.method} ${url.pathname}`, { query_keys: [...url.searchParams.keys()].join(',') });
            }
          },
        ],
        beforeError: [
          (error) => {
            error.message = redact(error.message);
            return error;
          },
        ],
      },
    });

    this.tokens = new TokenManager({
      accessToken: options.accessToken,
      accessTokenExpireIn: options.accessTokenExpireIn,
      refreshToken: options.refreshToken,
      fetchTokens: (refreshToken) => this.fetchTokens(refreshToken),
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
    const p = this.prepare(req);
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
        throw this.error(p.label, outcome, { action: 'fatal', hint: `the API rejected a freshly refreshed access token: ${REAUTHORIZE_HINT}` });
      }
      if (action === 'retry' && failures < this.options.maxRetries) {
        await this.backoff(p.label, p.endpoint, outcome, failures);
        failures += 1;
        continue;
      }
      if (action === 'retry') throw this.error(p.label, outcome, { action: 'fatal', attempts: failures + 1 });
      throw this.error(p.label, outcome);
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
        throw this.shapeError(label, response.requestId, `data.${opts.itemsKey} is not an array`);
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
    if (!Array.isArray(shops)) throw this.shapeError(label, response.requestId, 'data.shops is not an array');
    return shops.map((shop: unknown) => {
      const s = shop as Record<string, unknown>;
      if (typeof s?.id !== 'string' || typeof s.cipher !== 'string') {
        throw this.shapeError(label, response.requestId, 'a shop without a string id or cipher');
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

  private prepare(req: ApiRequest): Prepared {
    if (!req.path.startsWith('/') || /[?#]/.test(req.path)) {
      throw new ClientUsageError(`request path must be a bare path starting with "/" (got ${JSON.stringify(req.path)}); put parameters in query`);
    }
    const spec: EndpointSpec | undefined = matchEndpoint(req.method, req.path);
    if (req.shop && forbidsShopCipher(req.path)) {
      throw new ClientUsageError(`${req.path} must not carry shop_cipher (the API answers 36009004, see tiktok-shop-api.md §2.1); do not pass "shop"`);
    }
    if (spec?.shopScoped && !req.shop) throw new ClientUsageError(`${req.method} ${spec.path} is shop-scoped; pass "shop" with its cipher`);
    if (req.method === 'GET' && req.body !== undefined) throw new ClientUsageError(`GET ${req.path} cannot carry a body`);
    if (typeof req.body === 'string') throw new ClientUsageError('pass the body as a value, not a JSON string: the client serializes it once and signs that');

    const query: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (RESERVED_QUERY.has(key)) throw new ClientUsageError(`query parameter "${key}" is set by the client`);
      if (value === undefined || value === '') continue; // §2.2: empty values are neither sent nor signed.
      query[key] = String(value);
    }
    // §2.2 G9: POST always sends a body (at least {}) and signs exactly that string.
    const body = req.method === 'POST' ? JSON.stringify(req.body ?? {}) : undefined;
    return {
      method: req.method,
      path: req.path,
      query,
      body,
      shop: req.shop,
      label: `${req.method} ${req.path}`,
      endpoint: req.endpoint ?? spec?.path ?? req.path,
      tags: req.tags ?? {},
      bucket: req.shop?.id ?? APP_BUCKET,
    };
  }

  private attempt(p: Prepared, accessToken: string): Promise<Outcome> {
    // A fresh timestamp per attempt: the API accepts only now−5 min … now+30 s (§2.1, G7).
    const query: Record<string, string> = { ...p.query, app_key: this.options.appKey, timestamp: String(Math.floor(this.now() / 1000)) };
    if (p.shop) query.shop_cipher = p.shop.cipher;
    const sign = signRequest(this.options.appSecret, p.path, query, p.body ?? '');
    return this.send({
      method: p.method,
      url: `${trimBase(this.options.apiBaseUrl)}${p.path}?${encodeQuery({ ...query, sign })}`,
      body: p.body,
      // §2.1: the token goes in this header, never in the query, and is not signed.
      headers: { 'x-tts-access-token': accessToken },
      endpoint: p.endpoint,
      tags: p.tags,
      mask: [sign],
    });
  }

  /** One HTTP exchange: never throws for API or network failures, returns what happened. */
  private async send(spec: SendSpec): Promise<Outcome> {
    this.counters.requests += 1;
    const started = this.now();
    let response: Response<string>;
    try {
      response = await this.http(spec.url, { method: spec.method, body: spec.body, headers: spec.headers, responseType: 'text' });
    } catch (error) {
      const facts = this.transportFacts(error, spec.mask);
      this.metric(spec, started, undefined, false);
      return { ok: false, facts, cls: classifyApiFailure(facts), requestId: undefined, retryAfter: undefined, body: undefined, mask: spec.mask };
    }
    const outcome = this.interpret(response, spec.mask);
    this.metric(spec, started, response.statusCode, outcome.ok);
    return outcome;
  }

  private transportFacts(error: unknown, mask: string[]): FailureFacts {
    if (error instanceof TimeoutError) return { kind: 'timeout', detail: `no reply within ${this.options.requestTimeoutMs} ms` };
    if (error instanceof RequestError) {
      const code = error.code ? `${error.code}: ` : '';
      return { kind: 'network', detail: scrub(`${code}${error.message}`, mask) };
    }
    throw error;
  }

  /** Read the envelope (§3.1) whatever the HTTP status. JSON.parse keeps ids as the strings the API sends (G4). */
  private interpret(response: Response<string>, mask: string[]): Outcome {
    const status = response.statusCode;
    const text = typeof response.body === 'string' ? response.body : '';
    const retryAfter = header(response, 'retry-after');
    const fail = (facts: FailureFacts, requestId: string | undefined): Outcome => ({
      ok: false,
      facts,
      cls: classifyApiFailure(facts),
      requestId,
      retryAfter,
      body: text,
      mask,
    });
    const headerId = header(response, 'x-tt-logid');

    if (status >= 300 && status < 400) return fail({ httpStatus: status, kind: 'redirect' }, headerId);
    const trimmed = text.trim();
    if (trimmed === '') return fail({ httpStatus: status, kind: 'empty' }, headerId);
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      const kind = /^<|<html|<!doctype/i.test(trimmed) ? 'html' : /^[{[]/.test(trimmed) ? 'truncated' : 'not_json';
      return fail({ httpStatus: status, kind }, headerId);
    }
    const envelope = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
    const rawCode = envelope?.code;
    const code = typeof rawCode === 'number' ? rawCode : typeof rawCode === 'string' && /^-?\d+$/.test(rawCode) ? Number(rawCode) : undefined;
    if (!envelope || code === undefined) return fail({ httpStatus: status, kind: 'not_json' }, headerId);
    const requestId = typeof envelope.request_id === 'string' && envelope.request_id !== '' ? envelope.request_id : headerId;
    const message = typeof envelope.message === 'string' ? scrub(envelope.message, mask) : '';
    if (code !== 0) return fail({ httpStatus: status, code, message }, requestId);
    if (status < 200 || status >= 300) return fail({ httpStatus: status }, requestId);
    if (envelope.data === undefined || envelope.data === null) return fail({ httpStatus: status, kind: 'no_data' }, requestId);
    return { ok: true, data: envelope.data, requestId: requestId ?? '', httpStatus: status };
  }

  private metric(spec: SendSpec, started: number, httpStatus: number | undefined, ok: boolean): void {
    const tags: Record<string, string | number> = { endpoint: spec.endpoint };
    if (httpStatus !== undefined) tags.http_status_code = httpStatus;
    tags.status = ok ? 'succeeded' : 'failed';
    Object.assign(tags, spec.tags);
    this.logger.metric({ type: 'timer', metric: 'http_request_duration', value: Math.max(0, this.now() - started) / 1000, tags });
  }

  private async backoff(label: string, endpoint: string, outcome: Extract<Outcome, { ok: false }>, failures: number): Promise<void> {
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

  private error(
    label: string,
    outcome: Extract<Outcome, { ok: false }>,
    override: { action?: 'fatal'; hint?: string; attempts?: number } = {},
  ): ApiError {
    return new ApiError({
      ...outcome.facts,
      action: override.action ?? outcome.cls.action,
      reason: outcome.cls.reason,
      hint: override.hint ?? outcome.cls.hint,
      endpoint: label,
      requestId: outcome.requestId,
      attempts: override.attempts,
      responseBody: outcome.body,
      mask: outcome.mask,
    });
  }

  private shapeError(label: string, requestId: string, detail: string): ApiError {
    return new ApiError({
      action: 'fatal',
      reason: 'unexpected_reply',
      endpoint: label,
      requestId,
      detail: `unexpected reply: ${detail}`,
      hint: 'the API changed or answered oddly; report it with the request_id',
    });
  }

  /** §1.2: unsigned GET on the auth host; app_secret and refresh_token travel in the query (redacted in logs). */
  private async fetchTokens(refreshToken: string): Promise<TokenSet> {
    const spec = ENDPOINTS.tokenRefresh;
    const label = `${spec.method} ${spec.path}`;
    const query = { app_key: this.options.appKey, app_secret: this.options.appSecret, refresh_token: refreshToken, grant_type: 'refresh_token' };
    const url = `${trimBase(this.options.authBaseUrl)}${spec.path}?${encodeQuery(query)}`;
    let failures = 0;
    for (;;) {
      const outcome = await this.limit(() =>
        this.send({ method: 'GET', url, body: undefined, headers: {}, endpoint: spec.name, tags: {}, mask: [refreshToken] }),
      );
      if (outcome.ok) return this.readTokens(outcome.data, label, outcome.requestId, refreshToken);
      if (outcome.cls.action === 'retry' && failures < this.options.maxRetries) {
        await this.backoff(label, spec.name, outcome, failures);
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
  }

  private readTokens(data: unknown, label: string, requestId: string, oldRefresh: string): TokenSet {
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
    return tokens;
  }
}
