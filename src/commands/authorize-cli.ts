import { Command, CommanderError, Option } from 'commander';
import { EXIT } from '../errors.js';
import { asciiLogText, log, LOG_LEVELS, type LogFormat, type LogLevel } from '../log.js';
import { redact } from '../redact.js';
import { askLine } from '../authorize/prompt.js';
import { authorize } from './authorize.js';

interface AuthorizeCliOptions {
  config: string[];
  code?: string;
  redirectUrl?: string;
  state?: string;
  consentHost: string;
  printUrl?: boolean;
  logLevel?: LogLevel;
  logFormat?: LogFormat;
}

function buildAuthorizeProgram(): Command {
  return new Command('tap-tiktok-shop authorize')
    .description(
      'Connect a seller shop: prints the consent link, takes the redirect back (at the prompt, or --redirect-url / --code), ' +
        'exchanges the code for tokens, saves them where the sync reads them and lists the shops the grant reaches. ' +
        'All output goes to stderr.',
    )
    .option('-c, --config <file>', 'config JSON file with app_key, app_secret and service_id, repeatable; the tokens are written into it', (value: string, previous: string[]) => [...previous, value], [] as string[])
    .addOption(new Option('--redirect-url <url>', 'the whole address TikTok sent the seller to after approving (for scripts)').conflicts('code'))
    .option('--code <code>', 'the bare auth code from that address (for scripts; no state to check)')
    .option('--state <state>', 'the state of a consent link printed earlier; the redirect URL must carry exactly it')
    .addOption(new Option('--consent-host <host>', 'consent page: global; us (US Partner Center apps: services.tiktokshops.us, the newer guide); us-legacy (services.us.tiktokshop.com, the older guide, if us does not load); or a base URL').default('global'))
    .addOption(new Option('--print-url', 'print the consent link and exit (first step of a scripted authorize)').conflicts(['code', 'redirectUrl']))
    .addOption(new Option('--log-level <level>', 'log level').choices([...LOG_LEVELS, 'warn']))
    .addOption(new Option('--log-format <format>', 'log line format on stderr').choices(['text', 'json']))
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text), // --help, as for the tap itself
      writeErr: (text) => process.stderr.write(text),
      outputError: () => {},
    })
    .allowExcessArguments(false);
}

/** Parses the words after `authorize` and runs it; `rootConfig` are the --config sources given before the word. */
export async function runAuthorizeCli(after: readonly string[], rootConfig: readonly string[]): Promise<number> {
  const program = buildAuthorizeProgram();
  try {
    program.parse([...after], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') return EXIT.OK;
      log.critical(`${error.message.replace(/^error: /, '')} — see tap-tiktok-shop authorize --help`);
      return EXIT.INPUT;
    }
    throw error;
  }
  const options = program.opts<AuthorizeCliOptions>();
  const level = options.logLevel === ('warn' as LogLevel) ? 'warning' : options.logLevel;
  log.configure({ ...(level ? { level } : {}), ...(options.logFormat ? { format: options.logFormat } : {}) });
  return authorize(
    {
      sources: [...rootConfig, ...options.config],
      ...(options.code !== undefined ? { code: options.code } : {}),
      ...(options.redirectUrl !== undefined ? { redirectUrl: options.redirectUrl } : {}),
      ...(options.state !== undefined ? { state: options.state } : {}),
      consentHost: options.consentHost,
      printUrl: options.printUrl === true,
    },
    {
      logger: log,
      isTTY: process.stdin.isTTY === true,
      ask: (question) => askLine(question),
      // Human-facing lines: bare text on stderr (a link must stay clickable), or log records in JSON mode.
      say: (line) => (log.format === 'json' ? log.info(line) : void process.stderr.write(`${asciiLogText(redact(line))}\n`)),
      env: process.env,
    },
  );
}
