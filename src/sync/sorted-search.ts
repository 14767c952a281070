import { TapError, EXIT } from '../errors.js';
import { checkSeconds, PageTrail, pageItems } from './page-checks.js';
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
  const fetchPage = () =>
    api.request<Record<string, unknown>>(
      listCall(spec, shop, tags, { [`${field}_ge`]: cursor, [`${field}_lt`]: hi }, { page_size: spec.pageSize, sort_field: field, sort_order: 'ASC', page_token: pageToken }),
    );
  let pending = fetchPage();
  for (;;) {
    const { data, requestId } = await pending;
    const raw = pageItems<T>(data, spec.itemsKey, spec.endpoint, requestId);
    checkAscending(raw, spec, field, cursor, hi, requestId);
    const { items, maxInRange } = unseenItems(raw, spec, field, cursor, hi, seenAtCursor, seenBeyondWindow, requestId);
    const next = typeof data.next_page_token === 'string' ? data.next_page_token : '';
    if (maxInRange > cursor) {
      cursor = maxInRange;
      seenAtCursor = idsAt(items, field, cursor, spec.idField);
      pageToken = undefined;
      trail.reset();
      tieReported = false;
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
      yield { items, safeBookmark: cursor, requestId };
      return;
    }
    // The next request depends only on this page, so it goes out now, while the caller writes this page.
    pending = fetchPage();
    pending.catch(() => {}); // if the caller stops early, an error of the unused request is nobody's
    yield { items, safeBookmark: cursor, requestId };
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
