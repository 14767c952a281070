import { chmodSync, mkdirSync, rmSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { tapConfigFor } from '../../src/sandbox/tap-config.js';
import { parseMessages, runTap, tempDir, writeJson } from './run-tap.js';
import { E2E_ANALYTICS_HISTORY_DAYS } from './sandbox-config.js';

/**
 * Tokens survive with no extra setup. The config given to each run holds only the original refresh
 * token, as Meltano's per-run copy does (it is rebuilt from .env every time), and the sandbox retires a refresh
 * token once used (§1.2), so a run that forgot the rotated one is locked out.
 */
const SANDBOX = { seed: 31, shops: 2, orders: 30, products: 6, days: 20 };

/** Settings with only a refresh token (no access token), quiet, a few analytics days (see sandbox-config.ts). */
function settings(sandbox: SandboxHandle, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const config = tapConfigFor(sandbox.info, { start_date: '2024-01-01', progress_interval: 0, emit_metrics: false, analytics_history_days: E2E_ANALYTICS_HISTORY_DAYS, ...extra });
  delete config.access_token;
  return config;
}

/** Runs the tap the way Meltano does: a fresh config copy under .meltano/run/, deleted after the run. */
async function meltanoLikeRun(project: string, sandbox: SandboxHandle, env: NodeJS.ProcessEnv, extra: Record<string, unknown> = {}) {
  const runDir = join(project, '.meltano', 'run', 'tap-tiktok-shop');
  mkdirSync(runDir, { recursive: true });
  const config = writeJson(runDir, `tap.${Math.random().toString(16).slice(2)}.config.json`, settings(sandbox, extra));
  try {
    return await runTap(['--config', config], { cwd: project, env, timeoutMs: 180_000 });
  } finally {
    rmSync(config, { force: true });
  }
}

describe('token store (built binary against the sandbox)', () => {
  let sandbox: SandboxHandle | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  test('under Meltano, two runs in a row with only a refresh token and 5-second access tokens both succeed', async () => {
    sandbox = await startSandbox({ ...SANDBOX, tokenTtl: 5 });
    const project = tempDir('tap-meltano-');
    const env = { MELTANO_PROJECT_ROOT: project, MELTANO_SYS_DIR_ROOT: join(project, '.meltano') };
    for (const run of [1, 2]) {
      // The tap's default analytics history, so each run lasts several 5-second tokens and rotates them mid-run,
      // each rotation saved to the store (a few days would end a run before its first token needs a refresh).
      const result = await meltanoLikeRun(project, sandbox, env, { analytics_history_days: 90 });
      expect({ run, code: result.code, tail: result.code === 0 ? '' : result.stderr.slice(-2000) }).toEqual({ run, code: 0, tail: '' });
      expect(parseMessages(result.stdout).some((m) => m.type === 'RECORD')).toBe(true);
      expect(result.stderr).not.toMatch(/will be lost/);
    }
    expect(sandbox.stats().refreshes).toBeGreaterThanOrEqual(2); // the second run refreshed with the rotated token
    const store = join(project, '.meltano', 'tap-tiktok-shop', 'tokens.json');
    expect(statSync(store).mode & 0o777).toBe(0o600);
    const text = readFileSync(store, 'utf8');
    expect(text).not.toContain(sandbox.info.refresh_token); // only hashes of retired tokens are kept
  }, 400_000);

  test('two processes sharing a store (two shards) both succeed, and only one of them refreshes', async () => {
    sandbox = await startSandbox(SANDBOX);
    const dir = tempDir('tap-shards-');
    const store = join(dir, 'tokens.json');
    const configs = [1, 2].map((i) => {
      mkdirSync(join(dir, `shard-${i}`));
      return writeJson(join(dir, `shard-${i}`), 'config.json', settings(sandbox!, { shop_shard: `${i}/2`, token_store_path: store }));
    });
    const results = await Promise.all(configs.map((config) => runTap(['--config', config], { timeoutMs: 180_000 })));
    for (const [i, result] of results.entries()) {
      expect({ shard: i + 1, code: result.code, tail: result.code === 0 ? '' : result.stderr.slice(-2000) }).toEqual({ shard: i + 1, code: 0, tail: '' });
    }
    expect(sandbox.stats().refreshes).toBe(1);
  }, 400_000);

  test("without a store, writing into Meltano's per-run copy warns that the tokens will be lost — and they are", async () => {
    sandbox = await startSandbox(SANDBOX);
    const project = tempDir('tap-nostore-');
    const first = await meltanoLikeRun(project, sandbox, {}); // Meltano's variables absent: no default store
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/per-run copy of the config, deleted after the run: the rotated refresh token will be lost .*set token_store_path/);
    const second = await meltanoLikeRun(project, sandbox, {});
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain('Invalid refresh_token');
  }, 400_000);

  test('a read-only config without a store: no refresh, non-zero exit, one line saying what to fix', async () => {
    sandbox = await startSandbox(SANDBOX);
    const dir = tempDir('tap-readonly-');
    const config = writeJson(dir, 'config.json', settings(sandbox));
    chmodSync(config, 0o444);
    const result = await runTap(['--config', config], { timeoutMs: 180_000 });
    expect(result.code).not.toBe(0);
    expect(sandbox.stats().refreshes).toBe(0); // the seller's refresh token is still the one in the file
    expect(result.stderr).toMatch(/config.json is read-only \(mode 0444\), so the rotated refresh token would be lost; not refreshing - make the config file writable, or set token_store_path/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 400_000);
});
