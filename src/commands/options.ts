import { LOG_LEVELS, type LogFormat, type LogLevel } from '../log.js';

/** The tap's flags as commander hands them over (commands/program.ts declares them). */
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

/** `--log-level warn` is accepted as the Python spelling of `warning` (Meltano and the Singer SDK use both). */
export function flagLogLevel(level: LogLevel | undefined): LogLevel | undefined {
  return level === ('warn' as LogLevel) ? 'warning' : level;
}

/** TAP_TIKTOK_SHOP_LOGLEVEL, else LOGLEVEL (what Meltano sets); anything that is not a level is ignored. */
export function envLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel | undefined {
  const value = (env.TAP_TIKTOK_SHOP_LOGLEVEL ?? env.LOGLEVEL)?.toLowerCase();
  if (value === 'warn') return 'warning';
  return (LOG_LEVELS as readonly string[]).includes(value ?? '') ? (value as LogLevel) : undefined;
}
