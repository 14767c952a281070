/**
 * The test-only back-off scale the e2e tests set: it shortens every retry wait (back-off and Retry-After) and the
 * Retry-After pause of a rate bucket, and cannot be used to lengthen one or to turn waits off by a typo.
 */
process.env.TAP_TIKTOK_SHOP_TEST_BACKOFF_SCALE = '0.01';
// Imported after the variable is set: the module reads it once, when it loads.
const { backoffScale, retryAfterHoldMs, retryDelayMs } = await import('../../../src/tiktok/retry.js');

describe('TAP_TIKTOK_SHOP_TEST_BACKOFF_SCALE', () => {
  test('scales the exponential back-off and a Retry-After wait', () => {
    expect(retryDelayMs(0, { random: () => 0 })).toBe(10); // 1 s
    expect(retryDelayMs(3, { random: () => 0 })).toBe(80); // 8 s
    expect(retryDelayMs(0, { random: () => 0, retryAfter: '30' })).toBe(300); // 30 s
  });

  test('scales the pause a Retry-After puts on a rate bucket; no Retry-After stays no pause', () => {
    expect(retryAfterHoldMs(1000)).toBe(10);
    expect(retryAfterHoldMs(0)).toBe(0);
    expect(retryAfterHoldMs(undefined)).toBeUndefined();
  });

  test.each([
    ['0.01', 0.01],
    ['1', 1],
    [undefined, 1],
    ['', 1],
    ['0', 1],
    ['-0.5', 1],
    ['2', 1],
    ['NaN', 1],
    ['Infinity', 1],
    ['fast', 1],
  ])('%p gives the factor %p (only a finite number in (0, 1] counts)', (raw, factor) => {
    expect(backoffScale(raw)).toBe(factor);
  });
});
