/** Request counters the control surface reports. */
import type { FaultKind } from '../options.js';

export interface SandboxStats {
  /** API and auth requests (control calls excluded). */
  requests: number;
  /** Requests per "METHOD /path/{template}". */
  by_endpoint: Record<string, number>;
  /** Requests per shop id (requests with a known shop_cipher). */
  by_shop: Record<string, number>;
  /** Requests refused by the rate limits, per shop or per endpoint and shop (not counting injected 429s). */
  throttled: number;
  /** The same, per "METHOD /path/{template}". */
  throttled_by_endpoint: Record<string, number>;
  /** Injected faults, in total and per kind. */
  faults: number;
  faults_by_kind: Record<FaultKind, number>;
  /** Successful token refreshes and token gets. */
  refreshes: number;
  token_gets: number;
  /** Error answers per code (throttles and injected faults included). */
  errors: Record<string, number>;
  /** Orders moved by the movingUpdates quirk. */
  moved_updates: number;
}

export function emptyStats(): SandboxStats {
  return {
    requests: 0, by_endpoint: {}, by_shop: {}, throttled: 0, throttled_by_endpoint: {}, faults: 0,
    faults_by_kind: { '5xx': 0, '429': 0, slow: 0, truncated: 0, reset: 0 }, refreshes: 0, token_gets: 0, errors: {},
    moved_updates: 0,
  };
}

export function bump(counter: Record<string, number>, key: string): void {
  counter[key] = (counter[key] ?? 0) + 1;
}

/** The live counters (replaced wholesale on reset, so holders keep this box, never the counters themselves). */
export class StatsBox {
  current: SandboxStats = emptyStats();

  reset(): void {
    this.current = emptyStats();
  }
}
