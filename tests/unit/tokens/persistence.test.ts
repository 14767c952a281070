import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig, type LoadedConfig } from '../../../src/config.js';
import { TapError } from '../../../src/errors.js';
import { Logger } from '../../../src/log.js';
import { RefreshRefusedError } from '../../../src/tiktok/errors.js';
import { TokenManager, type TokenSet } from '../../../src/tiktok/tokens.js';
import { tokenPersistence } from '../../../src/tokens/persistence.js';
import { readStore, recordTokens, writeStore } from '../../../src/tokens/store.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'tap-persist-'));
const APP = 'app-1';

/** A fake token service that, like TikTok (§1.2), retires a refresh token once used. */
class FakeAuth {
  issued = 0;
  private readonly live = new Set<string>(['refresh-0']);
  /** Runs once, just before the next refresh is answered. */
  beforeNext: (() => Promise<void>) | undefined;
  constructor(private readonly lifetimeSec = 7 * 86_400, private readonly delayMs = 0) {}
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
    return { accessToken: `access-${this.issued}`, accessTokenExpireIn: Math.floor(Date.now() / 1000) + this.lifetimeSec, refreshToken: next, openId: 'seller-a' };
  };
}

function setup(settings: Record<string, unknown>, dir = tempDir(), configName = 'config.json') {
  mkdirSync(dir, { recursive: true });
  const raw = { app_key: APP, app_secret: 'secret-1', refresh_token: 'refresh-0', ...settings };
  const path = join(dir, configName);
  writeFileSync(path, JSON.stringify(raw));
  const loaded: LoadedConfig = { config: validateConfig(raw, { requireCredentials: true }), origins: { refresh_token: { kind: 'file', path } } };
  return { loaded, path, dir };
}

async function manager(loaded: LoadedConfig, auth: FakeAuth, env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const logger = new Logger({ write: (line) => lines.push(line) });
  const persistence = await tokenPersistence(loaded, logger, { env, cwd: tempDir() });
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

describe('token store in a run', () => {
  test('a second run with the same (stale) config starts from the store: no lock-out', async () => {
    const auth = new FakeAuth();
    const store = join(tempDir(), 'tokens.json');
    const first = await manager(setup({ token_store_path: store, persist_tokens: false }).loaded, auth);
    expect(await first.tokens.accessToken()).toBe('access-1');
    // The config still holds refresh-0, which the first run rotated away.
    const second = await manager(setup({ token_store_path: store, persist_tokens: false }).loaded, auth);
    expect(second.persistence.start.source).toBe('store');
    expect(await second.tokens.accessToken()).toBe('access-1');
    expect(auth.issued).toBe(1);
    expect(readStore(store).grants[0]).toMatchObject({ refresh_token: 'refresh-1', open_id: 'seller-a' });
  });

  test('two processes sharing a store: one refreshes, the other waits and takes its tokens', async () => {
    const auth = new FakeAuth(7 * 86_400, 200);
    const store = join(tempDir(), 'tokens.json');
    const a = await manager(setup({ token_store_path: store }).loaded, auth);
    const b = await manager(setup({ token_store_path: store }).loaded, auth);
    const [ta, tb] = await Promise.all([a.tokens.accessToken(), b.tokens.accessToken()]);
    expect([ta, tb]).toEqual(['access-1', 'access-1']);
    expect(auth.issued).toBe(1);
    expect([...a.lines, ...b.lines].join('')).toMatch(/using the access token another tap process just refreshed/);
  });

  test('a process that read the store before another refreshed re-reads it under the lock and does not refresh again', async () => {
    const auth = new FakeAuth();
    const store = join(tempDir(), 'tokens.json');
    const a = await manager(setup({ token_store_path: store }).loaded, auth);
    const b = await manager(setup({ token_store_path: store }).loaded, auth); // read the (empty) store before a refreshed
    await a.tokens.accessToken();
    // b still believes in refresh-0; it asks for a refresh because the API refused its (absent) token.
    expect((await b.tokens.refresh('the API rejected the access token')).accessToken).toBe('access-1');
    expect(auth.issued).toBe(1);
  });

  test('a refresh token rotated meanwhile outside the lock: the refusal (36004004) re-reads the store instead of failing', async () => {
    const auth = new FakeAuth();
    const store = join(tempDir(), 'tokens.json');
    const b = await manager(setup({ token_store_path: store }).loaded, auth);
    // Another process (one that broke our lock as stale, say) rotates refresh-0 while b's refresh is on its way.
    auth.beforeNext = async () => {
      const theirs = await auth.fetch('refresh-0');
      writeStore(store, recordTokens(readStore(store), APP, theirs, { usedRefreshToken: 'refresh-0', configRefreshToken: 'refresh-0', nowSec: Math.floor(Date.now() / 1000) }));
    };
    expect(await b.tokens.accessToken()).toBe('access-1');
    expect(auth.issued).toBe(1);
    expect(b.lines.join('')).toMatch(/the refresh token was rotated by another tap process; using the one in the token store/);
  });

  test('a refresh made with a stale refresh token uses the one in the store when its access token will not do', async () => {
    const auth = new FakeAuth(7 * 86_400);
    const store = join(tempDir(), 'tokens.json');
    const a = await manager(setup({ token_store_path: store }).loaded, auth);
    const b = await manager(setup({ token_store_path: store }).loaded, auth);
    const first = await a.tokens.accessToken();
    // b's request with a's token was refused: b must refresh, with the store's refresh token, not its retired one.
    const again = await b.tokens.refresh('the API rejected the access token', first);
    expect(again.accessToken).toBe('access-2');
    expect(auth.issued).toBe(2);
    expect(readStore(store).grants[0]!.refresh_token).toBe('refresh-2');
  });

  test('under Meltano (its environment, no setting) the store defaults to its system dir', async () => {
    const project = tempDir();
    const auth = new FakeAuth();
    const env = { MELTANO_PROJECT_ROOT: project, MELTANO_SYS_DIR_ROOT: join(project, '.meltano') };
    const run = setup({}, join(project, '.meltano', 'run', 'tap-tiktok-shop'), 'tap.1234.config.json');
    const m = await manager(run.loaded, auth, env);
    await m.tokens.accessToken();
    expect(readStore(join(project, '.meltano', 'tap-tiktok-shop', 'tokens.json')).grants[0]!.refresh_token).toBe('refresh-1');
    // The per-run copy is not written: Meltano deletes it anyway.
    expect(JSON.parse(readFileSync(run.path, 'utf8')).refresh_token).toBe('refresh-0');
    expect(m.lines.join('')).not.toMatch(/will be lost/);
  });
});

describe('without a token store', () => {
  test('a read-only config: no refresh (the rotated token could not be kept), one line saying what to fix', async () => {
    const auth = new FakeAuth();
    const { loaded, path } = setup({});
    chmodSync(path, 0o444);
    const m = await manager(loaded, auth);
    let error: unknown;
    try {
      await m.tokens.accessToken();
    } catch (e) {
      error = e;
    }
    expect(auth.issued).toBe(0);
    expect(error).toBeInstanceOf(TapError);
    expect((error as TapError).exitCode).not.toBe(0);
    expect((error as TapError).userLine()).toMatch(
      /the access token needs refreshing .*, but the config file .*config.json is read-only \(mode 0444\), so the rotated refresh token would be lost; not refreshing — make the config file writable, or set token_store_path/,
    );
  });

  test('a writable config gets the rotated tokens', async () => {
    const auth = new FakeAuth();
    const { loaded, path } = setup({});
    await (await manager(loaded, auth)).tokens.accessToken();
    expect(JSON.parse(readFileSync(path, 'utf8')).refresh_token).toBe('refresh-1');
  });

  test('two shards sharing one config and no token store: the second uses the tokens the first wrote, instead of stopping with re-authorize', async () => {
    const auth = new FakeAuth(7 * 86_400, 100);
    const { path, dir } = setup({});
    // Two processes, each with its own view of the one config file (both read refresh-0 at start).
    const load = () => ({ config: validateConfig(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>, { requireCredentials: true }), origins: { refresh_token: { kind: 'file' as const, path } } });
    const a = await manager(load(), auth);
    const b = await manager(load(), auth);
    const [ta, tb] = await Promise.all([a.tokens.accessToken(), b.tokens.accessToken()]);
    expect([ta, tb]).toEqual(['access-1', 'access-1']);
    expect(auth.issued).toBe(1);
    expect(JSON.parse(readFileSync(path, 'utf8')).refresh_token).toBe('refresh-1');
    expect([...a.lines, ...b.lines].join('')).toMatch(/using the tokens another tap process refreshed and wrote to/);
    expect(readdirSync(dir).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });

  test('a shard that refreshed with a token another process (one not taking the lock) just retired re-reads the config on 36004004', async () => {
    const auth = new FakeAuth();
    const { path } = setup({});
    const load = () => ({ config: validateConfig(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>, { requireCredentials: true }), origins: { refresh_token: { kind: 'file' as const, path } } });
    const b = await manager(load(), auth);
    // Between b's read of the file under the lock and its refresh, another process refreshes and writes the file.
    auth.beforeNext = async () => {
      const rotated = await auth.fetch('refresh-0');
      writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), refresh_token: rotated.refreshToken, access_token: rotated.accessToken, access_token_expire_in: rotated.accessTokenExpireIn }));
    };
    expect(await b.tokens.accessToken()).toBe('access-1');
    expect(auth.issued).toBe(1);
    expect(b.lines.join('')).toMatch(/rotated by another tap process; using the tokens it wrote to/);
  });

  test("writing into Meltano's per-run copy warns that the tokens will be lost, naming the setting", async () => {
    const auth = new FakeAuth();
    const project = tempDir();
    const { loaded } = setup({}, join(project, '.meltano', 'run', 'tap-tiktok-shop'), 'tap.5678.config.json');
    const m = await manager(loaded, auth, {});
    await m.tokens.accessToken();
    expect(m.lines.join('')).toMatch(/WARN.*Meltano's per-run copy of the config, deleted after the run: the rotated refresh token will be lost .*set token_store_path/);
  });
});
