import { parseRetryAfter, retryAfterHoldMs, retryDelayMs } from '../../../src/tiktok/retry.js';

const NOW = Date.UTC(2025, 2, 1, 12, 0, 0);
const fixed = { now: () => NOW, random: () => 0 };

describe('retryDelayMs (§3.4)', () => {
  test('exponential from 1 s, capped at 60 s', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 10].map((a) => retryDelayMs(a, fixed))).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000]);
  });

  test('jitter up to 0.5 s, still capped', () => {
    expect(retryDelayMs(0, { ...fixed, random: () => 0.999 })).toBe(1500);
    expect(retryDelayMs(8, { ...fixed, random: () => 0.999 })).toBe(60000);
    expect(retryDelayMs(1, { ...fixed, random: () => 0.5, jitterMs: 100 })).toBe(2050);
  });

  test('custom base and cap', () => {
    expect(retryDelayMs(3, { ...fixed, baseMs: 10, capMs: 50 })).toBe(50);
    expect(retryDelayMs(1, { ...fixed, baseMs: 10, capMs: 50 })).toBe(20);
  });

  test('a Retry-After holds the rate bucket exactly as long as it says (no test scale set here)', () => {
    expect(retryAfterHoldMs(7000)).toBe(7000);
    expect(retryAfterHoldMs(undefined)).toBeUndefined();
  });

  test('Retry-After in seconds wins when longer, not when shorter', () => {
    expect(retryDelayMs(0, { ...fixed, retryAfter: '7' })).toBe(7000);
    expect(retryDelayMs(4, { ...fixed, retryAfter: '1' })).toBe(16000);
  });

  test('Retry-After as HTTP date', () => {
    const at = new Date(NOW + 12_000).toUTCString();
    expect(retryDelayMs(0, { ...fixed, retryAfter: at })).toBe(12000);
    const past = new Date(NOW - 60_000).toUTCString();
    expect(retryDelayMs(0, { ...fixed, retryAfter: past })).toBe(1000);
  });

  test('garbage Retry-After is ignored; absurd ones are bounded', () => {
    expect(retryDelayMs(0, { ...fixed, retryAfter: 'soon' })).toBe(1000);
    expect(retryDelayMs(0, { ...fixed, retryAfter: '999999' })).toBe(15 * 60_000);
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter(' 2 ', NOW)).toBe(2000);
  });
});
