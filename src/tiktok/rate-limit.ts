import pLimit, { type LimitFunction } from 'p-limit';

/**
 * Request pacing. TikTok's QPS limits are dynamic and undocumented in numbers (/work/shared/tiktok-shop-api.md
 * §3.4, §8), so a fixed rate is a guess: each key (shop) gets a token bucket that halves its rate when the API
 * throttles and creeps back up while requests succeed (AIMD), so a long sync settles on what the API accepts.
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
  /** Additive recovery, in req/s per second of successful traffic; default: half the rate back in ~30 s. */
  recoveryPerSecond?: number;
  /** Throttles within this window after a decrease count once (concurrent 429s are one signal, not many). */
  throttleCooldownMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface Bucket {
  rate: number;
  tokens: number;
  refilledAt: number;
  adjustedAt: number;
  lastDecreaseAt: number;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class AdaptiveRateLimiter {
  private readonly maxRate: number;
  private readonly burst: number;
  private readonly floor: number;
  private readonly factor: number;
  private readonly recovery: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimiterOptions) {
    if (!(options.requestsPerSecond >= 0)) throw new RangeError('requestsPerSecond must be >= 0');
    this.maxRate = options.requestsPerSecond;
    this.burst = Math.max(1, options.burst ?? 1);
    this.floor = Math.min(this.maxRate, options.minRequestsPerSecond ?? 0.2);
    this.factor = options.decreaseFactor ?? 0.5;
    this.recovery = options.recoveryPerSecond ?? this.maxRate / 60;
    this.cooldownMs = options.throttleCooldownMs ?? 1000;
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
    return bucket.tokens >= 0 ? 0 : Math.ceil((-bucket.tokens / bucket.rate) * 1000);
  }

  /** The API throttled this key (HTTP 429 / 36009002, §3.2). */
  onThrottle(key: string): void {
    if (this.unlimited) return;
    const bucket = this.bucket(key);
    const t = this.now();
    if (t - bucket.lastDecreaseAt < this.cooldownMs) return;
    this.refill(bucket);
    bucket.rate = Math.max(this.floor, bucket.rate * this.factor);
    bucket.tokens = Math.min(bucket.tokens, 0);
    bucket.lastDecreaseAt = t;
    bucket.adjustedAt = t;
  }

  /** A request of this key went through: recover toward the configured rate. */
  onSuccess(key: string): void {
    if (this.unlimited) return;
    const bucket = this.bucket(key);
    const t = this.now();
    if (bucket.rate < this.maxRate) {
      const elapsed = Math.max(0, t - bucket.adjustedAt) / 1000;
      this.refill(bucket);
      bucket.rate = Math.min(this.maxRate, bucket.rate + this.recovery * elapsed);
    }
    bucket.adjustedAt = t;
  }

  /** Time between two turns of a key at its current rate (ms); Infinity when unlimited. */
  intervalMs(key: string): number {
    return this.unlimited ? Number.POSITIVE_INFINITY : 1000 / this.rate(key);
  }

  /** Current rate of a key (req/s); the configured rate for keys never seen. */
  rate(key: string): number {
    return this.buckets.get(key)?.rate ?? this.maxRate;
  }

  private bucket(key: string): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      const t = this.now();
      bucket = { rate: this.maxRate, tokens: this.burst, refilledAt: t, adjustedAt: t, lastDecreaseAt: -Infinity };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private refill(bucket: Bucket): void {
    const t = this.now();
    const elapsed = Math.max(0, t - bucket.refilledAt) / 1000;
    bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * bucket.rate);
    bucket.refilledAt = t;
  }
}

/** Global cap on requests in flight across all shops; < 1 or non-finite means no cap. */
export function concurrencyLimit(maxConcurrency: number): LimitFunction {
  return pLimit(Number.isFinite(maxConcurrency) && maxConcurrency >= 1 ? Math.floor(maxConcurrency) : Number.POSITIVE_INFINITY);
}
