/** The per-shop rate limit (token bucket, burst = one second's worth); refusals are 429 / 36009002. */
import type { ResolvedOptions } from '../options.js';
import { ApiError } from './api-error.js';
import type { StatsBox } from './stats.js';

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; last: number; throttles: number }>();

  constructor(private readonly opts: ResolvedOptions, private readonly stats: StatsBox) {}

  /** Takes one request's token from `key`'s bucket (a shop id, or the app's), or throws the 429. */
  take(key: string): void {
    const rate = this.opts.rateLimit;
    if (rate <= 0) return;
    const now = performance.now() / 1000;
    const burst = Math.max(1, rate);
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: burst, last: now, throttles: 0 };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.last) * rate);
    bucket.last = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return;
    }
    this.stats.current.throttled++;
    const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
    const headers: Record<string, string> = bucket.throttles++ % 2 === 0 ? { 'retry-after': String(wait) } : {};
    throw new ApiError(429, 36009002, 'Too many requests, please retry later', headers);
  }
}
