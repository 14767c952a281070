import { TapError, EXIT } from '../errors.js';
import { checkSeconds, PageTrail, pageItems, totalCount } from './page-checks.js';
import type { ApiCaller, ShopRef } from './api-caller.js';
import { listCall, timeFieldOf, type ListSpec } from './list-request.js';

export type SortedSearchSpec = ListSpec;

export interface SortedPage<T> {
  /** Items not already yielded in this scan (a version is re-read at most once, at the cursor tie). */
  items: T[];
  /** Every item with update_time (the spec's time field) below this has been yielded: a safe bookmark once `items` are written. */
  safeBookmark: number;
  /** The request_id of the reply the items came from, for errors about them. */
  requestId: string;
  /**
   * Where the counts of this page's reply confirmed that every row of the EARLIER pages is read (undefined for a
   * list without total_count). Those rows are written already, so this bookmark holds even if this page's own
   * records then fail: a bad record on page 2 must not cost page 1's progress.
   */
  earlierBookmark?: number;
}

/**
 * Reads a search sorted by update_time ascending over [lo, hi) by keyset: each request starts from the last
 * update_time seen (`update_time_ge`) instead of trusting an offset-style page token across the whole
 * window. If TikTok re-sorts rows while we page (§6 G1: "update times may exceed the selected range due to
 * ongoing data refreshes"), an offset token can skip a row; a keyset restart cannot. Page tokens are only
 * followed while a full page shares one update_time, where a keyset restart would make no progress.
 * Items reporting update_time ≥ hi were refreshed during the search: they are yielded (newer versions are
 * always emitted) but never move the cursor, so rows still unread before hi cannot be skipped.
 *
 * All of this relies on the API honouring `sort_field=update_time&sort_order=ASC`. An API that ignores them
 * (rows in id order, or descending) would make the cursor jump to a page's maximum past rows never read, so every
 * page is checked: its in-window rows must be ascending and none may lie below the cursor it was asked for. A
 * page that is not is refused before any of its rows is yielded, so the bookmark stays where it was.
 *
 * A page of one row cannot show its order, and one of two shows it by chance, so order is also checked across
 * pages by count (any page_size): between two keyset queries from `c` and `c'`, total_count must drop by no more
 * than the rows read in [c, c'). When it drops by more (rows skipped, or rows refreshed past the window meanwhile),
 * one more request counts [c, c') afresh, and rows there that were never read refuse the search (see SortCheck).
 * The bookmark a page offers therefore lags one query behind: it moves to c' only once the next reply confirmed it.
 *
 * With `timeField` set, "update_time" above stands for that field: the finance lists are GET calls sorted by
 * statement_time or create_time (§9.4), times that never move, and read with the same keyset and checks.
 */
export async function* sortedSearch<T extends Record<string, unknown>>(
  api: ApiCaller,
  shop: ShopRef,
  spec: SortedSearchSpec,
  lo: number,
  hi: number,
  tags: Record<string, string>,
): AsyncGenerator<SortedPage<T>> {
  let cursor = lo;
  let seenAtCursor = new Set<string>();
  const seenBeyondWindow = new Set<string>();
  let pageToken: string | undefined;
  const trail = new PageTrail(spec.endpoint);
  let tieReported = false;
  const field = timeFieldOf(spec);
  const query = (ge: number, lt: number, token: string | undefined) =>
    api.request<Record<string, unknown>>(
      listCall(spec, shop, tags, { [`${field}_ge`]: ge, [`${field}_lt`]: lt }, { page_size: spec.pageSize, sort_field: field, sort_order: 'ASC', page_token: token }),
    );
  const fetchPage = () => query(cursor, hi, pageToken);
  const sortCheck = new SortCheck(spec, field, lo, hi, async (ge, lt) => {
    const { data, requestId } = await query(ge, lt, undefined);
    return { total: totalCount(data, spec.endpoint, requestId), requestId };
  });
  let pending = fetchPage();
  let firstOfQuery = true;
  for (;;) {
    const { data, requestId } = await pending;
    const raw = pageItems<T>(data, spec.itemsKey, spec.endpoint, requestId);
    checkAscending(raw, spec, field, cursor, hi, requestId);
    if (firstOfQuery) await sortCheck.queryStarted(cursor, totalCount(data, spec.endpoint, requestId), requestId);
    const earlierBookmark = sortCheck.confirmed();
    sortCheck.read(raw, spec.idField);
    const { items, maxInRange } = unseenItems(raw, spec, field, cursor, hi, seenAtCursor, seenBeyondWindow, requestId);
    const next = typeof data.next_page_token === 'string' ? data.next_page_token : '';
    firstOfQuery = false;
    if (maxInRange > cursor) {
      cursor = maxInRange;
      seenAtCursor = idsAt(items, field, cursor, spec.idField);
      pageToken = undefined;
      trail.reset();
      tieReported = false;
      firstOfQuery = true;
    } else if (next) {
      // A full page of one update_time: only the page token leads on, inside a tie where the API promises no
      // order (§4). The bookmark stays at the tie's time (every row below it is read) until the tie is done.
      if (!tieReported && raw.some((item) => item[field] === cursor)) {
        tieReported = true;
        spec.warn?.(
          `${spec.endpoint}: more than ${spec.pageSize} rows share ${field} ${cursor} (${new Date(cursor * 1000).toISOString()}), more than a page; ` +
            'the tap follows the page token inside them, where the API promises no order, and keeps the bookmark at that time until they are read',
        );
      }
      trail.follow(next, items.length > 0, requestId);
      pageToken = next;
    }
    if (!next) {
      // The last page of the last query: every row of [cursor, hi) must have been read.
      await sortCheck.queryStarted(hi, 0, requestId);
      yield { items, safeBookmark: cursor, requestId, earlierBookmark };
      return;
    }
    // The next request depends only on this page, so it goes out now, while the caller writes this page.
    pending = fetchPage();
    pending.catch(() => {}); // if the caller stops early, an error of the unused request is nobody's
    yield { items, safeBookmark: sortCheck.safeBookmark(cursor), requestId, earlierBookmark };
  }
}

/**
 * The page's items not yielded before in this scan (see sortedSearch), and the newest time among those inside the
 * window (`cursor` if none). A plain function rather than part of the generator: V8 then optimizes this per-item
 * loop on its own, a small function compiled once, instead of recompiling the whole generator (with everything
 * it inlines) each time the loop meets an item of a new shape.
 */
function unseenItems<T extends Record<string, unknown>>(
  raw: T[],
  spec: SortedSearchSpec,
  field: string,
  cursor: number,
  hi: number,
  seenAtCursor: Set<string>,
  seenBeyondWindow: Set<string>,
  requestId: string,
): { items: T[]; maxInRange: number } {
  const items: T[] = [];
  let maxInRange = cursor;
  for (let i = 0; i < raw.length; i++) {
    const item = raw[i]!;
    const updateTime = item[field];
    const id = item[spec.idField];
    if (typeof updateTime !== 'number' || !Number.isInteger(updateTime) || typeof id !== 'string') {
      throw new TapError(
        'API_REPLY_INVALID',
        `${spec.endpoint}: an item without a string ${spec.idField} or an integer ${field} (request_id ${requestId})`,
        { hint: 'the API changed its reply; report it with the request_id', exitCode: EXIT.API },
      );
    }
    checkSeconds(updateTime, field, spec.endpoint, requestId);
    if (updateTime >= hi) {
      // Refreshed past the window during the search: it may come back after a keyset restart; emit it once.
      const version = `${id}@${updateTime}`;
      if (seenBeyondWindow.has(version)) continue;
      seenBeyondWindow.add(version);
    } else if (updateTime > maxInRange) maxInRange = updateTime;
    if (updateTime === cursor && seenAtCursor.has(id)) continue;
    if (updateTime === cursor) seenAtCursor.add(id);
    items.push(item);
  }
  return { items, maxInRange };
}

/** The ids of the items at time `at`: those a keyset restart from `at` returns again. */
function idsAt(items: Array<Record<string, unknown>>, field: string, at: number, idField: string): Set<string> {
  const ids = new Set<string>();
  for (let i = 0; i < items.length; i++) if (items[i]![field] === at) ids.add(items[i]![idField] as string);
  return ids;
}

/**
 * Refuses a page whose rows inside the window are not ascending by update_time, or lie below the cursor asked
 * for: the API ignored the sort (or the filter), and keyset paging over it would skip rows. Rows at or past `hi`
 * were refreshed during the search and may show up anywhere; they are left out of the check. A page of one row
 * cannot show its order; the check needs two.
 */
function checkAscending(raw: unknown[], spec: SortedSearchSpec, field: string, cursor: number, hi: number, requestId: string): void {
  let previous = cursor;
  for (const item of raw) {
    const updateTime = (item as Record<string, unknown> | null)?.[field];
    if (typeof updateTime !== 'number' || updateTime >= hi) continue;
    if (updateTime < previous) {
      const what = previous === cursor ? `${field} ${updateTime} below the requested ${field}_ge ${cursor}` : `${field} ${updateTime} after ${previous}`;
      throw new TapError(
        'API_SORT_IGNORED',
        `${spec.endpoint}: the page is not sorted by ${field} ascending (${what}; request_id ${requestId}); the tap pages by that order, so it stopped here rather than skip rows, and the bookmark stays at ${cursor}`,
        { hint: 'the API ignored sort_field/sort_order; report it to TikTok with the request_id — the next run resumes from the same bookmark', exitCode: EXIT.API },
      );
    }
    previous = updateTime;
  }
}

/**
 * The order check by count (see sortedSearch): the keyset queries of one search each start at a cursor and report
 * total_count, the rows in [cursor, hi). Between two queries from `c` and `c'`, the rows of [c, c') must all have
 * been read, since a sorted reply gives them before any row at c'. A drop in total_count larger than the rows read
 * there means rows were skipped (the sort was ignored) or rows of [c', hi) were refreshed past the window meanwhile;
 * a fresh count of [c, c') tells the two apart, since rows only ever leave a range of past times.
 */
class SortCheck {
  /** Every row below this has been read, as the counts confirm: a bookmark that skips nothing. */
  verified: number;
  private start: number;
  private total: number | undefined;
  /** In-window rows of the current query, by id: their time. */
  private rows = new Map<string, number>();

  constructor(
    private readonly spec: SortedSearchSpec,
    private readonly field: string,
    lo: number,
    private readonly hi: number,
    private readonly count: (ge: number, lt: number) => Promise<{ total: number | undefined; requestId: string }>,
  ) {
    this.verified = lo;
    this.start = lo;
  }

  /**
   * The bookmark a page may offer while the search is at `cursor`: the one the counts confirmed, or, for a list
   * without total_count (statements, payments: §9.4), `cursor` itself, as nothing can be confirmed by count there.
   */
  safeBookmark(cursor: number): number {
    return this.total === undefined ? cursor : this.verified;
  }

  /** The bookmark the counts confirmed, or undefined for a list without total_count. */
  confirmed(): number | undefined {
    return this.total === undefined ? undefined : this.verified;
  }

  /**
   * The rows of a page of the current query. A row showing a time past the window was refreshed while the search
   * ran (§6 G1): the API may still count it at its old place, so it counts as read below any cursor.
   */
  read(raw: Array<Record<string, unknown>>, idField: string): void {
    for (const item of raw) {
      const time = item?.[this.field];
      const id = item?.[idField];
      if (typeof time === 'number' && typeof id === 'string') this.rows.set(id, time < this.hi ? time : -Infinity);
    }
  }

  /**
   * A new query from `cursor` reported `total` (at the end of the search: `hi`, where nothing is left). Checks that
   * the last query's rows below `cursor` were all read; throws API_SORT_IGNORED when rows there were skipped.
   */
  async queryStarted(cursor: number, total: number | undefined, requestId: string): Promise<void> {
    const before = this.total;
    const from = this.start;
    let read = 0;
    for (const time of this.rows.values()) if (time < cursor) read++;
    this.start = cursor;
    this.total = total;
    this.rows = new Map();
    if (cursor === from) return; // the first query: nothing read yet
    if (before !== undefined && total !== undefined && before - total > read) {
      const fresh = await this.count(from, cursor);
      if (fresh.total !== undefined && fresh.total > read) {
        throw new TapError(
          'API_SORT_IGNORED',
          `${this.spec.endpoint}: the pages are not sorted by ${this.field} ascending (${fresh.total} rows have ${this.field} in [${from}, ${cursor}) but only ${read} came before ${cursor}; ` +
            `request_id ${requestId}); the tap pages by that order, so it stopped here rather than skip rows, and the bookmark stays at ${from}`,
          { hint: 'the API ignored sort_field/sort_order; report it to TikTok with the request_id — the next run resumes from the same bookmark', exitCode: EXIT.API },
        );
      }
    }
    this.verified = Math.min(cursor, this.hi);
  }
}
