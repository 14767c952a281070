import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TapError } from '../../../src/errors.js';
import type { TokenSet } from '../../../src/tiktok/tokens.js';
import { emptyStore, findGrant, hashToken, readStore, recordTokens, startTokens, writeStore, type StoreFile } from '../../../src/tokens/store.js';
import { FileGrantStore } from '../../../src/tokens/file-grant-store.js';
import { recordGrant } from '../../../src/tokens/record-grant.js';
import { tokenStoreLocation } from '../../../src/tokens/store-path.js';

const NOW = 1_800_000_000;
const APP = 'app-1';
const tempDir = () => mkdtempSync(join(tmpdir(), 'tap-store-'));
const tokens = (n: number, extra: Partial<TokenSet> = {}): TokenSet => ({
  accessToken: `access-${n}`,
  accessTokenExpireIn: NOW + 7 * 86_400 + n,
  refreshToken: `refresh-${n}`,
  refreshTokenExpireIn: NOW + 365 * 86_400,
  ...extra,
});

/** A store after the config's refresh-0 was refreshed `rotations` times. */
function rotated(rotations: number, openId = 'seller-a'): StoreFile {
  let store = emptyStore();
  for (let n = 1; n <= rotations; n++) {
    store = recordTokens(store, APP, tokens(n, { openId }), { usedRefreshToken: `refresh-${n - 1}`, configRefreshToken: 'refresh-0', nowSec: NOW });
  }
  return store;
}

describe('which tokens win at start', () => {
  test('a config refresh token the store derived its tokens from: the store wins', () => {
    const start = startTokens(rotated(3), APP, { refreshToken: 'refresh-0' });
    expect(start).toEqual({ source: 'store', refreshToken: 'refresh-3', accessToken: 'access-3', accessTokenExpireIn: NOW + 7 * 86_400 + 3 });
  });

  test('a config holding a refresh token the store rotated away (an old write-back): the store wins', () => {
    expect(startTokens(rotated(3), APP, { refreshToken: 'refresh-2', accessToken: 'access-2' }).refreshToken).toBe('refresh-3');
  });

  test('a refresh token the store has never seen (a re-authorization): the config wins', () => {
    const start = startTokens(rotated(3), APP, { refreshToken: 'brand-new-refresh', accessToken: 'brand-new-access' });
    expect(start).toEqual({ source: 'config', refreshToken: 'brand-new-refresh', accessToken: 'brand-new-access', accessTokenExpireIn: undefined });
  });

  test('the same refresh token in both: the access token that lives longer wins', () => {
    const store = rotated(1);
    expect(startTokens(store, APP, { refreshToken: 'refresh-1', accessToken: 'newer', accessTokenExpireIn: NOW + 8 * 86_400 }).accessToken).toBe('newer');
    expect(startTokens(store, APP, { refreshToken: 'refresh-1', accessToken: 'older', accessTokenExpireIn: NOW }).accessToken).toBe('access-1');
  });

  test('a config with no token starts from the app\'s one grant; none or several is a one-line error naming the store', () => {
    expect(startTokens(rotated(2), APP, {}, '/s/tokens.json')).toMatchObject({ source: 'store', refreshToken: 'refresh-2' });
    const none = () => startTokens(rotated(2), 'other-app', {}, '/s/tokens.json');
    expect(none).toThrow(TapError);
    expect(none).toThrow(/no refresh_token in the config, and the token store \/s\/tokens.json holds no grant for this app_key/);
    const two = recordTokens(rotated(1, 'seller-a'), APP, tokens(9, { openId: 'seller-b', sellerName: 'Shop B' }), { nowSec: NOW });
    expect(() => startTokens(two, APP, {}, '/s/tokens.json')).toThrow(/holds 2 grants for this app_key \(sellers: seller-a, Shop B\)/);
    // An access token alone still comes from the config, as before.
    expect(startTokens(two, APP, { accessToken: 'a' }).source).toBe('config');
  });

  test('grants of another app never match', () => {
    expect(startTokens(rotated(2), 'other-app', { refreshToken: 'refresh-0' }).source).toBe('config');
  });

  test('the config refresh token is remembered however many rotations follow (short-lived tokens rotate often)', () => {
    const store = rotated(300);
    expect(store.grants).toHaveLength(1);
    expect(findGrant(store, APP, 'refresh-0')?.relation).toBe('config');
    expect(startTokens(store, APP, { refreshToken: 'refresh-0' }).refreshToken).toBe('refresh-300');
  });
});

describe('recording new tokens', () => {
  test('a re-authorization of the same seller replaces its grant and keeps its history: an old config copy is still old', () => {
    let store = rotated(2);
    // The seller re-authorized; the new refresh token went into the config and was refreshed once.
    store = recordTokens(store, APP, tokens(10, { openId: 'seller-a' }), { usedRefreshToken: 'reauth-refresh', configRefreshToken: 'reauth-refresh', nowSec: NOW });
    expect(store.grants).toHaveLength(1);
    expect(startTokens(store, APP, { refreshToken: 'refresh-0' }).refreshToken).toBe('refresh-10');
    expect(startTokens(store, APP, { refreshToken: 'reauth-refresh' }).refreshToken).toBe('refresh-10');
  });

  test('different sellers of one app keep separate grants', () => {
    let store = rotated(1, 'seller-a');
    store = recordTokens(store, APP, tokens(20, { openId: 'seller-b' }), { usedRefreshToken: 'b-0', configRefreshToken: 'b-0', nowSec: NOW });
    expect(store.grants.map((g) => g.open_id).sort()).toEqual(['seller-a', 'seller-b']);
    expect(startTokens(store, APP, { refreshToken: 'refresh-0' }).refreshToken).toBe('refresh-1');
    expect(startTokens(store, APP, { refreshToken: 'b-0' }).refreshToken).toBe('refresh-20');
  });

  test('grants whose refresh token expired are dropped', () => {
    let store = recordTokens(emptyStore(), APP, tokens(1, { openId: 'gone', refreshTokenExpireIn: NOW - 1 }), { nowSec: NOW - 10 });
    store = recordTokens(store, APP, tokens(2, { openId: 'live' }), { nowSec: NOW });
    expect(store.grants.map((g) => g.open_id)).toEqual(['live']);
  });

  test('the store holds hashes of old refresh tokens, never the tokens themselves', () => {
    const text = JSON.stringify(rotated(3));
    for (const old of ['refresh-0', 'refresh-1', 'refresh-2']) expect(text).not.toContain(`"${old}"`);
    expect(text).toContain(hashToken('refresh-0'));
  });
});

describe('the store file', () => {
  test('is written with mode 0600 and read back the same', () => {
    const path = join(tempDir(), 'deep', 'tokens.json');
    writeStore(path, rotated(2));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readStore(path).grants).toEqual(rotated(2).grants.map((g) => ({ ...g })));
  });

  test('a missing store is empty; a broken one is one clear error (never silently replaced)', () => {
    const dir = tempDir();
    expect(readStore(join(dir, 'none.json')).grants).toEqual([]);
    writeFileSync(join(dir, 'bad.json'), '{"version":1,"grants":[');
    expect(() => readStore(join(dir, 'bad.json'))).toThrow(TapError);
    expect(() => readStore(join(dir, 'bad.json'))).toThrow(/token store .*bad.json is not valid JSON/);
    writeFileSync(join(dir, 'other.json'), '{"refresh_token":"x"}');
    expect(() => readStore(join(dir, 'other.json'))).toThrow(/is not a tap-tiktok-shop token store/);
  });

  test('recordGrant into the file store (what authorize does) writes a grant a config holding that refresh token then starts from', async () => {
    const path = join(tempDir(), 'tokens.json');
    await recordGrant(new FileGrantStore(path), APP, tokens(1, { openId: 'seller-a', sellerName: 'Acme' }));
    const store = readStore(path);
    expect(store.grants[0]).toMatchObject({ app_key: APP, open_id: 'seller-a', seller_name: 'Acme', refresh_token: 'refresh-1' });
    expect(startTokens(store, APP, { refreshToken: 'refresh-1' }).source).toBe('store');
    // A later authorization of the same seller replaces it, and the earlier refresh token is known as old.
    await recordGrant(new FileGrantStore(path), APP, tokens(2, { openId: 'seller-a' }));
    expect(readStore(path).grants).toHaveLength(1);
    expect(startTokens(readStore(path), APP, { refreshToken: 'refresh-1' }).refreshToken).toBe('refresh-2');
    expect(readFileSync(path, 'utf8')).not.toContain('"refresh-1"');
  });

  test('authorizing a second seller with a config holding the first seller\'s token leaves that token to the first seller', () => {
    let store = recordTokens(emptyStore(), APP, tokens(1, { openId: 'seller-a' }), { nowSec: NOW });
    // The config holds seller A's token (authorize wrote it there); authorize now adds seller B with that config.
    store = recordTokens(store, APP, tokens(9, { openId: 'seller-b' }), { configRefreshToken: 'refresh-1', nowSec: NOW });
    // Seller A refreshes later; a config still holding refresh-1 is A's old token, not B's.
    store = recordTokens(store, APP, tokens(2, { openId: 'seller-a' }), { usedRefreshToken: 'refresh-1', nowSec: NOW });
    expect(store.grants.map((g) => g.open_id).sort()).toEqual(['seller-a', 'seller-b']);
    expect(findGrant(store, APP, 'refresh-1')?.grant.open_id).toBe('seller-a');
    expect(startTokens(store, APP, { refreshToken: 'refresh-1' }).refreshToken).toBe('refresh-2');
  });
});

describe('where the store lives', () => {
  test('the setting wins, relative to the working directory', () => {
    expect(tokenStoreLocation({ token_store_path: 'state/tokens.json' }, { MELTANO_SYS_DIR_ROOT: '/p/.meltano' }, '/work')).toEqual({ path: '/work/state/tokens.json', source: 'setting' });
  });

  test("under Meltano: in its system dir, beside (not inside) run/, whose per-run copies Meltano deletes", () => {
    expect(tokenStoreLocation({}, { MELTANO_SYS_DIR_ROOT: '/p/.meltano', MELTANO_PROJECT_ROOT: '/p' }, '/x')?.path).toBe('/p/.meltano/tap-tiktok-shop/tokens.json');
    expect(tokenStoreLocation({}, { MELTANO_PROJECT_ROOT: '/p' }, '/x')?.path).toBe('/p/.meltano/tap-tiktok-shop/tokens.json');
  });

  test('elsewhere: none', () => {
    expect(tokenStoreLocation({}, {}, '/x')).toBeUndefined();
  });
});
