import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSandbox, type SandboxHandle } from '../../src/sandbox/index.js';
import { parseMessages, runTap, tempDir, writeJson, type TapResult } from './run-tap.js';
import { E2E_ANALYTICS_HISTORY_DAYS } from './sandbox-config.js';

/**
 * `tap-tiktok-shop authorize` as a new user runs it: a config with only the app's credentials and service id,
 * the built binary, the sandbox's token service. Every run is also checked for leaked secrets.
 */
describe('authorize (built binary against the sandbox)', () => {
  let sandbox: SandboxHandle;
  const secrets = new Set<string>();

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: 17, shops: 2, orders: 5, products: 3 });
    secrets.add(sandbox.info.app_secret);
  });
  afterAll(async () => {
    await sandbox.close();
  });

  /** A fresh single-use code, the way a test (or the demo) gets one: POST /__sandbox/auth_code. */
  async function authCode(body: object = {}): Promise<string> {
    const response = await fetch(`${sandbox.info.base_url}/__sandbox/auth_code`, { method: 'POST', body: JSON.stringify(body) });
    const code = ((await response.json()) as { data: { auth_code: string } }).data.auth_code;
    secrets.add(code);
    return code;
  }

  /** What a new user starts from: the app's key, secret and service id (plus where the sandbox listens). */
  function newUserConfig(dir = tempDir('tap-authorize-'), extra: Record<string, unknown> = {}): string {
    return writeJson(dir, 'config.json', {
      app_key: sandbox.info.app_key,
      app_secret: sandbox.info.app_secret,
      service_id: '7000000000000000017',
      api_base_url: sandbox.info.base_url,
      auth_base_url: sandbox.info.auth_base_url,
      start_date: '2024-01-01',
      progress_interval: 0,
      // Not what a new user writes, but the syncs here are about tokens, not analytics days (see sandbox-config.ts).
      analytics_history_days: E2E_ANALYTICS_HISTORY_DAYS,
      ...extra,
    });
  }

  function expectNoSecrets(result: TapResult, path?: string): void {
    const output = result.stdout + result.stderr;
    const known = [...secrets];
    if (path) {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      for (const key of ['access_token', 'refresh_token', 'app_secret']) if (typeof saved[key] === 'string') known.push(saved[key] as string);
    }
    for (const secret of known) expect(output).not.toContain(secret);
  }

  /** One critical line that says what is wrong, no stack trace, nothing on stdout. */
  function expectOneLineError(result: TapResult, exitCode: number, pattern: RegExp): void {
    expect(result.code).toBe(exitCode);
    expect(result.stdout).toBe('');
    const critical = result.stderr.split('\n').filter((line) => line.includes('CRITICAL'));
    expect(critical).toHaveLength(1);
    expect(critical[0]).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expectNoSecrets(result);
  }

  test('happy path: a code, the tokens saved into the config (0600, other keys kept), the shops listed; a sync then works with only that', async () => {
    const path = newUserConfig();
    const code = await authCode();
    // Debug level logs every request: still no secret may show.
    const result = await runTap(['authorize', '--config', path, '--code', code, '--log-level', 'debug']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`tokens saved to config file ${path} (mode 0600)`);
    for (const shop of sandbox.store.shops()) expect(result.stderr).toMatch(new RegExp(`ok: shop ${shop.id} "${shop.name}".* is reachable`));
    expect(result.stderr).toContain(`next: tap-tiktok-shop --config ${path} > out.jsonl`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({ service_id: '7000000000000000017', start_date: '2024-01-01', app_key: sandbox.info.app_key });
    expect(typeof saved.refresh_token).toBe('string');
    expect(typeof saved.access_token_expire_in).toBe('number');
    expectNoSecrets(result, path);

    const sync = await runTap(['--config', path]);
    expect(sync.code).toBe(0);
    const orders = parseMessages(sync.stdout).filter((m) => m.type === 'RECORD' && m.stream === 'orders');
    expect(orders).toHaveLength(sandbox.store.shops().length * 5);
    expectNoSecrets(sync, path);
  });

  test('scripted in two steps, in the argument order Meltano uses: --print-url, then --redirect-url with the state it printed', async () => {
    const dir = tempDir('tap-authorize-');
    const path = newUserConfig(dir);
    const printed = await runTap(['authorize', '--config', path, '--print-url']);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe('');
    const link = /https:\/\/services\.tiktokshop\.com\/open\/authorize\?\S+/.exec(printed.stderr)?.[0];
    expect(link).toBeDefined();
    const query = new URL(link!).searchParams;
    expect(query.get('service_id')).toBe('7000000000000000017');
    const state = query.get('state')!;
    expect(state.length).toBeGreaterThan(20);

    // The seller approves; TikTok sends the browser to the app's redirect URL with code and state.
    const redirect = `https://my.app.example/tiktok/callback?code=${await authCode()}&state=${encodeURIComponent(state)}`;
    // Meltano: `--config <its copy> --state <state file>` first, then what the user typed after `authorize`.
    const stateFile = writeJson(dir, 'singer-state.json', { bookmarks: {} });
    const result = await runTap(['--config', path, '--state', stateFile, 'authorize', '--redirect-url', redirect, '--state', state]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`tokens saved to config file ${path}`);
    expectNoSecrets(result, path);
  });

  test('a redirect URL is checked without --state too: the state must be one this app issued', async () => {
    const path = newUserConfig();
    const printed = await runTap(['authorize', '--config', path, '--print-url', '--consent-host', 'us']);
    const link = /https:\/\/services\.tiktokshops\.us\/open\/authorize\?\S+/.exec(printed.stderr)?.[0];
    expect(link).toBeDefined();
    const state = new URL(link!).searchParams.get('state')!;
    const ok = await runTap(['authorize', '--config', path, '--redirect-url', `https://my.app.example/cb?code=${await authCode()}&state=${state}`]);
    expect(ok.code).toBe(0);
    expectNoSecrets(ok, path);
  });

  test('with --log-format json (as under Meltano) every line is a JSON log record, the link among them', async () => {
    const result = await runTap(['authorize', '--config', newUserConfig(), '--print-url', '--log-format', 'json']);
    expect(result.code).toBe(0);
    const records = result.stderr.trim().split('\n').map((line) => JSON.parse(line) as { level: string; message: string });
    expect(records.some((r) => r.level === 'info' && r.message.includes('https://services.tiktokshop.com/open/authorize?service_id='))).toBe(true);
  });

  test('a used code: 36004004, one line naming the causes', async () => {
    const code = await authCode();
    expect((await runTap(['authorize', '--config', newUserConfig(), '--code', code])).code).toBe(0);
    const again = await runTap(['authorize', '--config', newUserConfig(), '--code', code]);
    expectOneLineError(again, 2, /36004004.*already used/);
  });

  test('an expired code (older than 30 minutes): 36004004', async () => {
    const result = await runTap(['authorize', '--config', newUserConfig(), '--code', await authCode({ issued_seconds_ago: 1801 })]);
    expectOneLineError(result, 2, /36004004.*expired/);
  });

  test("another app's code: 36004004, pointing at service_id and app_key", async () => {
    const result = await runTap(['authorize', '--config', newUserConfig(), '--code', await authCode({ app_key: 'someotherapp1' })]);
    expectOneLineError(result, 2, /36004004.*another app.*service_id belongs to app_key/);
  });

  test('a wrong app secret: says to check app_key / app_secret, and never prints the wrong one', async () => {
    const wrong = 'wrong-secret-0123456789';
    secrets.add(wrong);
    const result = await runTap(['authorize', '--config', newUserConfig(undefined, { app_secret: wrong }), '--code', await authCode()]);
    expectOneLineError(result, 2, /36009004.*refused app_key or app_secret/);
  });

  test('a redirect URL without a code', async () => {
    const result = await runTap(['authorize', '--config', newUserConfig(), '--redirect-url', 'https://my.app.example/cb?state=abc.def']);
    expectOneLineError(result, 1, /redirect URL has no code parameter/);
  });

  test('a redirect URL saying the seller refused: named as a refusal, nothing exchanged', async () => {
    const result = await runTap(['authorize', '--config', newUserConfig(), '--redirect-url', 'https://my.app.example/cb?state=abc.def&error=access_denied']);
    expectOneLineError(result, 1, /seller declined the authorization \(error=access_denied\)/);
  });

  test('a state mismatch is caught before the code is spent', async () => {
    const path = newUserConfig();
    const code = await authCode();
    const result = await runTap(['authorize', '--config', path, '--redirect-url', `https://my.app.example/cb?code=${code}&state=forged.state`]);
    expectOneLineError(result, 1, /state mismatch/);
    expect(JSON.parse(readFileSync(path, 'utf8'))).not.toHaveProperty('refresh_token');
    expect((await runTap(['authorize', '--config', path, '--code', code])).code).toBe(0);
  });

  test('no TTY and no --code: the link is printed, then one line saying how to pass the redirect', async () => {
    const result = await runTap(['authorize', '--config', newUserConfig()]);
    expectOneLineError(result, 1, /stdin is not a terminal.*--redirect-url/);
    expect(result.stderr).toContain('https://services.tiktokshop.com/open/authorize?service_id=7000000000000000017&state=');
  });

  test('under Meltano (`meltano invoke tap-tiktok-shop authorize --code …`): the token store alone, and later `meltano run`s work with no token in the config', async () => {
    // What Meltano does: a project, its env, and per run a fresh config copy under .meltano/run/ (deleted afterwards),
    // built from meltano.yml and the project's .env — which hold no token here.
    const project = tempDir('tap-authorize-meltano-');
    writeFileSync(join(project, '.env'), "OTHER_SETTING='kept'\n");
    const env = { MELTANO_PROJECT_ROOT: project, MELTANO_SYS_DIR_ROOT: join(project, '.meltano'), MELTANO_EXTRACTOR_NAME: 'tap-tiktok-shop' };
    const runDir = join(project, '.meltano', 'run', 'tap-tiktok-shop');
    mkdirSync(runDir, { recursive: true });
    const copy = newUserConfig(runDir);
    const result = await runTap(['--config', copy, 'authorize', '--code', await authCode()], { env });
    expect(result.code).toBe(0);
    const store = join(project, '.meltano', 'tap-tiktok-shop', 'tokens.json');
    expect(result.stderr).toContain(`tokens saved to the token store ${store}`);
    expect(result.stderr).not.toContain('.env');
    expect(result.stderr).toContain('next: meltano run tap-tiktok-shop');
    expect(statSync(store).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(copy, 'utf8'))).not.toHaveProperty('refresh_token');
    expect(readFileSync(join(project, '.env'), 'utf8')).toBe("OTHER_SETTING='kept'\n"); // the tap never writes .env
    const grant = (JSON.parse(readFileSync(store, 'utf8')) as { grants: Array<{ refresh_token: string; access_token: string }> }).grants;
    expect(grant).toHaveLength(1);
    secrets.add(grant[0]!.refresh_token).add(grant[0]!.access_token);
    expectNoSecrets(result);

    // Three `meltano run`s, each from a fresh copy with no token. The access token expires before the second and
    // the third, so each of those rotates the refresh token, and the next run works only from the store.
    for (let run = 0; run < 3; run++) {
      if (run > 0) sandbox.expireAccessTokens();
      const sync = await runTap(['--config', newUserConfig(runDir)], { env });
      expect(sync.code).toBe(0);
      expect(sync.stderr).toContain(`using this app's grant in the token store ${store}`);
      expect(parseMessages(sync.stdout).some((m) => m.type === 'RECORD' && m.stream === 'orders')).toBe(true);
      expectNoSecrets(sync);
    }
    const rotated = (JSON.parse(readFileSync(store, 'utf8')) as { grants: Array<{ refresh_token: string }> }).grants;
    expect(rotated).toHaveLength(1);
    expect(rotated[0]!.refresh_token).not.toBe(grant[0]!.refresh_token);
    secrets.add(rotated[0]!.refresh_token);
  });

  test('a run with no token and a token store without a grant for the app says to authorize', async () => {
    const dir = tempDir('tap-authorize-');
    const store = join(dir, 'tokens.json');
    const result = await runTap(['--config', newUserConfig(dir, { token_store_path: store })]);
    expectOneLineError(result, 1, /no refresh_token in the config, and the token store .* holds no grant for this app_key.*authorize/);
  });

  test('with token_store_path set the grant goes into the store as well as the config file', async () => {
    const dir = tempDir('tap-authorize-');
    const store = join(dir, 'state', 'tokens.json');
    const path = newUserConfig(dir, { token_store_path: store });
    const result = await runTap(['authorize', '--config', path, '--code', await authCode()]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`tokens saved to the token store ${store} and config file ${path} (mode 0600)`);
    expect(statSync(store).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { refresh_token: string };
    expect(readFileSync(store, 'utf8')).toContain(saved.refresh_token);
    expectNoSecrets(result, path);
  });

  test("a config under .meltano/run/ without Meltano's environment (so no token store) is refused before the code is spent", async () => {
    const dir = join(tempDir('tap-authorize-'), '.meltano', 'run', 'tap-tiktok-shop');
    mkdirSync(dir, { recursive: true });
    const code = await authCode();
    const result = await runTap(['--config', newUserConfig(dir), 'authorize', '--code', code]);
    expectOneLineError(result, 1, /temporary copy/);
    expect((await runTap(['authorize', '--config', newUserConfig(), '--code', code])).code).toBe(0);
  });

  test('a config without service_id cannot print a link, and says where to find it', async () => {
    const dir = tempDir('tap-authorize-');
    const path = writeJson(dir, 'config.json', { app_key: sandbox.info.app_key, app_secret: sandbox.info.app_secret });
    expectOneLineError(await runTap(['authorize', '--config', path, '--print-url']), 1, /missing "service_id".*App & Service/);
  });
});
