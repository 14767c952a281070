import type { ApiCaller, ShopRef } from './api-caller.js';
import type { CalledPage, PagedCall } from './declaration.js';
import { checkWithinTotal, PageTrail, pageItems, totalCount } from './page-checks.js';

/**
 * The pages of one per-parent GET (the transactions of one statement, §9.6), following `next_page_token` until it
 * is empty (§4), with the checks every paged read gets: the item list must be a list (or absent on an empty page),
 * a page token must not repeat, and pages that bring nothing new must not go on forever. The set it pages is fixed
 * (a settled statement's transactions), so an offset-style token is safe here; no keyset is needed.
 *
 * "New" means a key (`idField`, `id` by default: §9.6 suggests it to detect repeats) not seen before in this call:
 * an API that repeats the same rows with a fresh token makes no progress, and is stopped like one sending empty
 * pages; repeated rows are not yielded again. Rows past the first page's total_count stop the call too.
 */
export async function* pagedCall(api: ApiCaller, shop: ShopRef, tags: Record<string, string>, call: PagedCall): AsyncGenerator<CalledPage> {
  const trail = new PageTrail(call.endpoint);
  const idField = call.idField ?? 'id';
  const seen = new Set<string>();
  let promised: number | undefined;
  let first = true;
  let pageToken: string | undefined;
  for (;;) {
    const { data, requestId } = await api.request<Record<string, unknown>>({
      method: 'GET',
      path: call.path,
      endpoint: call.endpoint,
      shop,
      tags,
      query: { ...call.query, page_size: call.pageSize, page_token: pageToken },
    });
    if (first) promised = totalCount(data, call.endpoint, requestId);
    first = false;
    const raw = pageItems<Record<string, unknown>>(data, call.itemsKey, call.endpoint, requestId);
    const items = raw.filter((item) => {
      const key = item?.[idField];
      if (typeof key !== 'string' && typeof key !== 'number') return true; // no key to compare: taken as it is
      if (seen.has(String(key))) return false;
      seen.add(String(key));
      return true;
    });
    checkWithinTotal(seen.size, promised, call.endpoint, requestId);
    yield { data, items, requestId };
    const next = typeof data.next_page_token === 'string' ? data.next_page_token : '';
    if (!next) return;
    trail.follow(next, items.length > 0, requestId);
    pageToken = next;
  }
}
