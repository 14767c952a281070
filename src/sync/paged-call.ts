import type { ApiCaller, ShopRef } from './api-caller.js';
import type { CalledPage, PagedCall } from './declaration.js';
import { PageTrail, pageItems } from './page-checks.js';

/**
 * The pages of one per-parent GET (the transactions of one statement, §9.6), following `next_page_token` until it
 * is empty (§4), with the checks every paged read gets: the item list must be a list (or absent on an empty page),
 * a page token must not repeat, and pages that bring nothing must not go on forever. The set it pages is fixed (a
 * settled statement's transactions), so an offset-style token is safe here; no keyset is needed.
 */
export async function* pagedCall(api: ApiCaller, shop: ShopRef, tags: Record<string, string>, call: PagedCall): AsyncGenerator<CalledPage> {
  const trail = new PageTrail(call.endpoint);
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
    const items = pageItems<Record<string, unknown>>(data, call.itemsKey, call.endpoint, requestId);
    yield { data, items, requestId };
    const next = typeof data.next_page_token === 'string' ? data.next_page_token : '';
    if (!next) return;
    trail.follow(next, items.length > 0, requestId);
    pageToken = next;
  }
}
