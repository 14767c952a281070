import { mkdtempSync, writeFileSync, readFileSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRawConfig, validateConfig, redactConfig, parseDateSetting } from '../../../src/config.js';
import { TapError } from '../../../src/errors.js';
import { Logger } from '../../../src/log.js';
import { persistRotatedTokens, writeFileAtomic } from '../../../src/tokens/write-back.js';

const creds = { app_key: 'k1', app_secret: 'secret-value-1', refresh_token: 'refresh-value-1' };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tap-config-'));
}

function problemsOf(input: Record<string, unknown>, requireCredentials = true): string {
  try {
    validateConfig(input, { requireCredentials });
  } catch (error) {
    expect(error).toBeInstanceOf(TapError);
    return (error as TapError).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('config loading', () => {
  test('later --config files override earlier ones', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ app_key: 'a', page_size: 10 }));
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ page_size: 20 }));
    const { raw, origins } = loadRawConfig([join(dir, 'a.json'), join(dir, 'b.json')], {}, dir);
    expect(raw).toEqual({ app_key: 'a', page_size: 20 });
    expect(origins.page_size).toEqual({ kind: 'file', path: join(dir, 'b.json') });
  });

  test('ENV reads TAP_TIKTOK_SHOP_* and .env, decodes types, and beats files', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.json'), JSON.stringify({ page_size: 10, app_key: 'file' }));
    writeFileSync(join(dir, '.env'), 'TAP_TIKTOK_SHOP_APP_KEY=from-dotenv\nTAP_TIKTOK_SHOP_EMIT_METRICS=false\n');
    const env = {
      TAP_TIKTOK_SHOP_PAGE_SIZE: '50',
      TAP_TIKTOK_SHOP_SHOP_IDS: '["7495310022158813001"]',
      TAP_TIKTOK_SHOP_EXTERNAL_ORDER_PLATFORMS: 'SHOPIFY,AMAZON',
      TAP_TIKTOK_SHOP_REQUESTS_PER_SECOND: '2.5',
    };
    const { raw, origins } = loadRawConfig([join(dir, 'a.json'), 'ENV'], env, dir);
    expect(raw).toEqual({
      page_size: 50,
      app_key: 'from-dotenv',
      emit_metrics: false,
      shop_ids: ['7495310022158813001'],
      external_order_platforms: ['SHOPIFY', 'AMAZON'],
      requests_per_second: 2.5,
    });
    expect(origins.app_key).toEqual({ kind: 'env' });
  });

  test('a config file that is not JSON names the file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), '{"app_key": ');
    expect(() => loadRawConfig([join(dir, 'bad.json')], {}, dir)).toThrow(/bad\.json is not valid JSON/);
  });
});

describe('config validation', () => {
  test('applies defaults once', () => {
    const config = validateConfig({ ...creds }, { requireCredentials: true });
    expect(config.page_size).toBe(100);
    expect(config.external_order_platforms).toEqual(['SHOPIFY']);
    expect(config.start_date).toBe('2020-01-01T00:00:00Z');
  });

  test('reports every violation together, each naming its key', () => {
    const message = problemsOf({ ...creds, page_size: 500, request_timeout: 'soon', start_data: '2024-01-01' });
    expect(message).toContain('"page_size" must be <= 100');
    expect(message).toContain('"request_timeout" must be integer');
    expect(message).toContain('unknown setting "start_data" (did you mean "start_date"?)');
  });

  test('missing credentials are reported only when a run needs them', () => {
    expect(problemsOf({})).toMatch(/missing "app_key" and "app_secret".*missing "refresh_token"/);
    expect(() => validateConfig({}, { requireCredentials: false })).not.toThrow();
    // With a token store the tokens may come from it alone (checked when it is read).
    const withStore = { requireCredentials: true, tokenStore: (c: { token_store_path?: string }) => c.token_store_path !== undefined };
    expect(() => validateConfig({ app_key: 'k', app_secret: 's', token_store_path: '/t.json' }, withStore)).not.toThrow();
    expect(() => validateConfig({ app_key: 'k', app_secret: 's' }, withStore)).toThrow(/missing "refresh_token"/);
  });

  test('end_date must be after start_date; both accept plain dates and RFC 3339', () => {
    expect(problemsOf({ ...creds, start_date: '2024-02-01', end_date: '2024-01-01T00:00:00Z' })).toContain(
      '"end_date" (2024-01-01T00:00:00Z) must be after "start_date" (2024-02-01)',
    );
    expect(parseDateSetting('2024-01-31')).toBe(Date.UTC(2024, 0, 31) / 1000);
    expect(parseDateSetting('2024-01-31T10:00:00+02:00')).toBe(Date.UTC(2024, 0, 31, 8) / 1000);
    expect(problemsOf({ ...creds, start_date: '2024-13-45' })).toContain('"start_date" is not a real date');
  });

  test('start_date before 1970 is refused at validation with one line (the API refuses negative times)', () => {
    expect(problemsOf({ ...creds, start_date: '1969-12-31' })).toContain('"start_date" must be on or after 1970-01-01 (got "1969-12-31")');
    expect(validateConfig({ ...creds, start_date: '1970-01-01' }, { requireCredentials: true }).start_date).toBe('1970-01-01');
  });

  test('a decimal setting given as a string (Meltano below 4.0 has no decimal kind) is read as the number', () => {
    expect(validateConfig({ ...creds, requests_per_second: '2.5' }, { requireCredentials: true }).requests_per_second).toBe(2.5);
    expect(validateConfig({ ...creds, requests_per_second: '10' }, { requireCredentials: true }).requests_per_second).toBe(10);
    expect(problemsOf({ ...creds, requests_per_second: 'fast' })).toContain('"requests_per_second" must be number');
    // Only decimal settings: an integer setting keeps its strict type.
    expect(problemsOf({ ...creds, page_size: '20' })).toContain('"page_size" must be integer');
  });

  test('log_level and log_format are settings with the values the flags take', () => {
    expect(validateConfig({ ...creds, log_level: 'debug', log_format: 'json' }, { requireCredentials: true })).toMatchObject({ log_level: 'debug', log_format: 'json' });
    expect(problemsOf({ ...creds, log_format: 'xml' })).toContain('"log_format" must be one of text, json');
  });

  test('flattening is off by default and, as in the Meltano SDK, needs flattening_max_depth when on', () => {
    const config = validateConfig({ ...creds }, { requireCredentials: true });
    expect([config.flattening_enabled, config.flattening_max_depth]).toEqual([false, undefined]);
    expect(problemsOf({ ...creds, flattening_enabled: true })).toContain('"flattening_max_depth" is required when "flattening_enabled" is true');
    expect(validateConfig({ ...creds, flattening_enabled: true, flattening_max_depth: 1 }, { requireCredentials: true }).flattening_max_depth).toBe(1);
    expect(problemsOf({ ...creds, flattening_enabled: true, flattening_max_depth: -1 })).toContain('"flattening_max_depth" must be >= 0');
  });

  test('secret values never appear in validation errors or printed config', () => {
    const message = problemsOf({ ...creds, app_secret: 12345678, access_token: ['tok-abcdef'] });
    expect(message).not.toContain('12345678');
    expect(message).not.toContain('tok-abcdef');
    expect(redactConfig({ ...creds, page_size: 5 })).toEqual({ app_key: 'k1', app_secret: '***', refresh_token: '***', page_size: 5 });
  });
});

describe('token write-back', () => {
  test('writes rotated tokens into the file that held them, keeping other keys and permissions', () => {
    const dir = tempDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({ ...creds, page_size: 7 }));
    chmodSync(path, 0o600);
    const lines: string[] = [];
    const logger = new Logger({ write: (line) => lines.push(line) });
    const config = validateConfig({ ...creds, page_size: 7 }, { requireCredentials: true });
    persistRotatedTokens(
      { config, origins: { refresh_token: { kind: 'file', path } } },
      { accessToken: 'new-access-123', accessTokenExpireIn: 1_900_000_000, refreshToken: 'new-refresh-456' },
      logger,
    );
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      ...creds,
      page_size: 7,
      access_token: 'new-access-123',
      access_token_expire_in: 1_900_000_000,
      refresh_token: 'new-refresh-456',
    });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(lines.join('')).toContain(`written to ${path}`);
    expect(lines.join('')).not.toContain('new-refresh-456');
  });

  test('an atomic write that fails leaves the old file whole', () => {
    const dir = tempDir();
    const path = join(dir, 'config.json');
    writeFileSync(path, '{"a":1}');
    expect(() => writeFileAtomic(join(dir, 'missing', 'config.json'), '{}')).toThrow();
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}');
  });
});

describe('token write-back that cannot write', () => {
  test('fails with one line that says what to fix (the run must not end well), keeping the new tokens in memory', () => {
    const lines: string[] = [];
    const logger = new Logger({ write: (line) => lines.push(line) });
    const config = validateConfig({ ...creds }, { requireCredentials: true });
    const missing = join(tempDir(), 'gone', 'config.json');
    let thrown: unknown;
    try {
      persistRotatedTokens(
        { config, origins: { refresh_token: { kind: 'file', path: missing } } },
        { accessToken: 'new-access-777', accessTokenExpireIn: 1_900_000_000, refreshToken: 'new-refresh-888' },
        logger,
      );
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TapError);
    const line = (thrown as TapError).userLine();
    expect(line).toMatch(/could not be written to .*the next run may fail to authenticate — make the file writable, or set token_store_path/);
    expect(line).not.toContain('new-refresh-888');
    expect(config.refresh_token).toBe('new-refresh-888');
  });

  test('with a token store, a failed write-back is only a warning (the store has the tokens)', () => {
    const lines: string[] = [];
    const logger = new Logger({ write: (line) => lines.push(line) });
    const config = validateConfig({ ...creds }, { requireCredentials: true });
    const missing = join(tempDir(), 'gone', 'config.json');
    persistRotatedTokens(
      { config, origins: { refresh_token: { kind: 'file', path: missing } } },
      { accessToken: 'new-access-777', accessTokenExpireIn: 1_900_000_000, refreshToken: 'new-refresh-888' },
      logger,
      { storePath: '/somewhere/tokens.json' },
    );
    expect(lines.join('')).toMatch(/WARN.*could not be written to .*but the token store \/somewhere\/tokens.json has them/);
  });

  test('a bare time is not a date', () => {
    expect(parseDateSetting('10:00')).toBeUndefined();
  });
});
