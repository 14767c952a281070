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

describe('a token already expired on arrival', () => {
  function skewed() {
    const lines: string[] = [];
    let issued = 0;
    const nowMs = 1_800_000_000_000;
    const tokens = new TokenManager({
      refreshToken: 'refresh-token-0',
      logger: new Logger({ write: (line) => lines.push(line) }),
      now: () => nowMs,
      // TikTok's clock (or ours) is off by ten minutes: every token is "expired" when it arrives.
      fetchTokens: async (): Promise<TokenSet> => {
        issued += 1;
        return { accessToken: `access-token-${issued}`, accessTokenExpireIn: Math.floor(nowMs / 1000) - 600, refreshToken: `refresh-token-${issued}` };
      },
    });
    return { tokens, lines, issued: () => issued };
  }

  test('is not refreshed before every request; one warning names the likely cause', async () => {
    const m = skewed();
    for (let i = 0; i < 45; i++) expect(await m.tokens.accessToken()).toBe('access-token-1');
    expect(m.issued()).toBe(1);
    const warnings = m.lines.filter((line) => line.includes('already expired'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/check this machine's clock/);
  });

  test('counts as not expired for the client, so a refused one is refreshed once, not in a loop', async () => {
    const m = skewed();
    const token = await m.tokens.accessToken();
    expect(m.tokens.hasExpired(token)).toBe(false);
  });
});

describe('settled()', () => {
  test('resolves only once the refresh and the saving of its tokens are done, and never rejects', async () => {
    let saved = false;
    let finishSave!: () => void;
    const tokens = new TokenManager({
      refreshToken: 'refresh-token-0',
      logger: new Logger({ write: () => {} }),
      fetchTokens: async () => ({ accessToken: 'a1', accessTokenExpireIn: 2_000_000_000, refreshToken: 'r1' }),
      onTokens: () =>
        new Promise<void>((resolve) => {
          finishSave = () => {
            saved = true;
            resolve();
          };
        }),
    });
    await tokens.settled(); // nothing in flight
    const access = tokens.accessToken();
    const settled = tokens.settled().then(() => saved);
    await new Promise((resolve) => setTimeout(resolve, 20));
    finishSave();
    expect(await settled).toBe(true);
    expect(await access).toBe('a1');

    const failing = new TokenManager({
      refreshToken: 'refresh-token-0',
      logger: new Logger({ write: () => {} }),
      fetchTokens: async () => {
        throw new Error('refused');
      },
    });
    const refresh = failing.accessToken().catch(() => 'failed');
    await expect(failing.settled()).resolves.toBeUndefined();
    expect(await refresh).toBe('failed');
  });
});
