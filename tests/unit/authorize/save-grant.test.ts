import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuthorizedGrant } from '../../../src/authorize/exchange.js';
import { grantDestination, saveAuthorizedGrant } from '../../../src/authorize/save-grant.js';
import { loadRawConfig, validateConfig, type LoadedConfig } from '../../../src/config.js';
import { TapError } from '../../../src/errors.js';
import { Logger } from '../../../src/log.js';

const grant: AuthorizedGrant = {
  accessToken: 'TTP_access_token_value_1234',
  accessTokenExpireIn: 2_000_000_000,
  refreshToken: 'TTP_refresh_token_value_5678',
  refreshTokenExpireIn: 2_100_000_000,
  openId: '1',
  sellerName: 'Seller',
  sellerBaseRegion: 'US',
  userType: 0,
  grantedScopes: [],
};

function load(sources: string[], env: NodeJS.ProcessEnv = {}): LoadedConfig {
  const { raw, origins } = loadRawConfig(sources, env, tmpdir());
  return { config: validateConfig(raw, { requireCredentials: false }), origins };
}

function configFile(content: object): string {
  const path = join(mkdtempSync(join(tmpdir(), 'tap-save-grant-')), 'config.json');
  writeFileSync(path, JSON.stringify(content), { mode: 0o644 });
  return path;
}

describe('saving the grant into the config file', () => {
  test('written into the file that held the tokens, 0600, other keys kept', async () => {
    const base = configFile({ app_key: 'k', app_secret: 's', start_date: '2024-01-01' });
    const tokens = configFile({ refresh_token: 'TTP_old_refresh_token' });
    const loaded = load([base, tokens]);
    const destination = await grantDestination(loaded, [base, tokens], {});
    expect(destination).toEqual({ store: undefined, configPath: tokens });
    await saveAuthorizedGrant(loaded, destination, grant, new Logger({ write: () => {} }));
    expect(JSON.parse(readFileSync(tokens, 'utf8'))).toEqual({ refresh_token: grant.refreshToken, access_token: grant.accessToken, access_token_expire_in: grant.accessTokenExpireIn });
    expect(statSync(tokens).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(base, 'utf8'))).toEqual({ app_key: 'k', app_secret: 's', start_date: '2024-01-01' });
    expect(loaded.config.refresh_token).toBe(grant.refreshToken);
  });

  test('a token from the environment would win over the file: refused up front', async () => {
    const path = configFile({ app_key: 'k', app_secret: 's' });
    const loaded = load([path, 'ENV'], { TAP_TIKTOK_SHOP_REFRESH_TOKEN: 'TTP_env_refresh_token' });
    await expect(grantDestination(loaded, [path, 'ENV'], {})).rejects.toThrow(/set in the environment/);
  });

  test('a write that fails after the exchange says the code is spent, without any token', async () => {
    const path = configFile({ app_key: 'k', app_secret: 's' });
    const loaded = load([path]);
    const destination = await grantDestination(loaded, [path], {});
    writeFileSync(path, '{ not json');
    let error: unknown;
    try {
      await saveAuthorizedGrant(loaded, destination, grant, new Logger({ write: () => {} }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TapError);
    expect((error as TapError).code).toBe('AUTH_SAVE_FAILED');
    expect((error as TapError).userLine()).toMatch(/code is used up/);
    expect((error as TapError).userLine()).not.toContain(grant.refreshToken);
  });
});

describe('saving the grant with a token store', () => {
  test('a store whose directory takes no new file is refused before the code is spent', async () => {
    // /proc/self exists, but no file can be created in it, not even by root (for whom access() says yes).
    const path = configFile({ app_key: 'k', app_secret: 's', token_store_path: '/proc/self/tokens.json' });
    const loaded = load([path]);
    let error: unknown;
    try {
      await grantDestination(loaded, [path], {});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TapError);
    expect((error as TapError).code).toBe('AUTH_NOWHERE_TO_SAVE');
    expect((error as TapError).userLine()).toMatch(/token store \/proc\/self\/tokens\.json cannot be written/);
  });

  test('a store write that still fails after the exchange leaves the grant in the config, and says so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tap-save-grant-store-'));
    const store = join(dir, 'tokens.json');
    const path = configFile({ app_key: 'k', app_secret: 's', token_store_path: store });
    const loaded = load([path]);
    const destination = await grantDestination(loaded, [path], {});
    expect(destination.store?.where).toBe(store);
    expect(destination.configPath).toBe(path);
    mkdirSync(store); // the store turns into a directory between the check and the write
    const lines: string[] = [];
    const where = await saveAuthorizedGrant(loaded, destination, grant, new Logger({ write: (line) => lines.push(line) }));
    expect(where).toBe(`config file ${path} (mode 0600)`);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ refresh_token: grant.refreshToken });
    expect(lines.join('')).toMatch(/WARNING .*token store .* could not be written.*config file/);
    expect(lines.join('')).not.toContain(grant.refreshToken);
  });
});

