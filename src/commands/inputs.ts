import { readFileSync } from 'node:fs';
import { loadRawConfig, validateConfig, type LoadedConfig } from '../config.js';
import { TapError } from '../errors.js';
import { jsonErrorWhere } from '../json-error.js';
import { log } from '../log.js';
import type { TapConfig } from '../settings.js';
import { selectEverything, selectionFromCatalog, type Selection } from '../singer/selection.js';
import { TAP_STREAMS } from '../streams/table.js';
import { tokenStoreLocation } from '../tokens/store-path.js';
import { envLogLevel, flagLogLevel, type CliOptions } from './options.js';

/** The files a run reads besides the config: the catalog and the state, each refused with a line that says why. */
export function readJsonFile(path: string, what: 'catalog' | 'state'): unknown {
  const code = what === 'catalog' ? 'CATALOG_INVALID' : 'STATE_INVALID';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new TapError(code, `${what} file ${path} cannot be read`, { hint: `pass an existing file with --${what}` });
  }
  if (what === 'state' && text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TapError(code, `${what} file ${path} is not valid JSON (${jsonErrorWhere(error, text)})`, {
      hint: what === 'catalog' ? 'run --discover again to get a valid catalog' : 'pass the value of the last STATE message, or {}',
    });
  }
}

/** Reads and checks the config sources, then applies its log settings. */
export function loadConfig(options: CliOptions, requireCredentials: boolean): LoadedConfig {
  const { raw, origins } = loadRawConfig(options.config);
  const tokenStore = (config: TapConfig) => tokenStoreLocation(config, process.env, process.cwd()) !== undefined;
  const config = validateConfig(raw, { requireCredentials, tokenStore });
  applyLogSettings(options, config);
  return { config, origins };
}

/** Flags win over settings (which are all Meltano can pass), settings over the LOGLEVEL variables. */
function applyLogSettings(options: CliOptions, config: TapConfig): void {
  const level = flagLogLevel(options.logLevel) ?? config.log_level ?? envLogLevel();
  log.configure({
    ...(level ? { level } : {}),
    format: options.logFormat ?? config.log_format ?? 'text',
    metrics: config.emit_metrics,
    requestMetrics: config.request_metrics,
  });
}

/** The streams and fields the catalog (--catalog, or its legacy name --properties) selects; every stream without one. */
export function selection(options: CliOptions): Selection {
  const path = options.catalog ?? options.properties;
  return path ? selectionFromCatalog(TAP_STREAMS, readJsonFile(path, 'catalog'), path, (line) => log.warn(line)) : selectEverything(TAP_STREAMS);
}
