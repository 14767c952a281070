import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { tapConfigFor } from '../../src/sandbox/tap-config.js';
import { describeWithPg, freshSchema, pgPassword, sql } from '../unit/tokens/pg-env.js';
import { collect, parseMessages, runTap, TAP_BIN, tempDir, writeJson, type TapResult } from './run-tap.js';
import { E2E_ANALYTICS_HISTORY_DAYS } from './sandbox-config.js';

/**
 * The token store in PostgreSQL (token_store_url), run as containers and shards run it: every run in a new
 * working directory with a config that holds only the seller's first refresh token (rebuilt from a secret each
 * time), so the rotated refresh tokens survive only in the database. The sandbox retires a refresh token once
 * used (docs/tiktok-shop-api.md §1.2): a run that forgot the rotated one would be locked out.
 */
const SANDBOX = { seed: 47, shops: 4, orders: 20, products: 4, days: 20 };

describeWithPg('token store in PostgreSQL (built binary against the sandbox and a real database)', () => {
  let url = '';
  let drop: () => Promise<void> = async () => undefined;
  let sandbox: SandboxHandle | undefined;
  beforeAll(async () => {
    ({ url, drop } = await freshSchema('tap_e2e'));
  });
  afterAll(() => drop());
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    // Each test's sandbox starts its seller over (same seed, same first refresh token): no grant of an earlier one.
    const [table] = await sql<{ present: boolean }>("SELECT to_regclass('tap_tiktok_shop_grants') IS NOT NULL AS present", [], url);
    if (table?.present) await sql('DELETE FROM tap_tiktok_shop_grants', [], url);
  });

  /** A fresh working directory with a config holding only the first refresh token and the database store (a few analytics days: see sandbox-config.ts). */
  function freshRun(extra: Record<string, unknown> = {}): { dir: string; config: string } {
    const dir = tempDir('tap-pg-');
    const settings = tapConfigFor(sandbox!.info, { start_date: '2024-01-01', progress_interval: 0, emit_metrics: false, analytics_history_days: E2E_ANALYTICS_HISTORY_DAYS, token_store_url: url, ...extra });
    delete settings.access_token;
    return { dir, config: writeJson(dir, 'config.json', settings) };
  }

  const failure = (result: TapResult) => (result.code === 0 ? '' : result.stderr.slice(-2000));

  function expectNoSecrets(result: TapResult): void {
    expect(result.stderr).not.toContain(pgPassword());
    expect(result.stderr).not.toContain(sandbox!.info.refresh_token);
    expect(result.stderr).not.toContain(sandbox!.info.app_secret);
  }

  const storedRefreshTokens = async () =>
    (await sql<{ refresh_token: string }>('SELECT refresh_token FROM tap_tiktok_shop_grants WHERE app_key = $1', [sandbox!.info.app_key], url)).map((r) => r.refresh_token);

  test('two runs in a row from fresh working directories, 5-second access tokens, only the database store: both succeed', async () => {
    sandbox = await startSandbox({ ...SANDBOX, tokenTtl: 5 });
    for (const run of [1, 2]) {
      // The tap's default analytics history, so each run lasts several 5-second tokens and rotates them mid-run,
      // each rotation saved to the database (a few days would end a run before its first token needs a refresh).
      const { dir, config } = freshRun({ analytics_history_days: 90 });
      const result = await runTap(['--config', config], { cwd: dir, timeoutMs: 180_000 });
      expect({ run, code: result.code, tail: failure(result) }).toEqual({ run, code: 0, tail: '' });
      expect(parseMessages(result.stdout).some((m) => m.type === 'RECORD')).toBe(true);
      expect(result.stderr).toMatch(/saved in the token store postgresql:\/\/[^:@]+@127\.0\.0\.1:\d+\//);
      expectNoSecrets(result);
    }
    // The second run began with the first's rotated token, from the database: the config's own was retired.
    expect(sandbox.stats().refreshes).toBeGreaterThanOrEqual(2);
    const stored = await storedRefreshTokens();
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toBe(sandbox.info.refresh_token);
  }, 400_000);

  test('four shards at once sharing the database store all succeed, and only one of them refreshes', async () => {
    sandbox = await startSandbox(SANDBOX);
    const runs = [1, 2, 3, 4].map((i) => freshRun({ shop_shard: `${i}/4` }));
    const results = await Promise.all(runs.map(({ dir, config }) => runTap(['--config', config], { cwd: dir, timeoutMs: 180_000 })));
    for (const [i, result] of results.entries()) {
      expect({ shard: i + 1, code: result.code, tail: failure(result) }).toEqual({ shard: i + 1, code: 0, tail: '' });
      expectNoSecrets(result);
    }
    // Shards split the shops by hash, so one may hold none; together they sync the records.
    expect(results.flatMap((r) => parseMessages(r.stdout)).some((m) => m.type === 'RECORD')).toBe(true);
    expect(sandbox.stats().refreshes).toBe(1);
  }, 400_000);

  test('a SIGKILL during a refresh (holding the lock) leaves a grant that still works, and the lock free', async () => {
    sandbox = await startSandbox(SANDBOX);
    const target = new URL(sandbox.info.auth_base_url);
    // In front of the token service: the first refresh request kills the tap, which is then inside its
    // transaction holding the grant's lock. Everything else is passed through.
    let child: ReturnType<typeof spawn> | undefined;
    let killed = 0;
    const proxy = http.createServer((req, res) => {
      if (req.url?.startsWith('/api/v2/token/refresh') && killed === 0) {
        killed += 1;
        child?.kill('SIGKILL');
        res.destroy();
        return;
      }
      const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const proxied = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      // A first run stores the grant, so the killed one starts from the database as every later run does.
      const first = freshRun();
      expect(failure(await runTap(['--config', first.config], { cwd: first.dir, timeoutMs: 180_000 }))).toBe('');
      const before = await storedRefreshTokens();
      sandbox.expireAccessTokens(); // the next run must refresh

      const doomed = freshRun({ auth_base_url: proxied });
      child = spawn(process.execPath, [TAP_BIN, '--config', doomed.config], { cwd: doomed.dir, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
      const killedRun = await collect(child, 180_000);
      expect({ signal: killedRun.signal, killed }).toEqual({ signal: 'SIGKILL', killed: 1 });
      expect(await storedRefreshTokens()).toEqual(before); // nothing half-written

      // The next run gets the lock (PostgreSQL ended the dead session's transaction; a lock left held would make it
      // wait 10 minutes, past this test's timeout) and refreshes with the stored token, which was never spent.
      const refreshesBefore = sandbox.stats().refreshes;
      const after = freshRun();
      const result = await runTap(['--config', after.config], { cwd: after.dir, timeoutMs: 180_000 });
      expect({ code: result.code, tail: failure(result) }).toEqual({ code: 0, tail: '' });
      expect(sandbox.stats().refreshes).toBe(refreshesBefore + 1);
      expect(await storedRefreshTokens()).not.toEqual(before);
    } finally {
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    }
  }, 400_000);

  test('a wrong password: one line naming token_store_url and the fix, non-zero exit, no password, no stack trace', async () => {
    sandbox = await startSandbox(SANDBOX);
    const wrong = new URL(url);
    wrong.password = 'wrong-password-e2e';
    const { dir, config } = freshRun({ token_store_url: wrong.toString() });
    const result = await runTap(['--config', config], { cwd: dir, timeoutMs: 60_000 });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/token store postgresql:\/\/[^:@]+@127\.0\.0\.1:\d+\/\w+ \(token_store_url\): .*refused the login .*fix the user and password in token_store_url/)]);
    expect(result.stderr).not.toContain('wrong-password-e2e');
    expect(result.stderr).not.toContain(pgPassword());
  }, 120_000);
});
