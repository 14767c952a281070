/**
 * The rate limits (token buckets, burst = one second's worth; refusals are 429 / 36009002): per shop over all its
 * endpoints (`rateLimit`), and per endpoint and shop (`endpointRateLimit`), the unit TikTok documents (tap notes
 * §3.5). A request must pass both; one refused by either is counted once in `throttled`.
 */
import type { ResolvedOptions } from '../options.js';
import { ApiError } from './api-error.js';
import { bump, type StatsBox } from './stats.js';

interface Bucket {
  tokens: number;
  last: number;
  throttles: number;
}

export class RateLimiter {
  private readonly shops = new Map<string, Bucket>();
  private readonly endpoints = new Map<string, Bucket>();

  constructor(private readonly opts: ResolvedOptions, private readonly stats: StatsBox) {}

  /**
   * Takes one request's tokens: `shop` is a shop id or the app's key, `endpoint` the route ("GET /path/{id}").
   * Throws the 429 when either bucket is empty (and then takes from neither).
   */
  take(shop: string, endpoint: string): void {
    const now = performance.now() / 1000;
    const shopBucket = this.refilled(this.shops, shop, this.opts.rateLimit, now);
    const endpointBucket = this.refilled(this.endpoints, `${shop} ${endpoint}`, this.opts.endpointRateLimit, now);
    if (shopBucket && shopBucket.tokens < 1) this.refuse(shopBucket, this.opts.rateLimit, endpoint, true);
    // TikTok documents no Retry-After for its per-API limit (§3.2), so this one sends none.
    if (endpointBucket && endpointBucket.tokens < 1) this.refuse(endpointBucket, this.opts.endpointRateLimit, endpoint, false);
    if (shopBucket) shopBucket.tokens -= 1;
    if (endpointBucket) endpointBucket.tokens -= 1;
  }

  private refilled(buckets: Map<string, Bucket>, key: string, rate: number, now: number): Bucket | undefined {
    if (rate <= 0) return undefined;
    const burst = Math.max(1, rate);
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { tokens: burst, last: now, throttles: 0 };
      buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.last) * rate);
    bucket.last = now;
    return bucket;
  }

  private refuse(bucket: Bucket, rate: number, endpoint: string, retryAfter: boolean): never {
    this.stats.current.throttled++;
    bump(this.stats.current.throttled_by_endpoint, endpoint);
    const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
    const headers: Record<string, string> = retryAfter && bucket.throttles++ % 2 === 0 ? { 'retry-after': String(wait) } : {};
    throw new ApiError(429, 36009002, 'Too many requests, please retry later', headers);
  }
}
