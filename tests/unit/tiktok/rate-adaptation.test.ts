import { describe, expect, test } from '@jest/globals';
import { AdaptiveRateLimiter } from '../../../src/tiktok/rate-limit.js';

/**
 * Fake time for many requests at once: sleep() parks a timer, run() fires them in time order, letting every
 * promise chain settle in between. No real time passes.
 */
function eventClock() {
  let t = 1_000_000;
  const timers: Array<{ at: number; seq: number; fire: () => void }> = [];
  let seq = 0;
  const sleep = (ms: number) => new Promise<void>((resolve) => timers.push({ at: t + Math.max(0, ms), seq: seq++, fire: resolve }));
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    now: () => t,
    sleep,
    async run(done: () => boolean) {
      await settle();
      while (!done()) {
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift();
        if (!next) throw new Error('nothing left to wait for, and not done');
        t = Math.max(t, next.at);
        next.fire();
        await settle();
      }
    },
  };
}

describe('AdaptiveRateLimiter: adapting to what the API accepts', () => {
  test('a throttle drops the rate to just below the successes of the last second, not by a fixed share', () => {
    let t = 0;
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 50, now: () => t });
    limiter.onThrottle('s', undefined, 0); // nothing observed yet: 50 -> 25
    expect(limiter.rate('s')).toBe(25);
    for (let i = 1; i <= 10; i++) {
      t = i * 100;
      limiter.onSuccess('s');
    }
    limiter.onThrottle('s', undefined, limiter.epoch('s')); // 10 accepted in the last second: 0.9 x 10, not 12.5
    expect(limiter.rate('s')).toBeCloseTo(9);
  });

  test('a 429 of a request sent before the last decrease says nothing new: the rate stays', () => {
    let t = 0;
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 50, now: () => t });
    limiter.onThrottle('s', undefined, 0);
    t = 5000; // long after any cooldown
    limiter.onThrottle('s', undefined, 0);
    expect(limiter.rate('s')).toBe(25);
    limiter.onThrottle('s', undefined, 1);
    expect(limiter.rate('s')).toBe(12.5);
  });

  test('a turn booked before a decrease is booked again at the new rate', async () => {
    let t = 0;
    const sleeps: number[] = [];
    const limiter = new AdaptiveRateLimiter({
      requestsPerSecond: 10,
      now: () => t,
      sleep: async (ms) => {
        sleeps.push(ms);
        t += ms;
        if (sleeps.length === 1) limiter.onThrottle('s'); // the rate halves while this request waits
      },
    });
    limiter.reserve('s'); // the burst
    limiter.reserve('s'); // one queued ahead: 100 ms
    const epoch = await limiter.acquire('s');
    expect(sleeps).toEqual([200, 200]); // booked at 10/s, then again at 5/s from the decrease
    expect(epoch).toBe(1);
  });

  test('a deep queue against an API accepting 10/s of the 50/s it starts at: under 5% throttled, within 1.3x the bound', async () => {
    const clock = eventClock();
    const limiter = new AdaptiveRateLimiter({ requestsPerSecond: 50, now: clock.now, sleep: clock.sleep });
    const server = { tokens: 10, at: clock.now() }; // the sandbox's bucket: 10/s, a second's burst
    const LATENCY = 150;
    const TOTAL = 400;
    let ok = 0;
    let throttled = 0;
    const send = async (): Promise<void> => {
      for (;;) {
        const epoch = await limiter.acquire('s');
        server.tokens = Math.min(10, server.tokens + ((clock.now() - server.at) / 1000) * 10);
        server.at = clock.now();
        const accepted = server.tokens >= 1;
        if (accepted) server.tokens -= 1;
        await clock.sleep(LATENCY);
        if (accepted) {
          limiter.onSuccess('s');
          ok++;
          return;
        }
        throttled++;
        limiter.onThrottle('s', undefined, epoch);
      }
    };
    const started = clock.now();
    // Eighty requests waiting for their turn at any time, as four pages of twenty orders keep an endpoint.
    let next = 0;
    const worker = async () => {
      while (next < TOTAL) {
        next++;
        await send();
      }
    };
    for (let i = 0; i < 80; i++) void worker();
    await clock.run(() => ok === TOTAL);
    const seconds = (clock.now() - started) / 1000;
    expect(throttled / (ok + throttled)).toBeLessThan(0.05);
    expect(seconds).toBeLessThan(1.3 * (TOTAL / 10));
  });
});
