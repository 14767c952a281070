import { authHints } from '../../../src/tiktok/auth-hints.js';

describe('auth hints name the fix for the deployment the run is in', () => {
  test.each([
    [{ store: 'config', meltano: false } as const, /tap-tiktok-shop authorize --config .*writes the new refresh_token to the config file/],
    [{ store: 'config', meltano: true } as const, /meltano invoke tap-tiktok-shop authorize.*set the new refresh_token with meltano config/],
    [{ store: 'file', meltano: false } as const, /tap-tiktok-shop authorize --config .*token store \(token_store_path\).*no token needs to go in the config/],
    [{ store: 'file', meltano: true } as const, /meltano invoke tap-tiktok-shop authorize.*token store \(token_store_path\)/],
    [{ store: 'url', meltano: false } as const, /token store \(token_store_url\)/],
  ])('%j: a lost grant', (home, expected) => {
    expect(authHints(home).reauthorize).toMatch(expected);
  });

  test('a wrong secret is fixed in the secret, with the command of the deployment, never by re-authorizing', () => {
    expect(authHints({ store: 'config', meltano: false }).appSecret).toMatch(/set app_secret in the config/);
    expect(authHints({ store: 'file', meltano: true }).appSecret).toMatch(/meltano config set tap-tiktok-shop app_secret/);
    for (const home of [{ store: 'config', meltano: false }, { store: 'url', meltano: true }] as const) expect(authHints(home).appSecret).not.toMatch(/authorize/);
  });
});
