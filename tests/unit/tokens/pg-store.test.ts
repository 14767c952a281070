import { validateConfig, type LoadedConfig } from '../../../src/config.js';
import { TapError } from '../../../src/errors.js';
import { Logger } from '../../../src/log.js';
import { redact } from '../../../src/redact.js';
import { RefreshRefusedError } from '../../../src/tiktok/errors.js';
import { TokenManager, type TokenSet } from '../../../src/tiktok/tokens.js';
import { tokenPersistence } from '../../../src/tokens/persistence.js';
import { PgGrantStore } from '../../../src/tokens/pg-grant-store.js';
import { recordGrant } from '../../../src/tokens/record-grant.js';
import { GRANTS_TABLE, grantToParams, INSERT_GRANT_SQL, DELETE_GRANTS_SQL } from '../../../src/tokens/pg-rows.js';
import { parsePgUrl, type PgUrl } from '../../../src/pg-url.js';
import { recordTokens, type StoreFile } from '../../../src/tokens/store.js';
import { describeWithPg, freshSchema, pgPassword, PG_URL, sql } from './pg-env.js';

const APP = 'app-pg';

/** A fake token service that, like TikTok (docs/tiktok-shop-api.md §1.2), retires a refresh token once used. */
class FakeAuth {
  issued = 0;
  private readonly live = new Set<string>(['refresh-0']);
  beforeNext: (() => Promise<void>) | undefined;
  constructor(private readonly delayMs = 0) {}
  fetch = async (refreshToken: string): Promise<TokenSet> => {
    const hook = this.beforeNext;
    this.beforeNext = undefined;
    await hook?.();
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (!this.live.delete(refreshToken)) {
      throw new RefreshRefusedError({ action: 'fatal', reason: 'refresh_failed', code: 36004004, message: 'Invalid refresh_token', endpoint: 'GET /api/v2/token/refresh', hint: 're-authorize' });
    }
    this.issued += 1;
    const next = `refresh-${this.issued}`;
    this.live.add(next);
    return { accessToken: `access-${this.issued}`, accessTokenExpireIn: Math.floor(Date.now() / 1000) + 7 * 86_400, refreshToken: next, openId: 'seller-a', sellerName: 'Seller A' };
  };
}

const parsed = (url: string): PgUrl => {
  const result = parsePgUrl(url);
  if ('problem' in result) throw new Error(result.problem);
  return result;
};

describeWithPg('token store in PostgreSQL (real database)', () => {
  let url = '';
  let drop: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    ({ url, drop } = await freshSchema('tap_unit'));
  });
  afterAll(() => drop());

  function setup(settings: Record<string, unknown> = {}): LoadedConfig {
    const raw = { app_key: APP, app_secret: 'secret-1', refresh_token: 'refresh-0', token_store_url: url, persist_tokens: false, ...settings };
    return { config: validateConfig(raw, { requireCredentials: true }), origins: {} };
  }

  async function manager(loaded: LoadedConfig, auth: FakeAuth) {
    const lines: string[] = [];
    const logger = new Logger({ write: (line) => lines.push(line) });
    const persistence = await tokenPersistence(loaded, logger);
    const tokens = new TokenManager({
      accessToken: persistence.start.accessToken,
      accessTokenExpireIn: persistence.start.accessTokenExpireIn,
      refreshToken: persistence.start.refreshToken,
      fetchTokens: auth.fetch,
      exchange: persistence.exchange,
      logger,
    });
    return { tokens, lines, persistence };
  }

  const storedGrants = () => sql<{ open_id: string; seller_name: string; refresh_token: string; retired: string[] }>(
    `SELECT open_id, seller_name, refresh_token, retired_refresh_token_hashes AS retired FROM ${GRANTS_TABLE} WHERE app_key = $1`,
    [APP],
    url,
  );

  beforeEach(async () => {
    const present = await sql<{ present: boolean }>(`SELECT to_regclass('${GRANTS_TABLE}') IS NOT NULL AS present`, [], url);
    if (present[0]?.present) await sql(DELETE_GRANTS_SQL, [APP], url);
  });

  test('the first read creates the table; a second run with the same stale config starts from the store (no lock-out)', async () => {
    const auth = new FakeAuth();
    const first = await manager(setup(), auth);
    expect(await sql(`SELECT to_regclass('${GRANTS_TABLE}') IS NOT NULL AS present`, [], url)).toEqual([{ present: true }]);
    expect(await first.tokens.accessToken()).toBe('access-1');
    // The config still holds refresh-0, which the first run rotated away.
    const second = await manager(setup(), auth);
    expect(second.persistence.start.source).toBe('store');
    expect(await second.tokens.accessToken()).toBe('access-1');
    expect(auth.issued).toBe(1);
    expect(await storedGrants()).toEqual([{ open_id: 'seller-a', seller_name: 'Seller A', refresh_token: 'refresh-1', retired: [expect.stringMatching(/^[0-9a-f]{64}$/)] }]);
    expect(first.lines.join('')).toMatch(/saved in the token store postgresql:\/\/\w+@127\.0\.0\.1:\d+\//);
  });

  test('two processes at once: one refreshes, the other waits for the lock and takes its tokens', async () => {
    const auth = new FakeAuth(300);
    const a = await manager(setup(), auth);
    const b = await manager(setup(), auth);
    const [ta, tb] = await Promise.all([a.tokens.accessToken(), b.tokens.accessToken()]);
    expect([ta, tb]).toEqual(['access-1', 'access-1']);
    expect(auth.issued).toBe(1);
    const lines = [...a.lines, ...b.lines].join('');
    expect(lines).toMatch(/using the access token another tap process just refreshed/);
  });

  test('a refresh token rotated meanwhile outside the lock: the refusal (36004004) re-reads the store instead of failing', async () => {
    const auth = new FakeAuth();
    const b = await manager(setup(), auth);
    // Another writer that does not take the lock rotates refresh-0 while b's refresh is on its way.
    auth.beforeNext = async () => {
      const theirs = await auth.fetch('refresh-0');
      const store = recordTokens({ version: 1, grants: [] }, APP, theirs, { usedRefreshToken: 'refresh-0', configRefreshToken: 'refresh-0', nowSec: Math.floor(Date.now() / 1000) });
      await sql(INSERT_GRANT_SQL, grantToParams(store.grants[0]!), url);
    };
    expect(await b.tokens.accessToken()).toBe('access-1');
    expect(auth.issued).toBe(1);
    expect(b.lines.join('')).toMatch(/the refresh token was rotated by another tap process; using the one in the token store/);
  });

  test('the lock is freed by the write (commit) and by a failure inside it (rollback)', async () => {
    const store = new PgGrantStore(parsed(url));
    await expect(store.locked(APP, async () => Promise.reject(new Error('refresh failed')))).rejects.toThrow('refresh failed');
    // Were the lock still held, this would wait its whole waitMs and throw token_store_locked.
    const empty: StoreFile = { version: 1, grants: [] };
    await expect(new PgGrantStore(parsed(url)).locked(APP, async (locked) => locked.write(empty), { waitMs: 2_000 })).resolves.toBeUndefined();
  });

  test('a lock held elsewhere: the waiter says so once and gives up after waitMs with one line', async () => {
    const holder = new PgGrantStore(parsed(url));
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let entered: () => void = () => undefined;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const holding = holder.locked(APP, async () => {
      entered();
      await held;
    });
    await inside;
    const waits: string[] = [];
    const error = await new PgGrantStore(parsed(url)).locked(APP, async () => 'never', { waitMs: 300, onWait: () => waits.push('told') }).catch((e: unknown) => e);
    release();
    await holding;
    expect(waits).toEqual(['told']);
    expect(error).toBeInstanceOf(TapError);
    expect((error as TapError).userLine()).toMatch(/^gave up after 1 s waiting for another tap process to finish refreshing the tokens in the token store postgresql:\/\/[^:]+@/);
  });

  test('recordGrant (authorize): a second seller is added beside the first, a re-authorization replaces only its seller', async () => {
    const store = new PgGrantStore(parsed(url));
    const now = Math.floor(Date.now() / 1000);
    const grant = (n: number, openId: string): TokenSet => ({ accessToken: `acc-${n}`, accessTokenExpireIn: now + 3600, refreshToken: `ref-${n}`, openId, sellerName: `Seller ${openId}` });
    await recordGrant(store, APP, grant(1, 'seller-a'));
    await recordGrant(store, APP, grant(2, 'seller-b'));
    await recordGrant(store, APP, grant(3, 'seller-a'));
    const rows = await sql<{ open_id: string; refresh_token: string }>(`SELECT open_id, refresh_token FROM ${GRANTS_TABLE} WHERE app_key = $1 ORDER BY open_id`, [APP], url);
    expect(rows).toEqual([{ open_id: 'seller-a', refresh_token: 'ref-3' }, { open_id: 'seller-b', refresh_token: 'ref-2' }]);
    expect((await store.read('another-app')).grants).toEqual([]);
  });

  test('connection failures are one line naming token_store_url and the fix, never the password', async () => {
    const password = pgPassword();
    const base = new URL(PG_URL!);
    const cases: Array<[string, (u: URL) => void, RegExp]> = [
      ['wrong password', (u) => (u.password = 'not-the-password-123'), /the server refused the login .* — fix the user and password in token_store_url/],
      ['no such database', (u) => (u.pathname = '/no_such_db_here'), /database "no_such_db_here" does not exist — create that database/],
      ['nothing listening', (u) => (u.port = '1'), /cannot reach the PostgreSQL server \(ECONNREFUSED\) — start PostgreSQL there, or fix the host and port in token_store_url/],
    ];
    for (const [what, change, expected] of cases) {
      const u = new URL(base);
      change(u);
      const error = await new PgGrantStore(parsed(u.toString()), { connectTimeoutMs: 5_000 }).read(APP).catch((e: unknown) => e);
      expect([what, error instanceof TapError]).toEqual([what, true]);
      const line = redact((error as TapError).userLine());
      expect([what, line]).toEqual([what, expect.stringMatching(expected)]);
      expect([what, line]).toEqual([what, expect.stringContaining('(token_store_url)')]);
      expect(line).not.toContain(password);
      expect(line).not.toContain('not-the-password-123');
      expect(line).not.toContain('\n');
    }
  });
});
