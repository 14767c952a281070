import { redact } from './redact.js';

/**
 * Logging to stderr only (stdout belongs to Singer messages). Human-readable lines by default, JSON lines
 * with `--log-format json`; both pass through `redact` so no secret reaches a log.
 * Singer METRIC lines follow the Meltano SDK: `INFO METRIC: {"type":...,"metric":...,"value":...,"tags":{...}}`.
 */
export const LOG_LEVELS = ['debug', 'info', 'warning', 'error', 'critical'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = 'text' | 'json';
export type LogFields = Record<string, unknown>;

export interface MetricPoint {
  type: 'counter' | 'timer';
  metric: string;
  value: number;
  tags: Record<string, string | number>;
}

export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  metrics?: boolean;
  write?: (line: string) => void;
  name?: string;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 };

/** Punctuation our messages (and API texts) use, in plain ASCII; none of it needs escaping inside a JSON string. */
const PLAIN: Record<string, string> = {
  '\u2014': '-', // em dash
  '\u2013': '-', // en dash
  '\u2026': '...',
  '\u00a7': 'section ',
  '\u2264': '<=',
  '\u2265': '>=',
  '\u2260': '!=',
  '\u00d7': 'x',
  '\u2192': '->',
  '\u2190': '<-',
  '\u2212': '-', // minus sign
  '\u2018': "'",
  '\u2019': "'",
  '\u201c': "'",
  '\u201d': "'",
  '\u00a0': ' ',
};

/**
 * Every log line is pure ASCII: Meltano before 3.3 decodes a tap's stderr as ASCII and fails on the first other
 * byte, hiding the tap's own message. Known punctuation becomes its plain form, anything else (a shop name, an
 * API message) \uXXXX, which is also a valid escape inside the JSON lines of --log-format json.
 */
export function asciiLogText(line: string): string {
  if (!/[^\x00-\x7f]/.test(line)) return line;
  return line.replace(/[^\x00-\x7f]/g, (char) => PLAIN[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export class Logger {
  level: LogLevel;
  format: LogFormat;
  metricsEnabled: boolean;
  private readonly write: (line: string) => void;
  private readonly name: string;
  private readonly fields: LogFields;

  constructor(options: LoggerOptions = {}, fields: LogFields = {}) {
    this.level = options.level ?? 'info';
    this.format = options.format ?? 'text';
    this.metricsEnabled = options.metrics ?? true;
    this.write = options.write ?? ((line) => process.stderr.write(line));
    this.name = options.name ?? 'tap-tiktok-shop';
    this.fields = fields;
  }

  /** A logger that adds fields (stream, shop) to every line it writes. */
  child(fields: LogFields): Logger {
    const child = new Logger(
      { level: this.level, format: this.format, metrics: this.metricsEnabled, write: this.write, name: this.name },
      { ...this.fields, ...fields },
    );
    return child;
  }

  configure(options: Pick<LoggerOptions, 'level' | 'format' | 'metrics'>): void {
    if (options.level) this.level = options.level;
    if (options.format) this.format = options.format;
    if (options.metrics !== undefined) this.metricsEnabled = options.metrics;
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.level];
  }

  debug(message: string, extra?: LogFields): void {
    this.log('debug', message, extra);
  }
  info(message: string, extra?: LogFields): void {
    this.log('info', message, extra);
  }
  warn(message: string, extra?: LogFields): void {
    this.log('warning', message, extra);
  }
  error(message: string, extra?: LogFields): void {
    this.log('error', message, extra);
  }
  critical(message: string, extra?: LogFields): void {
    this.log('critical', message, extra);
  }

  metric(point: MetricPoint): void {
    if (!this.metricsEnabled || !this.enabled('info')) return;
    const payload = JSON.stringify({ type: point.type, metric: point.metric, value: point.value, tags: point.tags });
    if (this.format === 'json') {
      this.emit({ level: 'info', message: `METRIC: ${payload}`, metric_info: JSON.parse(payload) as unknown });
    } else {
      this.write(asciiLogText(redact(`INFO METRIC: ${payload}`)) + '\n');
    }
  }

  log(level: LogLevel, message: string, extra?: LogFields): void {
    if (!this.enabled(level)) return;
    const fields = extra ? { ...this.fields, ...extra } : this.fields;
    if (this.format === 'json') {
      this.emit({ level, message, ...(Object.keys(fields).length ? { extra: fields } : {}) });
      return;
    }
    const context = Object.entries(fields)
      .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
      .join(' ');
    const line = `${new Date().toISOString()} | ${level.toUpperCase().padEnd(8)} | ${this.name} | ${message}${context ? ` | ${context}` : ''}`;
    this.write(asciiLogText(redact(line)) + '\n');
  }

  private emit(entry: LogFields): void {
    const line = JSON.stringify({ ts: new Date().toISOString(), pid: process.pid, logger_name: this.name, ...entry });
    this.write(asciiLogText(redact(line)) + '\n');
  }
}

/** The process-wide logger; the CLI configures it once it has parsed its options. */
export const log = new Logger();
