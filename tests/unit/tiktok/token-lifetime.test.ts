import { Logger } from '../../../src/log.js';
import { TokenManager, type TokenSet } from '../../../src/tiktok/tokens.js';

function manager(lifetimeSeconds: number) {
  let nowMs = 1_800_000_000_000;
  let issued = 0;
  const tokens = new TokenManager({
    refreshToken: 'refresh-token-0',
    logger: new Logger({ write: () => {} }),
    now: () => nowMs,
    fetchTokens: async (): Promise<TokenSet> => {
      issued += 1;
      return { accessToken: `access-token-${issued}`, accessTokenExpireIn: Math.floor(nowMs / 1000) + lifetimeSeconds, refreshToken: `refresh-token-${issued}` };
    },
  });
  return { tokens, advance: (seconds: number) => (nowMs += seconds * 1000), issued: () => issued };
}

describe('token lifetime', () => {
  test('a 7-day token is refreshed an hour before it expires, not before', async () => {
    const m = manager(7 * 86_400);
    expect(await m.tokens.accessToken()).toBe('access-token-1');
    m.advance(7 * 86_400 - 3_700);
    expect(await m.tokens.accessToken()).toBe('access-token-1');
    m.advance(200);
    expect(await m.tokens.accessToken()).toBe('access-token-2');
  });

  test('a short-lived token is not refreshed before every request (margin at most half its life)', async () => {
    const m = manager(60);
    await m.tokens.accessToken();
    for (let i = 0; i < 10; i++) await m.tokens.accessToken();
    expect(m.issued()).toBe(1);
    m.advance(31);
    await m.tokens.accessToken();
    expect(m.issued()).toBe(2);
  });

  test('hasExpired tells a token that outlived its own expiry from one rejected while still valid', async () => {
    const m = manager(60);
    const token = await m.tokens.accessToken();
    expect(m.tokens.hasExpired(token)).toBe(false);
    m.advance(61);
    expect(m.tokens.hasExpired(token)).toBe(true);
    expect(m.tokens.hasExpired('some-other-token')).toBe(false);
  });
});
