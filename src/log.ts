import { redact } from './redact.js';

/**
 * Logging to stderr only (stdout belongs to Singer messages). Human-readable lines by default, JSON lines
 * with `--log-format json` / `log_format: json`; both pass through `redact` so no secret reaches a log.
 * Singer METRIC lines follow the Meltano SDK: `INFO METRIC: {"type":...,"metric":...,"value":...,"tags":{...}}`.
 * JSON lines carry every field of the Singer SDK's structured log schema (level, pid, logger_name, ts,
 * thread_name, app_name, stream_name, message, extra): Meltano 4 parses a line only when all are present,
 * and then shows it at the tap's own level instead of as info (meltano/meltano core/logging/parsers.py).
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
  /** One METRIC line per HTTP request; otherwise only at debug level (they are aggregated, see sync/progress.ts). */
  requestMetrics?: boolean;
  write?: (line: string) => void;
  name?: string;
}

/** Per-request metrics: printed only when asked, but always seen by observers (the aggregated metrics). */
const PER_REQUEST_METRICS = new Set(['http_request_duration', 'http_throttled']);

/** What a logger and its children share: settings changed by `configure`, and metric observers. */
interface Shared {
  level: LogLevel;
  format: LogFormat;
  metricsEnabled: boolean;
  requestMetrics: boolean;
  observers: Set<(point: MetricPoint) => void>;
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

const CONTROL_NAMES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Control characters as visible escapes. Seller and shop names and API messages are other people's text: an ESC,
 * OSC or BEL in them would drive the terminal, and a newline would start a forged log line (a fake CRITICAL).
 * Applied to the text inside a JSON line as well, since Meltano decodes that JSON and prints the message.
 */
export function escapeControls(text: string): string {
  if (!/[\x00-\x1f\x7f]/.test(text)) return text;
  return text.replace(/[\x00-\x1f\x7f]/g, (char) => CONTROL_NAMES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Every log and terminal line is printable ASCII. Control characters are escaped (escapeControls). And Meltano
 * before 3.3 decodes a tap's stderr as ASCII and fails on the first other byte, hiding the tap's own message: known
 * punctuation becomes its plain form, anything else (a shop name, an API message) \uXXXX, which is also a valid
 * escape inside the JSON lines of --log-format json.
 */
export function asciiLogText(line: string): string {
  const visible = escapeControls(line);
  if (!/[^\x00-\x7f]/.test(visible)) return visible;
  return visible.replace(/[^\x00-\x7f]/g, (char) => PLAIN[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** ` | key=value …`, the context a line carries in its text (both formats; see `emit` for why JSON too). */
function contextText(fields: LogFields): string {
  const context = Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return context ? ` | ${context}` : '';
}

/** Fields whose string values are escaped, for the `extra` of a JSON line. */
function escapedFields(fields: LogFields): LogFields {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, typeof value === 'string' ? escapeControls(value) : value]));
}

export class Logger {
  private readonly write: (line: string) => void;
  private readonly name: string;
  private readonly fields: LogFields;
  private readonly shared: Shared;

  constructor(options: LoggerOptions = {}, fields: LogFields = {}, shared?: Shared) {
    this.write = options.write ?? ((line) => process.stderr.write(line));
    this.name = options.name ?? 'tap-tiktok-shop';
    this.fields = fields;
    this.shared = shared ?? {
      level: options.level ?? 'info',
      format: options.format ?? 'text',
      metricsEnabled: options.metrics ?? true,
      requestMetrics: options.requestMetrics ?? false,
      observers: new Set(),
    };
  }

  get level(): LogLevel {
    return this.shared.level;
  }
  get format(): LogFormat {
    return this.shared.format;
  }
  get metricsEnabled(): boolean {
    return this.shared.metricsEnabled;
  }

  /** A logger that adds fields (stream, shop) to every line it writes; it follows later `configure` calls. */
  child(fields: LogFields): Logger {
    return new Logger({ write: this.write, name: this.name }, { ...this.fields, ...fields }, this.shared);
  }

  configure(options: Pick<LoggerOptions, 'level' | 'format' | 'metrics' | 'requestMetrics'>): void {
    if (options.level) this.shared.level = options.level;
    if (options.format) this.shared.format = options.format;
    if (options.metrics !== undefined) this.shared.metricsEnabled = options.metrics;
    if (options.requestMetrics !== undefined) this.shared.requestMetrics = options.requestMetrics;
  }

  /** Sees every metric point, printed or not; returns the function that stops observing. */
  observeMetrics(observer: (point: MetricPoint) => void): () => void {
    this.shared.observers.add(observer);
    return () => this.shared.observers.delete(observer);
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

  /**
   * An error's stack trace, at debug level only. Its frames are the tap's own text and keep a line each in text
   * logs, so a reader sees a normal trace; the message in its first line may be other people's text and is escaped
   * like any other (a newline there must not start a forged line). JSON lines carry the frames in one message.
   */
  stack(error: Error): void {
    if (!this.enabled('debug') || !error.stack) return;
    const head = `${error.name}: ${error.message}`;
    const frames = error.stack.split('\n').filter((line) => /^\s+at /.test(line));
    if (this.format === 'json') {
      this.emit('debug', `${head} ${frames.map((frame) => frame.trim()).join(' < ')}`, this.fields);
      return;
    }
    this.log('debug', head);
    for (const frame of frames) this.write(asciiLogText(redact(frame)) + '\n');
  }

  metric(point: MetricPoint): void {
    for (const observer of this.shared.observers) observer(point);
    if (!this.metricsEnabled || !this.enabled('info')) return;
    if (PER_REQUEST_METRICS.has(point.metric) && !this.shared.requestMetrics && !this.enabled('debug')) return;
    const payload = JSON.stringify({ type: point.type, metric: point.metric, value: point.value, tags: point.tags });
    if (this.format === 'json') {
      this.emit('info', `METRIC: ${payload}`, { ...this.fields, ...point.tags }, { metric_info: JSON.parse(payload) as unknown });
    } else {
      this.write(asciiLogText(redact(`INFO METRIC: ${payload}`)) + '\n');
    }
  }

  log(level: LogLevel, message: string, extra?: LogFields): void {
    if (!this.enabled(level)) return;
    const fields = extra ? { ...this.fields, ...extra } : this.fields;
    if (this.format === 'json') {
      this.emit(level, message, fields);
      return;
    }
    const line = `${new Date().toISOString()} | ${level.toUpperCase().padEnd(8)} | ${this.name} | ${message}${contextText(fields)}`;
    this.write(asciiLogText(redact(line)) + '\n');
  }

  /**
   * A JSON line. The shop and stream go into the message text as well as `extra`: Meltano 4 shows a parsed line's
   * message but not the tap's own fields, so without this every shop's "orders: 40 records" line looks the same.
   * METRIC lines keep their message as is (their tags carry shop and stream).
   */
  private emit(level: LogLevel, message: string, fields: LogFields, more: LogFields = {}): void {
    const stream = fields.stream;
    const text = 'metric_info' in more ? message : `${message}${contextText(fields)}`;
    const line = JSON.stringify({
      level,
      pid: process.pid,
      logger_name: this.name,
      ts: Date.now() / 1000,
      thread_name: 'main',
      app_name: this.name,
      stream_name: typeof stream === 'string' ? escapeControls(stream) : null,
      message: escapeControls(text),
      extra: escapedFields(fields),
      ...more,
    });
    this.write(asciiLogText(redact(line)) + '\n');
  }
}

/** The process-wide logger; the CLI configures it once it has parsed its options. */
export const log = new Logger();
