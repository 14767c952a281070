import type { Logger, MetricPoint } from '../log.js';
import type { Outputs } from './context.js';

export interface RequestStats {
  requests: number;
  retries: number;
  throttled: number;
}

/** Requests to one endpoint for one stream: what the aggregated metrics report. */
interface EndpointStats {
  stream: string | undefined;
  endpoint: string;
  requests: number;
  errors: number;
  seconds: number;
  maxSeconds: number;
}

const emptyStats = (stream: string | undefined, endpoint: string): EndpointStats => ({ stream, endpoint, requests: 0, errors: 0, seconds: 0, maxSeconds: 0 });

/**
 * Progress on stderr: a line every few seconds during long syncs, and a per-stream, per-shop summary at the end.
 * Metrics are aggregated rather than one line per request (hundreds per minute, each re-logged by Meltano):
 * with every progress line and at the end, per stream the records written, and per stream and endpoint the
 * requests, failed requests and latency (mean, max). `period: interval` lines count since the previous
 * report, `period: run` lines the whole run. The timer is unref'd so it never keeps the process alive.
 */
export class Progress {
  pages = 0;
  /** Child calls refused per stream and shop (the per-order refusal policy, src/streams/child-calls.ts). */
  readonly refused = new Map<string, Map<string, number>>();
  /** When each stream family (by its root stream) first started and last finished, over all shops. */
  private readonly familySpans = new Map<string, { first: number; last: number }>();
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private lastRecords = 0;
  private lastAt = Date.now();
  private readonly endpoints = new Map<string, EndpointStats>();
  private readonly throttles = new Map<string, { endpoint: string; shop: string | undefined; count: number; reported: number }>();
  private readonly reportedEndpoints = new Map<string, EndpointStats>();
  private readonly reportedRecords = new Map<string, number>();
  private readonly unobserve: () => void;

  constructor(
    private readonly outputs: Outputs,
    private readonly requestStats: () => RequestStats,
    private readonly logger: Logger,
  ) {
    this.unobserve = logger.observeMetrics((point) => this.observe(point));
  }

  private observe(point: MetricPoint): void {
    if (point.metric === 'http_throttled') return this.observeThrottle(point);
    if (point.metric !== 'http_request_duration') return;
    const stream = typeof point.tags.stream === 'string' ? point.tags.stream : undefined;
    const endpoint = String(point.tags.endpoint ?? 'unknown');
    const key = `${stream ?? ''}\u0000${endpoint}`;
    const stats = this.endpoints.get(key) ?? emptyStats(stream, endpoint);
    stats.requests += 1;
    if (point.tags.status === 'failed') stats.errors += 1;
    stats.seconds += point.value;
    stats.maxSeconds = Math.max(stats.maxSeconds, point.value);
    this.endpoints.set(key, stats);
  }

  /** Throttled requests per endpoint and shop: how often TikTok's rate limit was hit, and where. */
  private observeThrottle(point: MetricPoint): void {
    const endpoint = String(point.tags.endpoint ?? 'unknown');
    const shop = typeof point.tags.shop_id === 'string' ? point.tags.shop_id : undefined;
    const key = `${endpoint}\u0000${shop ?? ''}`;
    const counts = this.throttles.get(key) ?? { endpoint, shop, count: 0, reported: 0 };
    counts.count += point.value;
    this.throttles.set(key, counts);
  }

  start(intervalSeconds: number): void {
    if (intervalSeconds <= 0) return;
    this.timer = setInterval(() => this.report(), intervalSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.unobserve();
  }

  /** Aggregated METRIC lines: since the last report (`interval`), or for the whole run. */
  private emitMetrics(period: 'interval' | 'run'): void {
    for (const output of Object.values(this.outputs)) {
      if (!output.emit) continue;
      let total = 0;
      for (const count of output.counts.values()) total += count;
      const value = period === 'run' ? total : total - (this.reportedRecords.get(output.name) ?? 0);
      if (period === 'interval') this.reportedRecords.set(output.name, total);
      if (period === 'run' || value > 0) this.logger.metric({ type: 'counter', metric: 'record_count', value, tags: { stream: output.name, period } });
    }
    for (const [key, stats] of this.endpoints) {
      const before = period === 'run' ? undefined : this.reportedEndpoints.get(key);
      const requests = stats.requests - (before?.requests ?? 0);
      if (period === 'interval') this.reportedEndpoints.set(key, { ...stats });
      if (requests === 0) continue;
      const tags = { ...(stats.stream ? { stream: stats.stream } : {}), endpoint: stats.endpoint, period };
      const seconds = stats.seconds - (before?.seconds ?? 0);
      this.logger.metric({ type: 'counter', metric: 'http_request_count', value: requests, tags });
      this.logger.metric({ type: 'counter', metric: 'http_request_error_count', value: stats.errors - (before?.errors ?? 0), tags });
      this.logger.metric({ type: 'timer', metric: 'http_request_duration_mean', value: round(seconds / requests), tags });
      // The max since the last report is not kept apart; over the run it is exact.
      if (period === 'run') this.logger.metric({ type: 'timer', metric: 'http_request_duration_max', value: round(stats.maxSeconds), tags });
    }
    for (const counts of this.throttles.values()) {
      const value = period === 'run' ? counts.count : counts.count - counts.reported;
      if (period === 'interval') counts.reported = counts.count;
      if (value === 0) continue;
      const tags = { endpoint: counts.endpoint, ...(counts.shop ? { shop_id: counts.shop } : {}), period };
      this.logger.metric({ type: 'counter', metric: 'http_throttled_count', value, tags });
    }
  }

  totalRecords(): number {
    let total = 0;
    for (const output of Object.values(this.outputs)) for (const count of output.counts.values()) total += count;
    return total;
  }

  private report(): void {
    const records = this.totalRecords();
    const now = Date.now();
    const rate = ((records - this.lastRecords) * 1000) / Math.max(1, now - this.lastAt);
    this.lastRecords = records;
    this.lastAt = now;
    const stats = this.requestStats();
    this.logger.info(
      `progress: ${records} records, ${this.pages} pages, ${stats.requests} requests (${stats.retries} retried, ${stats.throttled} throttled), ${rate.toFixed(0)} records/s`,
    );
    this.emitMetrics('interval');
  }

  childRefused(stream: string, shopId: string): void {
    const perShop = this.refused.get(stream) ?? new Map<string, number>();
    perShop.set(shopId, (perShop.get(shopId) ?? 0) + 1);
    this.refused.set(stream, perShop);
  }

  /** A family finished in one shop after `seconds`; shops run side by side, so their spans overlap. */
  familyDone(root: string, seconds: number): void {
    const last = Date.now();
    const first = last - seconds * 1000;
    const span = this.familySpans.get(root);
    this.familySpans.set(root, span ? { first: Math.min(span.first, first), last: Math.max(span.last, last) } : { first, last });
  }

  /** Wall-clock seconds from the family's first start to its last end, over all shops. */
  familySeconds(root: string): number | undefined {
    const span = this.familySpans.get(root);
    return span && (span.last - span.first) / 1000;
  }

  summary(): void {
    this.emitMetrics('run');
    const seconds = (Date.now() - this.started) / 1000;
    const stats = this.requestStats();
    for (const output of Object.values(this.outputs)) {
      if (!output.emit) continue;
      const perShop = [...output.counts.entries()].map(([shop, count]) => `${shop}=${count}`).join(' ');
      const total = [...output.counts.values()].reduce((a, b) => a + b, 0);
      const familyTime = this.familySeconds(output.name);
      const took = familyTime === undefined ? '' : ` in ${familyTime.toFixed(1)} s with its children (wall clock, all shops)`;
      const refused = [...(this.refused.get(output.name)?.values() ?? [])].reduce((a, b) => a + b, 0);
      this.logger.info(
        `summary: ${output.name}: ${total} records${took}${perShop ? ` (shop ${perShop})` : ''}${output.skipped ? `, ${output.skipped} skipped` : ''}` +
          `${refused ? `, ${refused} order(s) left out because the API refused their call` : ''}`,
      );
    }
    this.logger.info(
      `summary: ${this.totalRecords()} records in ${seconds.toFixed(1)} s; ${stats.requests} requests, ${stats.retries} retried, ${stats.throttled} throttled`,
    );
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}
