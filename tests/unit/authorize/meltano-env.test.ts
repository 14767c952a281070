import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { meltanoEnvTarget, setMeltanoEnv } from '../../../src/authorize/meltano-env.js';

describe("the refresh token in Meltano's .env", () => {
  test('named after the plugin, as Meltano names setting variables; none outside Meltano', () => {
    expect(meltanoEnvTarget({})).toBeUndefined();
    expect(meltanoEnvTarget({ MELTANO_PROJECT_ROOT: '/p' })).toEqual({ path: '/p/.env', variable: 'TAP_TIKTOK_SHOP_REFRESH_TOKEN' });
    expect(meltanoEnvTarget({ MELTANO_PROJECT_ROOT: '/p', MELTANO_EXTRACTOR_NAME: 'tap-tiktok-shop--eu' })?.variable).toBe('TAP_TIKTOK_SHOP__EU_REFRESH_TOKEN');
  });

  test('replaces the variable, keeps every other line; a new .env is 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tap-dotenv-'));
    const path = join(dir, '.env');
    writeFileSync(path, "A='1'\nexport TAP_TIKTOK_SHOP_REFRESH_TOKEN='old'\n# comment\n");
    setMeltanoEnv({ path, variable: 'TAP_TIKTOK_SHOP_REFRESH_TOKEN' }, 'TTP_new_token');
    expect(readFileSync(path, 'utf8')).toBe("A='1'\nTAP_TIKTOK_SHOP_REFRESH_TOKEN='TTP_new_token'\n# comment\n");

    const fresh = join(mkdtempSync(join(tmpdir(), 'tap-dotenv-')), '.env');
    setMeltanoEnv({ path: fresh, variable: 'X_REFRESH_TOKEN' }, 'TTP_abc');
    expect(readFileSync(fresh, 'utf8')).toBe("X_REFRESH_TOKEN='TTP_abc'\n");
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    expect(() => setMeltanoEnv({ path: fresh, variable: 'X_REFRESH_TOKEN' }, "it's")).toThrow();
  });
});
