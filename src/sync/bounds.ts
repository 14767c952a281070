/**
 * Bookmark arithmetic, kept pure so it can be tested without a network.
 *
 * A run reads [lo, hi): lo = max(bookmark − lookback, start_date), hi = min(end_date, sync start − SAFETY_LAG); with
 * a trailing window (finance, records whose status changes later), lo = max(min(bookmark, sync start) −
 * max(lookback, trailing), start_date): the window hangs from the bookmark, not from now, so the last records
 * of a shop that went quiet (a dormant shop's last statements, still PROCESSING) are read again too.
 * The lag keeps the window clear of records TikTok is still re-indexing: a record updated while we page
 * through a search shows an update_time past `hi`, and is left to the next run instead of moving our cursor
 * (docs/tiktok-shop-api.md §6 G1).
 */
export const SAFETY_LAG_SECONDS = 300;

export interface BoundsInput {
  bookmark: number | undefined;
  lookbackSeconds: number;
  /**
   * A trailing window read again on every run, reaching back from the bookmark (or the sync start, if earlier);
   * 0 or absent: none. Never before start_date.
   */
  trailingSeconds?: number;
  startDate: number;
  endDate: number | undefined;
  syncStart: number;
}

export interface Bounds {
  lo: number;
  /** Exclusive. */
  hi: number;
}

export function syncBounds(input: BoundsInput): Bounds | undefined {
  const fromBookmark = input.bookmark === undefined ? input.startDate : input.bookmark - input.lookbackSeconds;
  const anchor = input.bookmark === undefined ? input.syncStart : Math.min(input.bookmark, input.syncStart);
  const trailingFrom = anchor - (input.trailingSeconds ?? 0);
  const lo = Math.max(Math.min(fromBookmark, trailingFrom), input.startDate);
  const cap = input.syncStart - SAFETY_LAG_SECONDS;
  const hi = input.endDate === undefined ? cap : Math.min(input.endDate, cap);
  return lo < hi ? { lo, hi } : undefined;
}

/** Halves an inclusive window [from, to] of whole seconds; undefined when it is one second wide. */
export function splitWindow(from: number, to: number): [[number, number], [number, number]] | undefined {
  if (to <= from) return undefined;
  const mid = from + Math.floor((to - from) / 2);
  return [
    [from, mid],
    [mid + 1, to],
  ];
}
