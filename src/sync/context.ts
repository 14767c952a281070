import type { Logger } from '../log.js';
import type { TapConfig } from '../settings.js';
import type { ApiCaller, ShopRef } from './api-caller.js';
import type { Bounds } from './bounds.js';
import type { TrailingWindow } from './declaration.js';
import type { StreamOutput } from './stream-output.js';

/** See ShopSyncContext.reportSpan. */
export interface ReportSpan {
  bookmark: number | undefined;
  startDate: number;
  endDate: number | undefined;
  syncStart: number;
}

export type Outputs = Record<string, StreamOutput>;

/** What a stream family needs to sync one shop. */
export interface ShopSyncContext {
  api: ApiCaller;
  shop: ShopRef & { name?: string; region?: string };
  outputs: Outputs;
  config: TapConfig;
  logger: Logger;
  /**
   * The window this run reads for a root stream, or undefined when there is nothing to read; with `trailing`, it
   * also covers the last days that window names (records whose status changes after their time field).
   */
  boundsFor(stream: string, trailing?: TrailingWindow, floor?: number): Bounds | undefined;
  /**
   * What the root stream's state keeps beside its bookmark for this shop under `key` (src/sync/revisits.ts), and
   * storing it: stored only where the bookmark exists, and emitted with the next STATE.
   */
  kept(stream: string, key: string): unknown;
  keep(stream: string, key: string, value: unknown): void;
  /**
   * What a report read by days (src/sync/day-report.ts) plans its days from: the shop's bookmark of `stream` (as
   * boundsFor finds it), start_date, end_date and the sync start, all Unix seconds.
   */
  reportSpan(stream: string): ReportSpan;
  /** Moves the shop's bookmark of a root stream forward, once the records up to `value` are written. */
  advance(stream: string, value: number): void;
  /** Waits for stdout to take the records written so far, then emits STATE if a bookmark moved. */
  checkpoint(): Promise<void>;
  /** True once the run is being stopped (signal, fatal error elsewhere): finish the page, do not start another. */
  stopping(): boolean;
  /** Counts one parent whose child call (price detail, external references) was refused: summary and METRIC. */
  childRefused(stream: string): void;
  /**
   * Child streams that stopped being synced for this shop in this run (their endpoint refuses everything): later
   * bookmarks of their family no longer vouch for them, so the next run reads the family again for them.
   */
  unsynced(streams: readonly string[]): void;
  /** Counts a page read, for progress lines. */
  pageRead(): void;
  /** RFC 3339 UTC timestamp for time_extracted. */
  now(): string;
  /** Metric tags for requests of this shop and stream. */
  tags(stream: string): Record<string, string>;
}

/** Runs promises side by side but fails with the first error only after all have settled (none left running). */
export async function settleAll<T>(tasks: Array<Promise<T>>): Promise<T[]> {
  const results = await Promise.allSettled(tasks);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}
