import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Request pacing. TikTok limits each API (endpoint) per app and shop, 50 requests/s by default, and lowers that
 * under load (docs/tiktok-shop-api.md §3.4, §3.5); the figure is not a promise, so each key (shop + endpoint) gets a
 * token bucket that halves its rate when the API throttles and climbs back while requests go through (AIMD), so a
 * long sync settles on what the API accepts.
 *
 * The climb has two slopes. Right after a throttle the bucket waits a quiet spell, then climbs quickly back to just
 * below the rate it was throttled at (that rate is known to be about what the API accepts), then slowly above it,
 * probing for more. A single slow slope would spend half of every cycle well below the limit (a sawtooth between
 * half and all of it averages three quarters); a single fast one would hit the limit again at once.
 */
export interface RateLimiterOptions {
  /** Configured (and maximum) rate per key; 0 = unlimited (no pacing, no adaptation). */
  requestsPerSecond: number;
  /** Bucket capacity: requests that may go out back to back after an idle spell. */
  burst?: number;
  /** Floor the rate never drops below; default min(rate, 0.2) — the lowest starting rate quoted in §3.4. */
  minRequestsPerSecond?: number;
  /** Multiplier applied on throttling. */
  decreaseFactor?: number;
  /** How long after a decrease the rate stays put before it climbs again (ms). */
  quietMs?: number;
  /** Share of the throttled rate the fast climb goes back to. */
  resumeShare?: number;
  /** Fast climb, as a share of the throttled rate per second. */
  resumePerSecond?: number;
  /** Slow climb above the resume point, in req/s per second; default: the configured rate over 100 s. */
  recoveryPerSecond?: number;
  /** Throttles within this window after a decrease count once (concurrent 429s are one signal, not many). */
  throttleCooldownMs?: number;
  /** Longest pause a Retry-After may impose on a bucket, so a bogus header cannot stall a shop for long. */
  maxHoldMs?: number;
  /** Told once per rate change worth a log line: a decrease, and the climb back to the configured rate. */
  onChange?: (key: string, change: RateChange) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export interface RateChange {
  from: number;
  to: number;
  reason: 'throttled' | 'recovered';
  /** ms the bucket is held by a Retry-After (0 when none). */
  holdMs: number;
}

interface Bucket {
  rate: number;
  tokens: number;
  /** When tokens were last counted; in the future while a Retry-After holds the bucket. */
  refilledAt: number;
  adjustedAt: number;
  lastDecreaseAt: number;
  /** No climb before this: the quiet spell after the last decrease, counted from the end of any Retry-After hold. */
  quietUntil: number;
  /** The rate at the last throttle: the fast climb aims just below it. */
  throttledAt: number;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class AdaptiveRateLimiter {
  private readonly maxRate: number;
  private readonly burst: number;
  private readonly floor: number;
  private readonly factor: number;
  private readonly quietMs: number;
  private readonly resumeShare: number;
  private readonly resumePerSecond: number;
  private readonly recovery: number;
  private readonly cooldownMs: number;
  private readonly maxHoldMs: number;
  private readonly onChange: ((key: string, change: RateChange) => void) | undefined;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimiterOptions) {
    if (!(options.requestsPerSecond >= 0)) throw new RangeError('requestsPerSecond must be >= 0');
    this.maxRate = options.requestsPerSecond;
    this.burst = Math.max(1, options.burst ?? 1);
    this.floor = Math.min(this.maxRate, options.minRequestsPerSecond ?? 0.2);
    this.factor = options.decreaseFactor ?? 0.5;
    this.quietMs = options.quietMs ?? 1000;
    this.resumeShare = options.resumeShare ?? 0.85;
    this.resumePerSecond = options.resumePerSecond ?? 0.4;
    this.recovery = options.recoveryPerSecond ?? this.maxRate / 100;
    this.cooldownMs = options.throttleCooldownMs ?? 1000;
    this.maxHoldMs = options.maxHoldMs ?? 60_000;
    this.onChange = options.onChange;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  get unlimited(): boolean {
    return this.maxRate === 0;
  }

  /** Wait for this key's turn. */
  async acquire(key: string): Promise<void> {
    const wait = this.reserve(key);
    if (wait > 0) await this.sleep(wait);
  }

  /**
   * Take a token and return how long (ms) the caller must wait before sending. Tokens may go negative: each
   * caller reserves its slot, so concurrent callers of one key queue up instead of stampeding.
   */
  reserve(key: string): number {
    if (this.unlimited) return 0;
    const bucket = this.bucket(key);
    this.refill(bucket);
    bucket.tokens -= 1;
    const held = Math.max(0, bucket.refilledAt - this.now());
    return Math.ceil(held + (bucket.tokens >= 0 ? 0 : (-bucket.tokens / bucket.rate) * 1000));
  }

  /**
   * The API throttled this key (HTTP 429 / 36009002, §3.2): halve its rate, once per burst of throttles, and hold
   * it for `retryAfterMs` when the API said how long to wait.
   */
  onThrottle(key: string, retryAfterMs?: number): void {
    if (this.unlimited) return;
    const bucket = this.bucket(key);
    const t = this.now();
    const holdMs = Math.min(Math.max(0, retryAfterMs ?? 0), this.maxHoldMs);
    this.refill(bucket);
    if (holdMs > 0 && t + holdMs > bucket.refilledAt) {
      // Nothing refills while held, and the queue already booked waits behind the hold.
      bucket.refilledAt = t + holdMs;
      bucket.tokens = Math.min(bucket.tokens, 0);
    }
    bucket.quietUntil = Math.max(bucket.quietUntil, bucket.refilledAt + this.quietMs);
    if (t - bucket.lastDecreaseAt < this.cooldownMs) return;
    const from = bucket.rate;
    bucket.throttledAt = from;
    bucket.rate = Math.max(this.floor, from * this.factor);
    bucket.tokens = Math.min(bucket.tokens, 0);
    bucket.lastDecreaseAt = t;
    bucket.adjustedAt = t;
    if (bucket.rate !== from) this.onChange?.(key, { from, to: bucket.rate, reason: 'throttled', holdMs });
  }

  /** A request of this key went through: after a quiet spell, climb toward the configured rate. */
  onSuccess(key: string): void {
    if (this.unlimited) return;
    const bucket = this.bucket(key);
    const t = this.now();
    const climbFrom = Math.max(bucket.adjustedAt, bucket.quietUntil);
    if (bucket.rate >= this.maxRate || t <= climbFrom) return;
    this.refill(bucket);
    bucket.rate = Math.min(this.maxRate, this.climb(bucket, (t - climbFrom) / 1000));
    bucket.adjustedAt = t;
    if (bucket.rate === this.maxRate) this.onChange?.(key, { from: bucket.throttledAt * this.factor, to: this.maxRate, reason: 'recovered', holdMs: 0 });
  }

  /** Time between two turns of a key at its current rate (ms); Infinity when unlimited. */
  intervalMs(key: string): number {
    return this.unlimited ? Number.POSITIVE_INFINITY : 1000 / this.rate(key);
  }

  /** Current rate of a key (req/s); the configured rate for keys never seen. */
  rate(key: string): number {
    return this.buckets.get(key)?.rate ?? this.maxRate;
  }

  /** The rate after `seconds` of climbing: fast up to the resume point, slow beyond it. */
  private climb(bucket: Bucket, seconds: number): number {
    const resumeAt = bucket.throttledAt * this.resumeShare;
    let rate = bucket.rate;
    let left = seconds;
    if (rate < resumeAt) {
      const fast = bucket.throttledAt * this.resumePerSecond;
      const needed = (resumeAt - rate) / fast;
      if (left <= needed) return rate + fast * left;
      rate = resumeAt;
      left -= needed;
    }
    return rate + this.recovery * left;
  }

  private bucket(key: string): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const t = this.now();
      bucket = { rate: this.maxRate, tokens: this.burst, refilledAt: t, adjustedAt: t, lastDecreaseAt: -Infinity, quietUntil: -Infinity, throttledAt: this.maxRate };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private refill(bucket: Bucket): void {
    const t = this.now();
    if (t <= bucket.refilledAt) return; // held by a Retry-After, or counted just now
    const elapsed = (t - bucket.refilledAt) / 1000;
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * bucket.rate);
    bucket.refilledAt = t;
  }
}

/** Cap on requests in flight; < 1 or non-finite means no cap. */
export function concurrencyLimit(maxConcurrency: number): LimitFunction {
  return pLimit(Number.isFinite(maxConcurrency) && maxConcurrency >= 1 ? Math.floor(maxConcurrency) : Number.POSITIVE_INFINITY);
}

/**
 * In-flight caps per shop inside one overall cap. A request takes its shop's slot first, then an overall one, so
 * one shop with a deep queue holds at most its own share of the overall slots and the others still get through:
 * the overall queue (first come, first served) sees at most `perShop` requests of each shop.
 */
export class ShopConcurrency {
  private readonly overall: LimitFunction;
  private readonly shops = new Map<string, LimitFunction>();

  constructor(overall: number, private readonly perShop: number) {
    this.overall = concurrencyLimit(overall);
  }

  run<T>(shop: string, task: () => Promise<T>): Promise<T> {
    let limit = this.shops.get(shop);
    if (!limit) {
      limit = concurrencyLimit(this.perShop);
      this.shops.set(shop, limit);
    }
    return limit(() => this.overall(task));
  }
}
