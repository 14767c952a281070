import { TapError, EXIT } from '../errors.js';
import { checkSeconds, PageTrail, pageItems } from './page-checks.js';
import type { ApiCaller, ShopRef } from './api-caller.js';

export interface SortedSearchSpec {
  path: string;
  endpoint: string;
  itemsKey: string;
  pageSize: number;
  /** The field that identifies an item (`id` for orders, `return_id` for returns). */
  idField: string;
}

export interface SortedPage<T> {
  /** Items not already yielded in this scan (a version is re-read at most once, at the cursor tie). */
  items: T[];
  /** Every item with update_time below this has been yielded: a safe bookmark once `items` are written. */
  safeBookmark: number;
}

/**
 * Reads a search sorted by update_time ascending over [lo, hi) by keyset: each request starts from the last
 * update_time seen (`update_time_ge`) instead of trusting an offset-style page token across the whole
 * window. If TikTok re-sorts rows while we page (§6 G1: "update times may exceed the selected range due to
 * ongoing data refreshes"), an offset token can skip a row; a keyset restart cannot. Page tokens are only
 * followed while a full page shares one update_time, where a keyset restart would make no progress.
 * Items reporting update_time ≥ hi were refreshed during the search: they are yielded (newer versions are
 * always emitted) but never move the cursor, so rows still unread before hi cannot be skipped.
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
  const fetchPage = () =>
    api.request<Record<string, unknown>>({
      method: 'POST',
      path: spec.path,
      endpoint: spec.endpoint,
      shop,
      tags,
      query: { page_size: spec.pageSize, sort_field: 'update_time', sort_order: 'ASC', page_token: pageToken },
      body: { update_time_ge: cursor, update_time_lt: hi },
    });
  let pending = fetchPage();
  for (;;) {
    const { data, requestId } = await pending;
    const raw = pageItems<T>(data, spec.itemsKey, spec.endpoint, requestId);
    const items: T[] = [];
    let maxInRange = cursor;
    for (const item of raw) {
      const updateTime = item.update_time;
      const id = item[spec.idField];
      if (typeof updateTime !== 'number' || !Number.isInteger(updateTime) || typeof id !== 'string') {
        throw new TapError(
          'API_REPLY_INVALID',
          `${spec.endpoint}: an item without a string ${spec.idField} or an integer update_time (request_id ${requestId})`,
          { hint: 'the API changed its reply; report it with the request_id', exitCode: EXIT.API },
        );
      }
      checkSeconds(updateTime, 'update_time', spec.endpoint, requestId);
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
    const next = typeof data.next_page_token === 'string' ? data.next_page_token : '';
    if (maxInRange > cursor) {
      cursor = maxInRange;
      seenAtCursor = new Set(
        items.filter((item) => item.update_time === cursor).map((item) => item[spec.idField] as string),
      );
      pageToken = undefined;
      trail.reset();
    } else if (next) {
      trail.follow(next, items.length > 0, requestId);
      pageToken = next;
    }
    if (!next) {
      yield { items, safeBookmark: cursor };
      return;
    }
    // The next request depends only on this page, so it goes out now, while the caller writes this page.
    pending = fetchPage();
    pending.catch(() => {}); // if the caller stops early, an error of the unused request is nobody's
    yield { items, safeBookmark: cursor };
  }
}
