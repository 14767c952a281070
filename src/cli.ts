import { readFileSync } from 'node:fs';
import { splitAuthorize } from './commands/authorize-args.js';
import { EXIT, TapError } from './errors.js';
import { jsonErrorWhere } from './json-error.js';
import { fastArgs } from './commands/fast-args.js';
import { log, LOG_LEVELS, type LogLevel, type LogFormat } from './log.js';
import { versionText } from './package-root.js';
import type { TapConfig } from './settings.js';

/**
 * Parse, load, dispatch. Everything heavy (commander, the HTTP client, the sync engine) is imported lazily so that `--about`,
 * `--version` and `--discover` start fast: their usual argument lists need no parser (commands/fast-args.ts).
 */
export interface CliOptions {
  config: string[];
  discover?: boolean;
  catalog?: string;
  properties?: string;
  state?: string;
  about?: boolean;
  format: 'text' | 'json' | 'markdown';
  test?: boolean | string;
  logLevel?: LogLevel;
  logFormat?: LogFormat;
}

function readJsonFile(path: string, what: 'catalog' | 'state'): unknown {
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

function writeStdout(text: string): Promise<void> {
  return new Promise((resolve) => process.stdout.write(text, () => resolve()));
}

async function dispatch(options: CliOptions): Promise<number> {
  if (options.about) {
    const about = await import('./about.js');
    const text =
      options.format === 'json'
        ? `${JSON.stringify(about.aboutInfo(), null, 2)}\n`
        : options.format === 'markdown'
          ? about.aboutMarkdown()
          : about.aboutText();
    await writeStdout(text);
    return EXIT.OK;
  }
  if (options.discover) {
    // Discovery needs no credentials: the schemas are static files. A given config is still checked for typos.
    // The catalog's schemas follow time_format, as the SCHEMA messages of a sync with the same config do.
    const loaded = options.config.length ? await loadConfig(options, false) : undefined;
    const { discoverText } = await import('./commands/discover.js');
    await writeStdout(await discoverText(loaded?.config.time_format ?? 'rfc3339'));
    return EXIT.OK;
  }
  if (options.config.length === 0) {
    throw new TapError('CONFIG_MISSING', 'no --config given', {
      hint: 'pass --config config.json (see sample-config.json), or --config ENV to read TAP_TIKTOK_SHOP_* variables',
    });
  }
  const loaded = await loadConfig(options, true);
  if (options.test === 'schema') return (await import('./commands/test-schema.js')).printSchemas(await selection(options), loaded.config.time_format);
  if (options.test !== undefined) return (await import('./commands/test-connection.js')).testConnection(loaded, log);
  const { runSyncCommand } = await import('./commands/sync.js');
  const statePath = options.state;
  return runSyncCommand({
    loaded,
    selection: await selection(options),
    stateInput: statePath ? readJsonFile(statePath, 'state') : undefined,
    statePath: statePath ?? '(none)',
    logger: log,
  });
}

async function loadConfig(options: CliOptions, requireCredentials: boolean) {
  const { loadRawConfig, validateConfig, prepareConfigValidation } = await import('./config.js');
  await prepareConfigValidation();
  const { raw, origins } = loadRawConfig(options.config);
  const { tokenStoreLocation } = await import('./tokens/store-path.js');
  const tokenStore = (config: TapConfig) => tokenStoreLocation(config, process.env, process.cwd()) !== undefined;
  const config = validateConfig(raw, { requireCredentials, tokenStore });
  applyLogSettings(options, config);
  return { config, origins };
}

/** Flags win over settings (which are all Meltano can pass), settings over the LOGLEVEL variables. */
function applyLogSettings(options: CliOptions, config: TapConfig): void {
  const level = flagLogLevel(options) ?? config.log_level ?? envLogLevel();
  log.configure({
    ...(level ? { level } : {}),
    format: options.logFormat ?? config.log_format ?? 'text',
    metrics: config.emit_metrics,
    requestMetrics: config.request_metrics,
  });
}

function flagLogLevel(options: CliOptions): LogLevel | undefined {
  return options.logLevel === ('warn' as LogLevel) ? 'warning' : options.logLevel;
}

async function selection(options: CliOptions) {
  const { selectionFromCatalog, selectEverything } = await import('./singer/selection.js');
  const { TAP_STREAMS } = await import('./streams/table.js');
  const path = options.catalog ?? options.properties;
  return path ? selectionFromCatalog(TAP_STREAMS, readJsonFile(path, 'catalog'), path, (line) => log.warn(line)) : selectEverything(TAP_STREAMS);
}

function reportFailure(error: unknown): number {
  if (error instanceof TapError) {
    log.critical(error.userLine());
    if (log.enabled('debug') && error.stack) log.debug(error.stack);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  log.critical(`unexpected error: ${message} — rerun with --log-level debug and report it with the output`);
  if (log.enabled('debug') && error instanceof Error && error.stack) log.debug(error.stack);
  return EXIT.INTERNAL;
}

function envLogLevel(): LogLevel | undefined {
  const value = (process.env.TAP_TIKTOK_SHOP_LOGLEVEL ?? process.env.LOGLEVEL)?.toLowerCase();
  if (value === 'warn') return 'warning';
  return (LOG_LEVELS as readonly string[]).includes(value ?? '') ? (value as LogLevel) : undefined;
}

/** Runs the CLI and returns the exit code (the caller exits), so tests can drive it in-process. */
export async function runCli(argv: readonly string[]): Promise<number> {
  // `authorize` is a word anywhere among the arguments (Meltano puts its own flags first): see authorize-args.ts.
  const split = splitAuthorize(argv);
  const fast = split ? undefined : fastArgs(argv);
  if (fast?.kind === 'version') {
    await writeStdout(`${versionText()}\n`);
    return EXIT.OK;
  }
  let options: CliOptions;
  if (fast) {
    options = fast.options;
  } else {
    const parsed = await (await import('./commands/program.js')).parseArguments(split ? split.before : argv);
    if (typeof parsed === 'number') return parsed;
    options = parsed;
  }
  // Until the config is read (and for errors in it), the flags and the environment decide.
  const level = flagLogLevel(options) ?? envLogLevel();
  log.configure({ ...(level ? { level } : {}), ...(options.logFormat ? { format: options.logFormat } : {}) });
  try {
    if (split) return await (await import('./commands/authorize-cli.js')).runAuthorizeCli(split.after, options.config);
    return await dispatch(options);
  } catch (error) {
    return reportFailure(error);
  }
}

export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2));
  process.exitCode = code;
  // Open sockets (keep-alive) must not hold the process once the work is done.
  setImmediate(() => process.exit(code));
}
