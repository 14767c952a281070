import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { splitAuthorize } from './commands/authorize-args.js';
import { EXIT, TapError } from './errors.js';
import { jsonErrorWhere } from './json-error.js';
import { log, LOG_LEVELS, type LogLevel, type LogFormat } from './log.js';
import { PACKAGE } from './package-root.js';
import type { TapConfig } from './settings.js';

/**
 * Commander wiring only: parse, load, dispatch. Everything heavy (ajv, got, the sync engine) is imported
 * lazily so that `--about`, `--version` and `--discover` start fast.
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

function buildProgram(): Command {
  return new Command()
    .name(PACKAGE.name)
    .description(PACKAGE.description)
    .version(`${PACKAGE.name} v${PACKAGE.version} (Node ${process.versions.node})`, '--version', 'print the version and exit')
    .option('-c, --config <file>', 'config JSON file, repeatable (later files win); ENV reads TAP_TIKTOK_SHOP_* variables and .env', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .option('-d, --discover', 'print the catalog of streams and exit')
    .option('--catalog <file>', 'catalog selecting streams and fields')
    .option('-p, --properties <file>', 'legacy name of --catalog')
    .option('-s, --state <file>', 'state (bookmarks) from a previous run')
    .option('--about', 'print what this tap is and its settings, then exit')
    .addOption(new Option('--format <format>', 'format of --about').choices(['text', 'json', 'markdown']).default('text'))
    .option('--test [mode]', 'check the connection to every shop and exit; --test=schema prints only SCHEMA messages')
    .addOption(new Option('--log-level <level>', 'log level').choices([...LOG_LEVELS, 'warn']))
    .addOption(new Option('--log-format <format>', 'log line format on stderr (default text)').choices(['text', 'json']))
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      outputError: () => {},
    })
    .addHelpText('after', '\nCommands:\n  authorize  connect a seller shop and save its tokens (tap-tiktok-shop authorize --help)')
    .allowExcessArguments(false);
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
    const { discoverCatalog } = await import('./singer/catalog.js');
    const { TAP_STREAMS } = await import('./streams/table.js');
    const { asciiJson } = await import('./singer/messages.js');
    await writeStdout(`${asciiJson(discoverCatalog(TAP_STREAMS, loaded?.config.time_format), 2)}\n`);
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
  const program = buildProgram();
  // `authorize` is a word anywhere among the arguments (Meltano puts its own flags first): see authorize-args.ts.
  const split = splitAuthorize(argv);
  try {
    program.parse([...(split ? split.before : argv)], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.version' || error.code === 'commander.helpDisplayed' || error.code === 'commander.help') {
        return EXIT.OK;
      }
      log.critical(`${error.message.replace(/^error: /, '')} — see tap-tiktok-shop --help`);
      return EXIT.INPUT;
    }
    throw error;
  }
  const options = program.opts<CliOptions>();
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
