/** Options of the sandbox, their defaults and validation (shared by `startSandbox` and the CLI). */

export const FAULT_KINDS = ['5xx', '429', 'slow', 'truncated', 'reset'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * Default sandbox clock: 2025-06-01T00:00:00Z. Fixed so output is deterministic for a seed, and in the past so a
 * tap whose windows end at the wall clock sees every record (and every record an `advance` makes, as long as the
 * sandbox clock stays behind the wall clock).
 */
export const DEFAULT_NOW = 1748736000;

export interface SandboxOptions {
  /** TCP port on 127.0.0.1; 0 = any free port. */
  port: number;
  /** Host to bind (default 127.0.0.1). */
  host: string;
  /** Seed of all generated data (number or string). Same seed and options → byte-identical data. */
  seed: number | string;
  /** Number of authorized shops (regions cycle US, GB, ID, MY, TH, VN, SG, PH), over all sellers. */
  shops: number;
  /**
   * Sellers of the one app, each with its own grant (open_id, tokens) and its own shops: the shops are split among
   * them in order, in blocks as even as can be (4 shops, 2 sellers: shops 1-2 and 3-4). The initial tokens are the
   * first seller's; `POST /__sandbox/auth_code {"seller": K}` gives a code for seller K (1-based).
   */
  sellers: number;
  /** Orders per shop at start. */
  orders: number;
  /** Products per shop at start. */
  products: number;
  /** Orders are created over the `days` before the sandbox clock. */
  days: number;
  /** Added delay before every API answer, plus a uniform jitter in [0, latencyJitterMs). */
  latencyMs: number;
  latencyJitterMs: number;
  /** Requests per second per shop (token bucket, burst = max(1, rate)); 0 = unlimited. */
  rateLimit: number;
  /** Requests per second per endpoint and shop, as TikTok limits them (token bucket, burst = max(1, rate)); 0 = unlimited. */
  endpointRateLimit: number;
  /** Share (0–1) of API requests answered with an injected retryable fault. */
  faultRate: number;
  faultKinds: FaultKind[];
  /** How long a 'slow' fault stalls before answering (or hanging up). */
  slowMs: number;
  /** Seconds an access token lives (wall clock). */
  tokenTtl: number;
  /** Seconds a refresh token lives (wall clock). */
  refreshTokenTtl: number;
  /** Probability that a delivered/completed order has a return. */
  returnsShare: number;
  /** Share of orders with external order references. */
  externalShare: number;
  /** External platforms orders are linked to (first one is the most common). */
  platforms: string[];
  /**
   * Quirk G1: number of orders of the query's current result whose update_time moves forward (to the sandbox
   * clock + 1 s; the clock ticks) on every order-search request, before the page is cut. Victims alternate between
   * rows already returned (before the page token's offset) and rows not yet returned. 0/false = off, true = 1.
   */
  movingUpdates: number | boolean;
  /** Initial sandbox clock (Unix seconds). Data times are ≤ this clock; `advance` moves it. */
  now: number;
  /** App credentials (default derived from the seed). */
  appKey: string;
  appSecret: string;
  /** Keep each rendered order/return/product JSON string until the record changes (faster, more memory). */
  cacheJson: boolean;
  /**
   * With cacheJson, when to render (and cache) every order: 'ready' = before the sandbox reports ready (startup
   * takes ~30-40 µs per order, then pages are served from the cache — the choice for benchmarks), 'background' =
   * after, in small chunks between requests, 'off' = only on demand.
   */
  warmup: 'ready' | 'background' | 'off';
  /** Reject requests whose `timestamp` is outside now−300 s … now+30 s (wall clock). */
  checkTimestamp: boolean;
  /**
   * Shops whose grant lacks the finance scope: each a shop number, 1-based in the order of Get
   * Authorized Shops (1 = the first shop), or a shop id. Every finance endpoint answers them 105005; their other
   * endpoints work. `POST /__sandbox/finance_scope` changes it while running.
   */
  noFinanceScope: (number | string)[];
}

export const DEFAULT_OPTIONS: Omit<SandboxOptions, 'appKey' | 'appSecret'> = {
  port: 0,
  host: '127.0.0.1',
  seed: 1,
  shops: 2,
  sellers: 1,
  orders: 500,
  products: 40,
  days: 30,
  latencyMs: 0,
  latencyJitterMs: 0,
  rateLimit: 0,
  endpointRateLimit: 0,
  faultRate: 0,
  faultKinds: [...FAULT_KINDS],
  slowMs: 30000,
  tokenTtl: 7 * 86400,
  refreshTokenTtl: 365 * 86400,
  returnsShare: 0.08,
  externalShare: 0.3,
  platforms: ['SHOPIFY', 'WOOCOMMERCE'],
  movingUpdates: 0,
  now: DEFAULT_NOW,
  cacheJson: true,
  warmup: 'ready',
  checkTimestamp: true,
  noFinanceScope: [],
};

export type ResolvedOptions = SandboxOptions & { movingUpdatesPerPage: number };

function check(condition: boolean, message: string): void {
  if (!condition) throw new RangeError(message);
}

function isInt(value: number): boolean {
  return Number.isInteger(value);
}

/** Fill defaults and validate; throws RangeError with a one-line message on a bad value. */
export function resolveOptions(partial: Partial<SandboxOptions>, derivedCredentials: (seed: number | string) => { appKey: string; appSecret: string }): ResolvedOptions {
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<SandboxOptions>;
  const merged = { ...DEFAULT_OPTIONS, ...defined };
  const creds = derivedCredentials(merged.seed);
  const o: SandboxOptions = { appKey: creds.appKey, appSecret: creds.appSecret, ...merged };
  check(isInt(o.port) && o.port >= 0 && o.port <= 65535, `port must be an integer 0-65535 (got ${o.port})`);
  check(isInt(o.shops) && o.shops >= 1 && o.shops <= 99, `shops must be an integer 1-99 (got ${o.shops})`);
  check(isInt(o.sellers) && o.sellers >= 1 && o.sellers <= o.shops, `sellers must be an integer 1-${o.shops} (one shop at least each; got ${o.sellers})`);
  check(isInt(o.orders) && o.orders >= 0 && o.orders <= 10_000_000, `orders must be an integer 0-10000000 (got ${o.orders})`);
  check(isInt(o.products) && o.products >= 1 && o.products <= 999_999, `products must be an integer 1-999999 (got ${o.products})`);
  check(Number.isFinite(o.days) && o.days > 0 && o.days <= 3650, `days must be > 0 and ≤ 3650 (got ${o.days})`);
  check(Number.isFinite(o.latencyMs) && o.latencyMs >= 0, `latencyMs must be ≥ 0 (got ${o.latencyMs})`);
  check(Number.isFinite(o.latencyJitterMs) && o.latencyJitterMs >= 0, `latencyJitterMs must be ≥ 0 (got ${o.latencyJitterMs})`);
  check(Number.isFinite(o.rateLimit) && o.rateLimit >= 0, `rateLimit must be ≥ 0 (got ${o.rateLimit})`);
  check(Number.isFinite(o.endpointRateLimit) && o.endpointRateLimit >= 0, `endpointRateLimit must be ≥ 0 (got ${o.endpointRateLimit})`);
  check(Number.isFinite(o.faultRate) && o.faultRate >= 0 && o.faultRate <= 1, `faultRate must be within 0-1 (got ${o.faultRate})`);
  check(Array.isArray(o.faultKinds) && o.faultKinds.length > 0 && o.faultKinds.every((k) => (FAULT_KINDS as readonly string[]).includes(k)),
    `faultKinds must be a non-empty subset of ${FAULT_KINDS.join(',')} (got ${String(o.faultKinds)})`);
  check(Number.isFinite(o.slowMs) && o.slowMs >= 0, `slowMs must be ≥ 0 (got ${o.slowMs})`);
  check(Number.isFinite(o.tokenTtl) && o.tokenTtl > 0, `tokenTtl must be > 0 (got ${o.tokenTtl})`);
  check(Number.isFinite(o.refreshTokenTtl) && o.refreshTokenTtl > 0, `refreshTokenTtl must be > 0 (got ${o.refreshTokenTtl})`);
  check(Number.isFinite(o.returnsShare) && o.returnsShare >= 0 && o.returnsShare <= 1, `returnsShare must be within 0-1 (got ${o.returnsShare})`);
  check(Number.isFinite(o.externalShare) && o.externalShare >= 0 && o.externalShare <= 1, `externalShare must be within 0-1 (got ${o.externalShare})`);
  check(Array.isArray(o.platforms) && o.platforms.length > 0 && o.platforms.every((p) => /^[A-Z_]+$/.test(p)),
    `platforms must be a non-empty list of upper-case names (got ${String(o.platforms)})`);
  check(isInt(o.now) && o.now > 86400 * 365 * 3, `now must be a Unix time in seconds (got ${o.now})`);
  check(typeof o.appKey === 'string' && o.appKey.length > 0, 'appKey must be a non-empty string');
  check(typeof o.appSecret === 'string' && o.appSecret.length > 0, 'appSecret must be a non-empty string');
  check(['ready', 'background', 'off'].includes(o.warmup), `warmup must be ready, background or off (got ${String(o.warmup)})`);
  check(Array.isArray(o.noFinanceScope) && o.noFinanceScope.every((x) => (typeof x === 'number' && isInt(x) && x >= 1 && x <= o.shops)
    || (typeof x === 'string' && /^\d{3,}$/.test(x))),
  `noFinanceScope must list shop numbers 1-${o.shops} or shop ids (got ${String(o.noFinanceScope)})`);
  const moving = o.movingUpdates === true ? 1 : o.movingUpdates === false ? 0 : o.movingUpdates;
  check(isInt(moving) && moving >= 0, `movingUpdates must be a boolean or an integer ≥ 0 (got ${String(o.movingUpdates)})`);
  return { ...o, movingUpdatesPerPage: moving };
}
