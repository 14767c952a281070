import type { Logger } from '../log.js';
import type { Outputs } from './context.js';

export interface RequestStats {
  requests: number;
  retries: number;
  throttled: number;
}

/**
 * Progress on stderr: a line every few seconds during long syncs, and a per-stream, per-shop summary at the end.
 * The timer is unref'd so it never keeps the process alive.
 */
export class Progress {
  pages = 0;
  /** Child calls refused per stream and shop (the per-order refusal policy, src/streams/child-calls.ts). */
  readonly refused = new Map<string, Map<string, number>>();
  /** Seconds each stream family (by its root stream) took, summed over shops. */
  readonly familySeconds = new Map<string, number>();
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private lastRecords = 0;
  private lastAt = Date.now();

  constructor(
    private readonly outputs: Outputs,
    private readonly requestStats: () => RequestStats,
    private readonly logger: Logger,
  ) {}

  start(intervalSeconds: number): void {
    if (intervalSeconds <= 0) return;
    this.timer = setInterval(() => this.report(), intervalSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
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
  }

  childRefused(stream: string, shopId: string): void {
    const perShop = this.refused.get(stream) ?? new Map<string, number>();
    perShop.set(shopId, (perShop.get(shopId) ?? 0) + 1);
    this.refused.set(stream, perShop);
  }

  familyDone(root: string, seconds: number): void {
    this.familySeconds.set(root, (this.familySeconds.get(root) ?? 0) + seconds);
  }

  summary(): void {
    const seconds = (Date.now() - this.started) / 1000;
    const stats = this.requestStats();
    for (const output of Object.values(this.outputs)) {
      if (!output.emit) continue;
      const perShop = [...output.counts.entries()].map(([shop, count]) => `${shop}=${count}`).join(' ');
      const total = [...output.counts.values()].reduce((a, b) => a + b, 0);
      const familyTime = this.familySeconds.get(output.name);
      const took = familyTime === undefined ? '' : ` in ${familyTime.toFixed(1)} s with its children (all shops)`;
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
