import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { describeWithPg, freshSchema, sql } from '../unit/tokens/pg-env.js';
import { parseMessages, runTap, tempDir, writeJson, type TapResult } from './run-tap.js';
import { E2E_ANALYTICS_HISTORY_DAYS } from './sandbox-config.js';

/**
 * An agency: one app, several sellers, each authorized once with `authorize` into one token store, then synced in
 * one run with `sellers`. Built binary against a sandbox serving three sellers (--sellers), with the file store
 * and with the PostgreSQL one.
 */
const SANDBOX = { seed: 29, shops: 5, sellers: 3, orders: 4, products: 2, days: 10 };

interface Grant {
  open_id: string;
  refresh_token: string;
  access_token: string;
  access_token_expire_in: number;
}

async function authCode(sandbox: SandboxHandle, seller: number): Promise<string> {
  const response = await fetch(`${sandbox.info.base_url}/__sandbox/auth_code`, { method: 'POST', body: JSON.stringify({ seller }) });
  return ((await response.json()) as { data: { auth_code: string } }).data.auth_code;
}

function config(sandbox: SandboxHandle, dir: string, store: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return writeJson(dir, 'config.json', {
    app_key: sandbox.info.app_key,
    app_secret: sandbox.info.app_secret,
    service_id: '7000000000000000029',
    api_base_url: sandbox.info.base_url,
    auth_base_url: sandbox.info.auth_base_url,
    start_date: '2024-01-01',
    progress_interval: 0,
    // The syncs here are about sellers and their grants, not analytics days (see sandbox-config.ts).
    analytics_history_days: E2E_ANALYTICS_HISTORY_DAYS,
    ...store,
    ...extra,
  });
}

const shopIdsOf = (sandbox: SandboxHandle, seller?: number) => sandbox.store.shops(seller).map((s) => s.id).sort();
const syncedShops = (result: TapResult) =>
  parseMessages(result.stdout).filter((m) => m.type === 'RECORD' && m.stream === 'shops').map((m) => String(m.record!.id)).sort();
const tail = (result: TapResult) => result.stderr.slice(-1500);

/** Authorizes sellers 1..3 one after the other, checking each leaves the grants before it untouched. */
async function authorizeAll(sandbox: SandboxHandle, dir: string, store: Record<string, unknown>, grants: () => Promise<Grant[]>): Promise<void> {
  for (const seller of [1, 2, 3]) {
    const before = await grants();
    const path = config(sandbox, dir, store, JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8').toString() || '{}') as Record<string, unknown>);
    const result = await runTap(['authorize', '--config', path, '--code', await authCode(sandbox, seller)], { cwd: dir });
    expect({ seller, code: result.code, tail: result.code === 0 ? '' : tail(result) }).toEqual({ seller, code: 0, tail: '' });
    for (const id of shopIdsOf(sandbox, seller - 1)) expect(result.stderr).toContain(`shop ${id}`);
    const after = await grants();
    expect(after).toHaveLength(seller);
    // The sellers authorized before keep their grant exactly as it was.
    for (const earlier of before) expect(after).toContainEqual(expect.objectContaining({ open_id: earlier.open_id, refresh_token: earlier.refresh_token }));
  }
}

describe('several sellers in one run, file token store (built binary against a three-seller sandbox)', () => {
  let sandbox: SandboxHandle;
  let dir = '';
  const storePath = () => join(dir, 'tokens.json');
  const grants = async (): Promise<Grant[]> => {
    try {
      return (JSON.parse(readFileSync(storePath(), 'utf8')) as { grants: Grant[] }).grants;
    } catch {
      return [];
    }
  };

  beforeAll(async () => {
    sandbox = await startSandbox(SANDBOX);
    dir = tempDir('tap-sellers-');
    writeFileSync(join(dir, 'config.json'), '{}');
    await authorizeAll(sandbox, dir, { token_store_path: 'tokens.json' }, grants);
  }, 120_000);
  afterAll(async () => {
    await sandbox.close();
  });

  test('sellers: all syncs the shops of every authorized seller', async () => {
    const path = config(sandbox, dir, { token_store_path: 'tokens.json' }, { sellers: 'all' });
    const result = await runTap(['--config', path], { cwd: dir, timeoutMs: 180_000 });
    expect({ code: result.code, tail: result.code === 0 ? '' : tail(result) }).toEqual({ code: 0, tail: '' });
    expect(syncedShops(result)).toEqual(shopIdsOf(sandbox));
    expect(parseMessages(result.stdout).some((m) => m.type === 'RECORD' && m.stream === 'orders')).toBe(true);
  }, 200_000);

  test('sellers named by open_id sync those sellers\' shops only', async () => {
    const second = (await grants()).find((g) => g.open_id.startsWith('7391048820512'))!;
    const path = config(sandbox, dir, { token_store_path: 'tokens.json' }, { sellers: [second.open_id] });
    const result = await runTap(['--config', path], { cwd: dir, timeoutMs: 180_000 });
    expect({ code: result.code, tail: result.code === 0 ? '' : tail(result) }).toEqual({ code: 0, tail: '' });
    expect(syncedShops(result)).toEqual(shopIdsOf(sandbox, 1));
  }, 200_000);

  test('--test lists every seller and each of its shops', async () => {
    const path = config(sandbox, dir, { token_store_path: 'tokens.json' }, { sellers: ['all'] });
    const result = await runTap(['--config', path, '--test'], { cwd: dir });
    expect({ code: result.code, tail: result.code === 0 ? '' : tail(result) }).toEqual({ code: 0, tail: '' });
    for (const grant of await grants()) {
      expect(result.stderr).toMatch(new RegExp(`seller .*open_id ${grant.open_id}\\): \\d shop\\(s\\)`));
    }
    for (const id of shopIdsOf(sandbox)) expect(result.stderr).toMatch(new RegExp(`seller .*: ok: shop ${id}`));
  });

  test('a seller whose grant was revoked is skipped with one line and exit 3; the others sync', async () => {
    const runDir = tempDir('tap-sellers-revoked-');
    const store = JSON.parse(readFileSync(storePath(), 'utf8')) as { grants: Grant[] };
    const revoked = store.grants.find((g) => g.open_id.startsWith('7391048820513'))!;
    // Its access token has expired and its refresh token is one TikTok no longer knows.
    revoked.access_token = 'TTP_expired_access_token_of_seller_3';
    revoked.access_token_expire_in = Math.floor(Date.now() / 1000) - 60;
    revoked.refresh_token = 'TTP_revoked_refresh_token_of_seller_3';
    writeFileSync(join(runDir, 'tokens.json'), JSON.stringify(store), { mode: 0o600 });
    const path = config(sandbox, runDir, { token_store_path: 'tokens.json' }, { sellers: ['all'] });
    const result = await runTap(['--config', path], { cwd: runDir, timeoutMs: 180_000 });
    expect({ code: result.code, tail: tail(result) }).toEqual({ code: 3, tail: expect.stringContaining('skipped') });
    const skipLines = result.stderr.split('\n').filter((line) => line.includes(`open_id ${revoked.open_id}) skipped`));
    expect(skipLines).toHaveLength(1);
    expect(skipLines[0]).toMatch(/authorize the app again/);
    expect(syncedShops(result)).toEqual([...shopIdsOf(sandbox, 0), ...shopIdsOf(sandbox, 1)].sort());
    expect(result.stderr).not.toContain('TTP_revoked_refresh_token_of_seller_3');
  }, 200_000);

  test('sellers naming a seller the store does not hold: one line listing the sellers it holds, exit 1', async () => {
    const path = config(sandbox, dir, { token_store_path: 'tokens.json' }, { sellers: ['no-such-seller'] });
    const result = await runTap(['--config', path], { cwd: dir });
    expect(result.code).toBe(1);
    const critical = result.stderr.split('\n').filter((line) => line.includes('CRITICAL'));
    expect(critical).toHaveLength(1);
    expect(critical[0]).toMatch(/"sellers" names "no-such-seller", which the token store .* holds no grant for \(it holds: .*open_id 7391048820511/);
  });
});

describeWithPg('several sellers in one run, PostgreSQL token store', () => {
  let sandbox: SandboxHandle;
  let url = '';
  let drop: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    ({ url, drop } = await freshSchema('tap_sellers'));
    sandbox = await startSandbox(SANDBOX);
  });
  afterAll(async () => {
    await sandbox.close();
    await drop();
  });

  test('authorize adds each seller to the database store without touching the others; sellers: all then syncs every shop', async () => {
    const dir = tempDir('tap-sellers-pg-');
    writeFileSync(join(dir, 'config.json'), '{}');
    const grants = async (): Promise<Grant[]> => {
      const [table] = await sql<{ present: boolean }>("SELECT to_regclass('tap_tiktok_shop_grants') IS NOT NULL AS present", [], url);
      if (!table?.present) return [];
      return sql<Grant>('SELECT open_id, refresh_token, access_token, access_token_expire_in FROM tap_tiktok_shop_grants WHERE app_key = $1', [sandbox.info.app_key], url);
    };
    await authorizeAll(sandbox, dir, { token_store_url: url }, grants);
    const path = config(sandbox, dir, { token_store_url: url }, { sellers: ['all'] });
    const result = await runTap(['--config', path], { cwd: dir, timeoutMs: 180_000 });
    expect({ code: result.code, tail: result.code === 0 ? '' : tail(result) }).toEqual({ code: 0, tail: '' });
    expect(syncedShops(result)).toEqual(shopIdsOf(sandbox));
  }, 300_000);
});
