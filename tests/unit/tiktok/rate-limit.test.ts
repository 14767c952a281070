import { AdaptiveRateLimiter, concurrencyLimit, ShopConcurrency } from '../../../src/tiktok/rate-limit.js';

function fakeTime() {
  const clock = { t: 1_000_000 };
  const sleeps: number[] = [];
  return {
    clock,
    sleeps,
    now: () => clock.t,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      clock.t += ms;
    },
  };
}

describe('AdaptiveRateLimiter', () => {
  test('paces one key at the configured rate; keys are independent', () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 5, now: time.now });
    expect(limiter.reserve('a')).toBe(0);
    expect(limiter.reserve('a')).toBe(200);
    expect(limiter.reserve('a')).toBe(400); // queued behind the previous reservation
    expect(limiter.reserve('b')).toBe(0);
    time.clock.t += 10_000; // idle: bucket refills only up to burst
    expect(limiter.reserve('a')).toBe(0);
    expect(limiter.reserve('a')).toBe(200);
  });

  test('acquire sleeps through the injected sleep', async () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 2, now: time.now, sleep: time.sleep });
    for (let i = 0; i < 5; i++) await limiter.acquire('shop');
    expect(time.sleeps).toEqual([500, 500, 500, 500]);
  });

  test('0 = unlimited', () => {
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 0 });
    for (let i = 0; i < 100; i++) expect(limiter.reserve('x')).toBe(0);
    limiter.onThrottle('x');
    expect(limiter.reserve('x')).toBe(0);
  });

  test('throttling halves the rate (once per cooldown, down to a floor)', () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 10, minRequestsPerSecond: 1, now: time.now });
    limiter.onThrottle('s');
    expect(limiter.rate('s')).toBe(5);
    limiter.onThrottle('s'); // same burst of 429s: counts once
    expect(limiter.rate('s')).toBe(5);
    for (const expected of [2.5, 1.25, 1, 1]) {
      time.clock.t += 1500;
      limiter.onThrottle('s');
      expect(limiter.rate('s')).toBe(expected);
    }
    expect(limiter.rate('other')).toBe(10);
  });

  test('after a quiet spell the rate climbs additively: fast back to near the throttled rate, then slowly to the configured one', () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({
      requestsPerSecond: 50, quietMs: 1000, resumeShare: 0.8, resumePerSecond: 0.4, recoveryPerSecond: 1, now: time.now,
    });
    limiter.onThrottle('s'); // throttled at 50: 25
    time.clock.t += 900;
    limiter.onSuccess('s');
    expect(limiter.rate('s')).toBe(25); // still quiet
    time.clock.t += 600; // 0.5 s of fast climb at 0.4 × 50 = 20 req/s per s
    limiter.onSuccess('s');
    expect(limiter.rate('s')).toBeCloseTo(35);
    time.clock.t += 500; // 0.25 s more reaches 40 (0.8 × 50), the other 0.25 s climbs at 1 req/s per s
    limiter.onSuccess('s');
    expect(limiter.rate('s')).toBeCloseTo(40.25);
    time.clock.t += 4000;
    limiter.onSuccess('s');
    expect(limiter.rate('s')).toBeCloseTo(44.25);
    time.clock.t += 60_000;
    limiter.onSuccess('s');
    expect(limiter.rate('s')).toBe(50); // capped at the configured rate
  });

  test('the fast climb aims at the rate of the last throttle, not the configured one', () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 50, quietMs: 0, resumeShare: 0.8, resumePerSecond: 0.5, recoveryPerSecond: 0.5, now: time.now });
    limiter.onThrottle('s'); // 50 → 25
    time.clock.t += 1000;
    limiter.onThrottle('s'); // throttled at 25 → 12.5
    time.clock.t += 10_000; // fast part: 12.5 → 20 (0.8 × 25) takes 0.6 s at 12.5 req/s per s; then 9.4 s × 0.5
    limiter.onSuccess('s');
    expect(limiter.rate('s')).toBeCloseTo(24.7);
  });

  test('Retry-After holds the bucket: no turn before it has passed, then the halved pace', () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 10, now: time.now });
    expect(limiter.reserve('s')).toBe(0);
    limiter.onThrottle('s', 2000);
    expect(limiter.rate('s')).toBe(5);
    expect(limiter.reserve('s')).toBe(2200); // held 2 s, then one token at 5 req/s
    expect(limiter.reserve('s')).toBe(2400);
    expect(limiter.reserve('other')).toBe(0); // other endpoints and shops are not held
    time.clock.t += 10_000;
    expect(limiter.reserve('s')).toBe(0);
  });

  test('a Retry-After is bounded, and a second 429 in the same burst extends the hold without halving again', () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 10, maxHoldMs: 5000, now: time.now });
    limiter.onThrottle('s', 3_600_000);
    expect(limiter.reserve('s')).toBe(5000 + 200);
    const other = new AdaptiveRateLimiter({ requestsPerSecond: 10, now: time.now });
    other.onThrottle('s', 1000);
    time.clock.t += 100;
    other.onThrottle('s', 1000);
    expect(other.rate('s')).toBe(5);
    expect(other.reserve('s')).toBe(1000 + 200);
  });

  test('tells its listener once per change: each decrease, and the return to the configured rate', () => {
    const time = fakeTime();
    const changes: string[] = [];
    const limiter = new AdaptiveRateLimiter({
      requestsPerSecond: 8, quietMs: 1000, recoveryPerSecond: 1, now: time.now,
      onChange: (key, c) => changes.push(`${key} ${c.reason} ${c.from}->${c.to} hold ${c.holdMs}`),
    });
    limiter.onThrottle('s', 1000);
    limiter.onThrottle('s'); // same burst
    for (let i = 0; i < 200; i++) {
      time.clock.t += 100;
      limiter.onSuccess('s');
    }
    expect(changes).toEqual(['s throttled 8->4 hold 1000', 's recovered 4->8 hold 0']);
  });

  test('the slower rate shows in the pacing', () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 4, now: time.now });
    expect(limiter.reserve('s')).toBe(0);
    limiter.onThrottle('s'); // 2 req/s; any saved burst is dropped
    expect(limiter.reserve('s')).toBe(500); // one token at 2 req/s; no burst left to spend
  });

  test('converges: a simulated API that accepts 3 req/s settles the limiter near that', async () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 20, minRequestsPerSecond: 0.5, now: time.now, sleep: time.sleep });
    const window: number[] = [];
    let throttles = 0;
    for (let i = 0; i < 3000; i++) {
      await limiter.acquire('s');
      const t = time.clock.t;
      while (window.length && window[0]! <= t - 1000) window.shift();
      if (window.length >= 3) {
        throttles += 1;
        limiter.onThrottle('s');
      } else {
        window.push(t);
        limiter.onSuccess('s');
      }
    }
    expect(limiter.rate('s')).toBeLessThan(8);
    expect(limiter.rate('s')).toBeGreaterThan(1);
    expect(throttles).toBeLessThan(600); // far fewer than if it kept hammering at 20 req/s
  });

  test('against a server bucket of 10 req/s (burst 10) it keeps ≥ 85% of that rate with < 5% of requests throttled', async () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 50, now: time.now, sleep: time.sleep });
    const server = { tokens: 10, at: time.clock.t };
    let ok = 0;
    let throttled = 0;
    const started = time.clock.t;
    while (ok < 1000) {
      await limiter.acquire('s');
      server.tokens = Math.min(10, server.tokens + ((time.clock.t - server.at) / 1000) * 10);
      server.at = time.clock.t;
      if (server.tokens >= 1) {
        server.tokens -= 1;
        ok += 1;
        limiter.onSuccess('s');
      } else {
        throttled += 1;
        limiter.onThrottle('s');
      }
    }
    const seconds = (time.clock.t - started) / 1000;
    expect(ok / seconds).toBeGreaterThan(8.5);
    expect(throttled / (ok + throttled)).toBeLessThan(0.05);
  });
});

describe('ShopConcurrency', () => {
  test('caps each shop and the total, and a shop with a deep queue does not starve another', async () => {
    const slots = new ShopConcurrency(4, 2);
    const active = new Map<string, number>();
    let peakTotal = 0;
    let peakPerShop = 0;
    const order: string[] = [];
    const release: Array<() => void> = [];
    const task = (shop: string) => slots.run(shop, async () => {
      active.set(shop, (active.get(shop) ?? 0) + 1);
      order.push(shop);
      peakPerShop = Math.max(peakPerShop, active.get(shop)!);
      peakTotal = Math.max(peakTotal, [...active.values()].reduce((a, b) => a + b, 0));
      await new Promise<void>((resolve) => release.push(resolve));
      active.set(shop, active.get(shop)! - 1);
    });
    const tasks = [...Array.from({ length: 20 }, () => task('busy')), task('quiet'), task('quiet')];
    await new Promise((r) => setImmediate(r));
    // Both of the quiet shop's requests run at once, although the busy shop queued 20 before them.
    expect(order.filter((shop) => shop === 'quiet')).toHaveLength(2);
    while (release.length) {
      release.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(tasks);
    expect(peakPerShop).toBe(2);
    expect(peakTotal).toBe(4);
  });
});

describe('concurrencyLimit', () => {
  test('caps requests in flight', async () => {
    const limit = concurrencyLimit(2);
    let active = 0;
    let peak = 0;
    const release: Array<() => void> = [];
    const tasks = Array.from({ length: 6 }, () =>
      limit(async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise<void>((resolve) => release.push(resolve));
        active -= 1;
      }),
    );
    while (release.length || limit.activeCount || limit.pendingCount) {
      await new Promise((r) => setImmediate(r));
      release.shift()?.();
    }
    await Promise.all(tasks);
    expect(peak).toBe(2);
    expect(concurrencyLimit(0).concurrency).toBe(Number.POSITIVE_INFINITY);
  });
});
