/**
 * Back-off between retries, per docs/tiktok-shop-api.md §3.4 (attributed to TikTok's rate-limit page):
 * wait max(retry_after, min(base·2^attempt + jitter, cap)) with base 1 s, cap 60 s, jitter ≤ 0.5 s.
 */
export interface RetryDelayOptions {
  baseMs?: number;
  capMs?: number;
  jitterMs?: number;
  /** Raw `Retry-After` header: delay in seconds or an HTTP date (RFC 9110 §10.2.3). Its presence is unconfirmed (§3.2). */
  retryAfter?: string | undefined;
  /** Upper bound on what a Retry-After may impose, so a bogus header cannot stall a run for days. */
  maxRetryAfterMs?: number;
  now?: () => number;
  /** In [0, 1). */
  random?: () => number;
}

/** `Retry-After` in ms from now, or undefined if absent or unparseable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * For tests only: TAP_TIKTOK_SHOP_TEST_BACKOFF_SCALE multiplies every retry delay (back-off and Retry-After) and
 * the pause a Retry-After puts on a rate bucket (retryAfterHoldMs), so the end-to-end tests that inject faults do
 * not spend minutes in real sleeps. Read once at start; ignored unless it is a finite number in (0, 1], so it can
 * only shorten waits. Users have no reason to set it.
 */
export function backoffScale(raw: string | undefined): number {
  const value = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(value) && value > 0 && value <= 1 ? value : 1;
}
const TEST_BACKOFF_SCALE = backoffScale(process.env.TAP_TIKTOK_SHOP_TEST_BACKOFF_SCALE);

/**
 * How long a throttled endpoint's rate bucket is held for a Retry-After of `ms` (src/tiktok/client.ts): the same
 * wait as a retry's, so TAP_TIKTOK_SHOP_TEST_BACKOFF_SCALE scales it too; as it is when that is not set.
 */
export function retryAfterHoldMs(ms: number | undefined): number | undefined {
  return ms === undefined ? undefined : Math.round(ms * TEST_BACKOFF_SCALE);
}

/** Delay before retry number `attempt` (0 = the first retry). */
export function retryDelayMs(attempt: number, options: RetryDelayOptions = {}): number {
  const baseMs = options.baseMs ?? 1000;
  const capMs = options.capMs ?? 60_000;
  const jitterMs = options.jitterMs ?? 500;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 15 * 60_000;

  const exponential = baseMs * 2 ** Math.max(0, attempt);
  const backoff = Math.min(exponential + random() * jitterMs, capMs);
  const retryAfter = parseRetryAfter(options.retryAfter, now());
  return Math.round(Math.max(Math.min(retryAfter ?? 0, maxRetryAfterMs), backoff) * TEST_BACKOFF_SCALE);
}
