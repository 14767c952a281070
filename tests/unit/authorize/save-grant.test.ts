import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
    const destination = grantDestination(loaded, [base, tokens], {});
    expect(destination).toEqual({ storePath: undefined, configPath: tokens });
    await saveAuthorizedGrant(loaded, destination, grant, new Logger({ write: () => {} }));
    expect(JSON.parse(readFileSync(tokens, 'utf8'))).toEqual({ refresh_token: grant.refreshToken, access_token: grant.accessToken, access_token_expire_in: grant.accessTokenExpireIn });
    expect(statSync(tokens).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(base, 'utf8'))).toEqual({ app_key: 'k', app_secret: 's', start_date: '2024-01-01' });
    expect(loaded.config.refresh_token).toBe(grant.refreshToken);
  });

  test('a token from the environment would win over the file: refused up front', () => {
    const path = configFile({ app_key: 'k', app_secret: 's' });
    const loaded = load([path, 'ENV'], { TAP_TIKTOK_SHOP_REFRESH_TOKEN: 'TTP_env_refresh_token' });
    expect(() => grantDestination(loaded, [path, 'ENV'], {})).toThrow(/set in the environment/);
  });

  test('a write that fails after the exchange says the code is spent, without any token', async () => {
    const path = configFile({ app_key: 'k', app_secret: 's' });
    const loaded = load([path]);
    const destination = grantDestination(loaded, [path], {});
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
