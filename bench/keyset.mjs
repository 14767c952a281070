// Keyset paging over Search Orders as the tap does it (src/sync/sorted-search.ts), shared by the bench's yardsticks
// (fetch-fanout.mjs). `search(cursor, token)` asks for one page of update_time in [cursor, hi). The
// next page is requested as soon as this one is parsed (the keyset query is known at once), so the caller's work on a
// yielded page overlaps the next request. Yields each page's orders less those an earlier page of this scan already
// gave: the keyset re-reads the rows at the cursor, and a row refreshed past `hi` comes once.
export async function* keysetPages(search, lo, hi) {
  let cursor = lo;
  let seenAtCursor = new Set();
  const seenBeyond = new Set();
  let token = '';
  let pending = search(cursor, token);
  for (;;) {
    const data = await pending;
    const orders = data.orders ?? [];
    const next = data.next_page_token || '';
    // The next query needs only this page's newest update_time (or its token, inside a tie): ask for it now.
    let newest = cursor;
    for (const order of orders) if (order.update_time < hi && order.update_time > newest) newest = order.update_time;
    const pageCursor = cursor;
    const pageSeen = seenAtCursor;
    if (newest > cursor) {
      cursor = newest;
      seenAtCursor = new Set();
      token = '';
    } else if (next) token = next;
    if (next) pending = search(cursor, token);
    const fresh = [];
    for (const order of orders) {
      const t = order.update_time;
      if (t >= hi) {
        const version = `${order.id}@${t}`;
        if (seenBeyond.has(version)) continue;
        seenBeyond.add(version);
      } else if (t === pageCursor) {
        if (pageSeen.has(order.id)) continue;
        pageSeen.add(order.id);
      }
      if (t === cursor && cursor !== pageCursor) seenAtCursor.add(order.id);
      fresh.push(order);
    }
    yield fresh;
    if (!next) return;
  }
}
