import type { ApiCaller, ShopRef } from './api-caller.js';
import type { CalledPage, PagedCall } from './declaration.js';
import { addDecimals, formatDecimal, parseDecimal, sameDecimal, type Decimal } from '../decimal.js';
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
 *
 * Once the last page is read, rows short of total_count, or (with `sumCheck`) items that do not add up to the total
 * the reply states, are warned about: the rows read are written all the same (a warning, not a hold; the bookmark
 * moves), since the API's own count or total may be the one that is off, and the next read of the parent reads
 * them again.
 */
export async function* pagedCall(
  api: ApiCaller,
  shop: ShopRef,
  tags: Record<string, string>,
  call: PagedCall,
  warn: (message: string) => void = () => {},
): AsyncGenerator<CalledPage> {
  const trail = new PageTrail(call.endpoint);
  const idField = call.idField ?? 'id';
  const seen = new Set<string>();
  let promised: number | undefined;
  let first = true;
  let pageToken: string | undefined;
  const sum = call.sumCheck && new ItemSum(call.sumCheck.itemField);
  let stated: unknown;
  for (;;) {
    const { data, requestId } = await api.request<Record<string, unknown>>({
      method: 'GET',
      path: call.path,
      endpoint: call.endpoint,
      shop,
      tags,
      query: { ...call.query, page_size: call.pageSize, page_token: pageToken },
    });
    if (first) {
      promised = totalCount(data, call.endpoint, requestId);
      if (call.sumCheck) stated = data[call.sumCheck.totalField];
    }
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
    sum?.add(items);
    yield { data, items, requestId };
    const next = typeof data.next_page_token === 'string' ? data.next_page_token : '';
    if (!next) {
      const of = `${call.endpoint}${call.parent ? ` (${call.parent})` : ''}`;
      if (promised !== undefined && seen.size < promised) {
        warn(`${of}: the pages brought ${seen.size} rows although total_count promised ${promised} (request_id ${requestId}); the rows read are written`);
      }
      const problem = sum && call.sumCheck && sum.against(stated, call.sumCheck.totalField);
      if (problem) warn(`${of}: ${problem} (request_id ${requestId}); the rows read are written`);
      return;
    }
    trail.follow(next, items.length > 0, requestId);
    pageToken = next;
  }
}

/** The exact sum of one decimal field over a call's items (see pagedCall's sumCheck). */
class ItemSum {
  private total: Decimal = { units: 0n, scale: 0 };
  /** Set when an item's value is no decimal: the sum then proves nothing. */
  private unreadable = false;

  constructor(private readonly field: string) {}

  add(items: Array<Record<string, unknown>>): void {
    for (const item of items) {
      const value = parseDecimal(item?.[this.field]);
      if (value === undefined) this.unreadable = true;
      else this.total = addDecimals(this.total, value);
    }
  }

  /** What is wrong when the items do not add up to `stated` (the reply's `totalField`); undefined when they do, or cannot be told. */
  against(stated: unknown, totalField: string): string | undefined {
    const expected = parseDecimal(stated);
    if (expected === undefined || this.unreadable || sameDecimal(expected, this.total)) return undefined;
    return `the rows' ${this.field} add up to ${formatDecimal(this.total)}, not to the ${totalField} ${formatDecimal(expected)} the reply states`;
  }
}
