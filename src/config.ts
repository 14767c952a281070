import { readFileSync, existsSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parseDateSetting } from './date-setting.js';
import { TapError, EXIT } from './errors.js';
import { jsonErrorWhere } from './json-error.js';
import { registerSecret, MASK } from './redact.js';
import { parsePgUrl } from './pg-url.js';
import { SETTINGS_SCHEMA, SETTING_NAMES, SECRET_SETTINGS, type SettingName, type TapConfig } from './settings.js';
import { compileSettingsSchema } from './validation/ajv.js';

export { parseDateSetting };

/** Where each setting came from, so rotated tokens can be written back to the right file. */
export type Origin = { kind: 'file'; path: string } | { kind: 'env' };

export interface LoadedConfig {
  config: TapConfig;
  origins: Partial<Record<SettingName, Origin>>;
}

export const ENV_PREFIX = 'TAP_TIKTOK_SHOP_';

function configError(message: string, hint: string): TapError {
  return new TapError('CONFIG_INVALID', message, { hint, exitCode: EXIT.INPUT });
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw configError(`config file ${path} ${reason}`, 'pass an existing JSON file with --config, or --config ENV');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw configError(`config file ${path} is not valid JSON (${jsonErrorWhere(error, text)})`, 'fix the JSON syntax');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw configError(`config file ${path} must hold a JSON object`, 'write the settings as {"app_key": "...", ...}');
  }
  return parsed as Record<string, unknown>;
}

/** Turns an environment string into the setting's JSON type (the Meltano SDK decodes the same way). */
function decodeEnvValue(name: SettingName, raw: string): unknown {
  const type = (SETTINGS_SCHEMA.properties[name] as { type: string }).type;
  if (type === 'integer' || type === 'number') {
    const value = Number(raw);
    return raw.trim() !== '' && Number.isFinite(value) ? value : raw;
  }
  if (type === 'boolean') {
    const lower = raw.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(lower)) return true;
    if (['false', '0', 'no', 'off'].includes(lower)) return false;
    return raw;
  }
  if (type === 'array' || type === 'object') {
    try {
      return JSON.parse(raw) as unknown;
    } catch {
      // A bare comma list is the natural way to write shop ids in a shell.
      return type === 'array' ? raw.split(',').map((part) => part.trim()).filter(Boolean) : raw;
    }
  }
  return raw;
}

function readEnvSettings(env: NodeJS.ProcessEnv, cwd: string): Record<string, unknown> {
  const merged: Record<string, string | undefined> = {};
  const dotenv = join(cwd, '.env');
  if (existsSync(dotenv)) Object.assign(merged, parseEnv(readFileSync(dotenv, 'utf8')));
  Object.assign(merged, env); // the real environment beats .env
  const settings: Record<string, unknown> = {};
  for (const name of SETTING_NAMES) {
    const raw = merged[ENV_PREFIX + name.toUpperCase()];
    if (raw !== undefined) settings[name] = decodeEnvValue(name, raw);
  }
  return settings;
}

/**
 * Merges `--config` sources in order (later wins); the literal `ENV` reads TAP_TIKTOK_SHOP_* variables and
 * `.env`, and those beat every file, as in the Meltano SDK.
 */
export function loadRawConfig(
  sources: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  cwd = process.cwd(),
): { raw: Record<string, unknown>; origins: LoadedConfig['origins'] } {
  const raw: Record<string, unknown> = {};
  const origins: LoadedConfig['origins'] = {};
  const useEnv = sources.includes('ENV');
  for (const source of sources) {
    if (source === 'ENV') continue;
    const values = readConfigFile(source);
    for (const [key, value] of Object.entries(values)) {
      raw[key] = value;
      if ((SETTING_NAMES as string[]).includes(key)) origins[key as SettingName] = { kind: 'file', path: source };
    }
  }
  if (useEnv) {
    for (const [key, value] of Object.entries(readEnvSettings(env, cwd))) {
      raw[key] = value;
      origins[key as SettingName] = { kind: 'env' };
    }
  }
  return { raw, origins };
}

/** Compiled by ajv on first use (src/validation/ajv.ts). */
let validateSettings: ValidateFunction | undefined;

function closest(word: string, candidates: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const current = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
        previous = current;
      }
    }
    return row[b.length]!;
  };
  let best: string | undefined;
  let bestDistance = 4;
  for (const candidate of candidates) {
    const d = distance(word, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** What a value of a patterned setting must look like, for error lines a user can act on. */
const EXPECTED_FORM: Partial<Record<SettingName, string>> = {
  shop_ids: 'shop ids are digits, like "7495310022158813001"',
  shop_shard: '"i/n" with 1 ≤ i ≤ n, like "1/4"',
  api_base_url: 'a URL starting with http:// or https://',
  auth_base_url: 'a URL starting with http:// or https://',
};

function describeAjvError(error: ErrorObject): string {
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const key = path.split('.')[0] as SettingName;
  const shown = SECRET_SETTINGS.includes(key) ? MASK : describeValue(error.data);
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const guess = closest(extra, SETTING_NAMES);
      return `unknown setting "${extra}"${guess ? ` (did you mean "${guess}"?)` : ''}`;
    }
    case 'type':
      return `"${path}" must be ${(error.params as { type: string }).type} (got ${shown})`;
    case 'pattern':
      return key === 'start_date' || key === 'end_date'
        ? `"${path}" must be an RFC 3339 date-time or a plain date like 2024-01-31 (got ${shown})`
        : `"${path}" has the wrong form (got ${shown}); expected ${EXPECTED_FORM[key] ?? `a value matching ${(error.params as { pattern: string }).pattern}`}`;
    case 'enum':
      return `"${path}" must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')} (got ${shown})`;
    default:
      return `"${path}" ${error.message ?? 'is invalid'} (got ${shown})`;
  }
}

/**
 * Meltano knows no decimal setting kind before 4.0, so meltano.yml declares decimal settings as strings and
 * Meltano passes what `meltano config set` got as text ("2.5"). A decimal in a string is read as that number.
 */
function readDecimalStrings(raw: Record<string, unknown>): void {
  for (const name of SETTING_NAMES) {
    const value = raw[name];
    if ((SETTINGS_SCHEMA.properties[name] as { type: string }).type === 'number' && typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) {
      raw[name] = Number(value);
    }
  }
}

export interface ValidateOptions {
  /** Sync and --test need credentials; --discover and --about do not. */
  requireCredentials: boolean;
  /**
   * Whether a token store will be used (token_store_path, or Meltano's environment): then the tokens may come from
   * it alone, and a missing grant is reported when the store is read (src/tokens/store.ts).
   */
  tokenStore?: (config: TapConfig) => boolean;
}

/** Validates once, at start: every problem is gathered and reported together, each naming its key. */
export function validateConfig(input: Record<string, unknown>, options: ValidateOptions): TapConfig {
  const raw = structuredClone(input);
  readDecimalStrings(raw);
  if (raw.sellers === 'all') raw.sellers = ['all']; // "all" is read as the list it stands for
  const problems: string[] = [];
  const validate = (validateSettings ??= compileSettingsSchema(SETTINGS_SCHEMA));
  if (!validate(raw)) {
    for (const error of validate.errors ?? []) problems.push(describeAjvError(error));
  }
  const config = raw as unknown as TapConfig;
  for (const key of ['start_date', 'end_date'] as const) {
    const value = config[key];
    if (typeof value === 'string' && !problems.some((p) => p.includes(`"${key}"`)) && parseDateSetting(value) === undefined) {
      problems.push(`"${key}" is not a real date (got ${describeValue(value)})`);
    }
  }
  for (const key of ['start_date', 'end_date'] as const) {
    const value = config[key];
    const seconds = typeof value === 'string' ? parseDateSetting(value) : undefined;
    // API times are Unix seconds (docs/tiktok-shop-api.md, conventions before §1): a bound before 1970 is refused by the API,
    // which would then look like a tap bug; say so here instead.
    if (seconds !== undefined && seconds < 0) problems.push(`"${key}" must be on or after 1970-01-01 (got ${describeValue(value)})`);
  }
  if (typeof config.start_date === 'string' && typeof config.end_date === 'string') {
    const start = parseDateSetting(config.start_date);
    const end = parseDateSetting(config.end_date);
    if (start !== undefined && end !== undefined && end <= start) {
      problems.push(`"end_date" (${config.end_date}) must be after "start_date" (${config.start_date})`);
    }
  }
  for (const key of ['api_base_url', 'auth_base_url'] as const) {
    const value = config[key];
    if (typeof value === 'string' && /^https?:\/\//.test(value) && !URL.canParse(value)) {
      problems.push(`"${key}" is not a valid URL (got ${describeValue(value)})`);
    }
  }
  if (typeof config.shop_shard === 'string' && /^\d+\/\d+$/.test(config.shop_shard)) {
    const [index, count] = config.shop_shard.split('/').map(Number) as [number, number];
    if (index > count) problems.push(`"shop_shard" ${config.shop_shard}: the part number must be between 1 and ${count}`);
  }
  if (typeof config.token_store_url === 'string' && config.token_store_url !== '') {
    // Never quotes the value: it may hold a password.
    const url = parsePgUrl(config.token_store_url);
    if ('problem' in url) problems.push(`"token_store_url" ${url.problem}`);
    else registerSecret(url.password);
    if (config.token_store_path !== undefined) problems.push('"token_store_path" and "token_store_url" are both set: the tap keeps its tokens in one store (remove one)');
  }
  // As in the Meltano SDK: flattening has no default depth.
  if (config.flattening_enabled === true && config.flattening_max_depth === undefined) {
    problems.push('"flattening_max_depth" is required when "flattening_enabled" is true (1 turns the properties of top-level objects into columns)');
  }
  if (options.requireCredentials) {
    const missing = (['app_key', 'app_secret'] as const).filter((key) => config[key] === undefined);
    if (missing.length) problems.push(`missing ${missing.map((k) => `"${k}"`).join(' and ')} (from your app in TikTok Shop Partner Center)`);
    if (config.access_token === undefined && config.refresh_token === undefined && config.token_store_url === undefined && !options.tokenStore?.(config)) {
      problems.push('missing "refresh_token" (or "access_token"): the seller authorization of your app (`tap-tiktok-shop authorize` gets one; with token_store_path set it is kept there and the config needs none)');
    }
  }
  for (const name of SECRET_SETTINGS) registerSecret(input[name]);
  if (problems.length) {
    throw configError(
      `invalid config: ${problems.join('; ')}`,
      'fix these settings (all settings: tap-tiktok-shop --about)',
    );
  }
  return config;
}

export function redactConfig(config: Partial<TapConfig> | Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const name of SECRET_SETTINGS) if (copy[name] !== undefined) copy[name] = MASK;
  return copy;
}
