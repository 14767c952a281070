import { Command, CommanderError, Option, type OutputConfiguration } from 'commander';
import { EXIT } from '../errors.js';
import { log, LOG_LEVELS } from '../log.js';
import { PACKAGE, versionText } from '../package-root.js';
import type { CliOptions } from './options.js';

/** Where commander writes help, the version and its own errors: stdout and stderr, unless a test says otherwise. */
const STANDARD_OUTPUT: OutputConfiguration = {
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
};

/**
 * The tap's flags. exitOverride: commander throws instead of exiting, so the caller decides the exit code and a
 * test can drive the program in-process. Its own error text is not printed (outputError): parseArguments logs one
 * line through the tap's logger, like every other input error.
 */
export function buildProgram(output: OutputConfiguration = STANDARD_OUTPUT): Command {
  return new Command()
    .name(PACKAGE.name)
    .description(PACKAGE.description)
    .version(versionText(), '--version', 'print the version and exit')
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
    .configureOutput({ ...output, outputError: () => {} })
    .addHelpText('after', '\nCommands:\n  authorize  connect a seller shop and save its tokens (tap-tiktok-shop authorize --help)')
    .allowExcessArguments(false);
}

/** The options, or the exit code when commander has answered (help, version) or refused the arguments. */
export function parseArguments(argv: readonly string[], output?: OutputConfiguration): CliOptions | number {
  const program = buildProgram(output);
  try {
    program.parse([...argv], { from: 'user' });
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
  return program.opts<CliOptions>();
}
