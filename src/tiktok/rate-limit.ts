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
 *
 * A decrease aims at what the API was seen to accept, not at a share of what was sent: the successes of the last
 * second are the API's own rate, so a shop limited to 10/s while the tap
 * sends 50/s drops to about 10 in one step instead of 50, 43, 36… each step costing a second of 429s. And turns
 * booked at the old rate are void (the bucket's epoch moves): the requests waiting for them book again at the new
 * one, and 429s of requests sent before the decrease are not taken as a new signal.
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
  /** The rate at the last throttle, or the rate the API was seen to accept then: the fast climb aims just below it. */
  throttledAt: number;
  /** Bumped by every decrease: turns booked before it are void. */
  epoch: number;
  /** When recent requests succeeded (the last second's, oldest first). */
  successes: number[];
  /** When the current run of throttles began (the first 429 after a second without any), and the latest one. */
  throttlingSince: number;
  lastThrottleAt: number;
  createdAt: number;
}

/** Successes are counted over this window to tell the rate the API accepts (ms). */
const ACCEPTED_WINDOW_MS = 1000;
/** Share of the accepted rate a decrease goes to. */
const ACCEPTED_SHARE = 0.9;
/** Shortest span of throttling over which that count is trusted (ms); shorter: the rate is cut by decreaseFactor. */
const MIN_OBSERVED_MS = 150;

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

  /**
   * Wait for this key's turn; resolves with the epoch the turn belongs to (give it to onThrottle). A turn voided by
   * a decrease while waiting is booked again at the new rate.
   */
  async acquire(key: string): Promise<number> {
    for (;;) {
      const epoch = this.epoch(key);
      const wait = this.reserve(key);
      if (wait > 0) await this.sleep(wait);
      if (this.epoch(key) === epoch) return epoch;
    }
  }

  /** How many decreases this key has had: a turn booked under an older epoch is void. */
  epoch(key: string): number {
    return this.buckets.get(key)?.epoch ?? 0;
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
   * The API throttled this key (HTTP 429 / 36009002, §3.2): lower its rate to what the API was seen to accept (or
   * by decreaseFactor when that is not known yet), and hold it for `retryAfterMs` when the API said how long to
   * wait. `sentEpoch` (from acquire) tells a 429 of a request sent before the last decrease, which says nothing new;
   * without it, throttles within the cooldown after a decrease count once.
   */
  onThrottle(key: string, retryAfterMs?: number, sentEpoch?: number): void {
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
    if (t - bucket.lastThrottleAt > ACCEPTED_WINDOW_MS) bucket.throttlingSince = t;
    bucket.lastThrottleAt = t;
    const stale = sentEpoch !== undefined ? sentEpoch < bucket.epoch : t - bucket.lastDecreaseAt < this.cooldownMs;
    if (stale) return;
    const from = bucket.rate;
    const accepted = this.acceptedRate(bucket, t);
    bucket.throttledAt = accepted !== undefined ? Math.min(from, accepted) : from;
    // Just below what went through, so the API's own bucket refills a little; a share of the rate when unknown.
    bucket.rate = Math.max(this.floor, accepted !== undefined ? Math.min(from, accepted) * ACCEPTED_SHARE : from * this.factor);
    // Every turn booked so far was booked at the old rate: void them (their requests book again), keep a hold.
    bucket.tokens = 0;
    bucket.epoch += 1;
    bucket.lastDecreaseAt = t;
    bucket.adjustedAt = t;
    if (bucket.rate !== from) this.onChange?.(key, { from, to: bucket.rate, reason: 'throttled', holdMs });
  }

  /**
   * Requests per second the API accepted in the last second (in the bucket's first, since the throttling began), or undefined when
   * that span is too short to tell, or nothing went through in it (a hold, or nothing sent: no measure of a rate).
   */
  private acceptedRate(bucket: Bucket, t: number): number | undefined {
    // In the bucket's first second the API's own burst is still in the count, so only the time since the throttling
    // began tells its rate; later a whole second does, even for a throttle that has just begun.
    const since = t - bucket.createdAt >= ACCEPTED_WINDOW_MS ? t - ACCEPTED_WINDOW_MS : Math.max(bucket.createdAt, bucket.throttlingSince);
    if (t - since < MIN_OBSERVED_MS) return undefined;
    let count = 0;
    for (const at of bucket.successes) if (at > since) count++;
    return count >= 2 ? (count * 1000) / (t - since) : undefined;
  }

  /** A request of this key went through: after a quiet spell, climb toward the configured rate. */
  onSuccess(key: string): void {
    if (this.unlimited) return;
    const bucket = this.bucket(key);
    const t = this.now();
    bucket.successes.push(t);
    while (bucket.successes[0]! <= t - ACCEPTED_WINDOW_MS) bucket.successes.shift();
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
      bucket = { rate: this.maxRate, tokens: this.burst, refilledAt: t, adjustedAt: t, lastDecreaseAt: -Infinity, quietUntil: -Infinity, throttledAt: this.maxRate,
        epoch: 0, successes: [], throttlingSince: -Infinity, lastThrottleAt: -Infinity, createdAt: t };
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
