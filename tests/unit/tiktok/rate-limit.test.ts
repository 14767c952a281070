import { AdaptiveRateLimiter, concurrencyLimit } from '../../../src/tiktok/rate-limit.js';

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

  test('throttling halves the rate (once per cooldown, down to a floor) and success recovers it gradually', () => {
    const time = fakeTime();
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 10, minRequestsPerSecond: 1, recoveryPerSecond: 1, now: time.now });
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

    // Additive recovery: +1 req/s per second of successful traffic, capped at the configured rate.
    time.clock.t += 2000;
    limiter.onSuccess('s');
    expect(limiter.rate('s')).toBeCloseTo(3);
    time.clock.t += 4000;
    limiter.onSuccess('s');
    expect(limiter.rate('s')).toBeCloseTo(7);
    time.clock.t += 60_000;
    limiter.onSuccess('s');
    expect(limiter.rate('s')).toBe(10);
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
