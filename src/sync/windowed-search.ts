import { TapError, EXIT } from '../errors.js';
import { checkSeconds, checkWithinTotal, PageTrail, pageItems, totalCount } from './page-checks.js';
import type { ApiCaller, ShopRef } from './api-caller.js';
import { splitWindow } from './bounds.js';
import { listCall, timeFieldOf, type ListSpec } from './list-request.js';

/**
 * Product search returns at most 10,000 results per query (docs/tiktok-shop-api.md §4, G12). Kept here,
 * in one place, because the number is single-sourced.
 */
export const SEARCH_RESULT_CAP = 10_000;

/** Passes over a window whose distinct rows fall short of its total_count before the tap settles for a warning. */
const MAX_REREADS = 2;

export interface WindowedSearchSpec extends ListSpec {
  resultCap?: number;
  /**
   * How the window's end is sent: `le` (inclusive, products, §4 G5; the default) or `lt` (exclusive, the finance
   * lists, §9.4), which asks for the second after the window's last.
   */
  upperBound?: 'le' | 'lt';
}

export type WindowedEvent<T> =
  /** Items of the window [from, to] not yielded before (rows refreshed meanwhile may report an update_time past `to`). */
  | { kind: 'page'; items: T[]; from: number; to: number; requestId: string }
  /**
   * The whole window [from, to] has been read; `maxUpdateTime` is the newest update_time seen in it. `shortfall`
   * counts rows total_count promised that no pass returned (rows that left the window while it was read do this);
   * a caller must not move its bookmark past a window with a shortfall.
   */
  | { kind: 'windowDone'; from: number; to: number; maxUpdateTime: number | undefined; shortfall: number };

/**
 * Reads an unsorted search with inclusive `update_time_ge`/`update_time_le` bounds (products use `_le`, §4 G5)
 * over [lo, hi), window by window (or, with `timeField` and `upperBound: 'lt'`, an unsorted GET list such as
 * Get Withdrawals by create_time, §9.4; "update_time" below stands for the time field). A window whose first page reports `total_count` at the result cap is
 * halved before it is read, so no query ever hits the cap. Within a window a version (id + update_time) is
 * yielded once; the order of rows is not known, so the bookmark may only move when a window is complete.
 *
 * total_count is what the cap check and the shortfall check rest on, so it is checked rather than trusted: a value
 * that is not a non-negative integer is refused; a reply without one (the API is silent, not lying) is warned about
 * once, and the window is then judged by the rows it returned: a window whose pass returned `cap` rows or more may
 * have been cut off, so it is split and read again as two halves (rows already yielded are not yielded twice).
 */
export async function* windowedSearch<T extends Record<string, unknown>>(
  api: ApiCaller,
  shop: ShopRef,
  spec: WindowedSearchSpec,
  lo: number,
  hi: number,
  tags: Record<string, string>,
): AsyncGenerator<WindowedEvent<T>> {
  const cap = spec.resultCap ?? SEARCH_RESULT_CAP;
  const field = timeFieldOf(spec);
  // A window split after it was read (no total_count) hands the versions it yielded to its halves.
  const windows: Array<[number, number, Set<string>?]> = [[lo, hi - 1]];
  let warnedNoTotal = false;
  while (windows.length) {
    const [from, to, inherited] = windows.shift()!;
    const seen = inherited ?? new Set<string>();
    let maxUpdateTime: number | undefined;
    let pageToken: string | undefined;
    const trail = new PageTrail(spec.endpoint);
    let first = true;
    // Rows re-sorted while a window is paged can shift an offset-style token past an unchanged row (§6 G1). The
    // first page's total_count says how many distinct rows the window holds; a pass that saw fewer reads the
    // window again (versions already yielded are not yielded twice).
    let expected: number | undefined;
    let passStart = true;
    const ids = new Set<string>();
    let rereads = 0;
    const bounds = spec.upperBound === 'lt' ? { [`${field}_ge`]: from, [`${field}_lt`]: to + 1 } : { [`${field}_ge`]: from, [`${field}_le`]: to };
    const fetchPage = () => api.request<Record<string, unknown>>(listCall(spec, shop, tags, bounds, { page_size: spec.pageSize, page_token: pageToken }));
    let pending = fetchPage();
    for (;;) {
      const { data, requestId } = await pending;
      const total = totalCount(data, spec.endpoint, requestId);
      if (total === undefined && !warnedNoTotal) {
        warnedNoTotal = true;
        spec.warn?.(
          `${spec.endpoint}: the reply has no total_count (request_id ${requestId}); windows are split when a pass returns ${cap} rows or more, and rows lost while paging cannot be detected`,
        );
      }
      if (first && total !== undefined && total >= cap) {
        const halves = splitWindow(from, to);
        if (halves) {
          windows.unshift(...halves);
          break;
        }
        throw new TapError(
          'SEARCH_CAP',
          `${spec.endpoint}: more than ${cap} results with one ${field} (${from}); the API cannot page past ${cap}`,
          { hint: 'report this; no window can be split further', exitCode: EXIT.API },
        );
      }
      if (passStart) expected = total;
      passStart = false;
      first = false;
      const raw = pageItems<T>(data, spec.itemsKey, spec.endpoint, requestId);
      const items: T[] = [];
      const idsBefore = ids.size;
      for (const item of raw) {
        const time = item[field];
        if (typeof time === 'number') checkSeconds(time, field, spec.endpoint, requestId);
        ids.add(String(item[spec.idField]));
        const version = `${String(item[spec.idField])}@${String(time)}`;
        if (seen.has(version)) continue;
        seen.add(version);
        if (typeof time === 'number' && time <= to) maxUpdateTime = Math.max(maxUpdateTime ?? time, time);
        items.push(item);
      }
      // Rows refreshed while a window is read may join it (§6 G1), so a pass may bring more rows than its first
      // total_count said, but not without bound: an API handing out one new row per page would be followed for ever.
      checkWithinTotal(ids.size, expected, spec.endpoint, requestId, (expected ?? 0) + spec.pageSize);
      const next = typeof data.next_page_token === 'string' ? data.next_page_token : '';
      if (!next) {
        yield { kind: 'page', items, from, to, requestId };
        if (expected === undefined && ids.size >= cap) {
          // Without total_count, a pass that returned the cap may have been cut off there: read it again in halves.
          const halves = splitWindow(from, to);
          if (!halves) {
            throw new TapError(
              'SEARCH_CAP',
              `${spec.endpoint}: ${ids.size} results with one ${field} (${from}) and no total_count; the API cannot page past ${cap}`,
              { hint: 'report this; no window can be split further', exitCode: EXIT.API },
            );
          }
          windows.unshift([halves[0][0], halves[0][1], seen], [halves[1][0], halves[1][1], seen]);
          break;
        }
        const shortfall = expected === undefined ? 0 : expected - ids.size;
        if (shortfall > 0 && rereads < MAX_REREADS) {
          rereads++;
          passStart = true;
          ids.clear();
          trail.reset();
          pageToken = undefined;
          pending = fetchPage();
          continue;
        }
        yield { kind: 'windowDone', from, to, maxUpdateTime, shortfall: Math.max(0, shortfall) };
        break;
      }
      // "New" is new to this pass: a re-read pass brings rows already yielded, and that is progress.
      trail.follow(next, ids.size > idsBefore, requestId);
      pageToken = next;
      // Ask for the next page now, while the caller handles this one.
      pending = fetchPage();
      pending.catch(() => {}); // if the caller stops early, an error of the unused request is nobody's
      yield { kind: 'page', items, from, to, requestId };
    }
  }
}
