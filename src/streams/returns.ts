import type { ReturnLineItemsRecord, ReturnsRecord } from '../generated/records.js';
import { ENDPOINTS, pageSizeFor } from '../tiktok/endpoints.js';
import { asRecord } from './as-record.js';
import type { ShopSyncContext } from '../sync/context.js';
import { sortedSearch } from '../sync/sorted-search.js';

type Json = Record<string, unknown>;

/** A return splits into the return record and its return_line_items, each pointing at its return and order. */
export function returnRecords(ret: Json, shopId: string): { ret: ReturnsRecord; lineItems: ReturnLineItemsRecord[] } {
  const { return_line_items: lines, ...rest } = ret;
  return {
    ret: asRecord<ReturnsRecord>({ ...rest, shop_id: shopId }),
    lineItems: Array.isArray(lines)
      ? (lines as Json[]).map((line) => asRecord<ReturnLineItemsRecord>({ ...line, return_id: ret.return_id, order_id: ret.order_id, shop_id: shopId }))
      : [],
  };
}

export async function syncReturns(ctx: ShopSyncContext): Promise<void> {
  const bounds = ctx.boundsFor('returns');
  if (!bounds) return;
  const spec = ENDPOINTS.searchReturns;
  const pages = sortedSearch<Json>(
    ctx.api,
    ctx.shop,
    {
      path: spec.path,
      endpoint: spec.name,
      itemsKey: spec.itemsKey,
      pageSize: pageSizeFor(spec, ctx.config.page_size), // 10-50 for returns, whatever page_size says (G17)
      idField: 'return_id',
      warn: (message) => ctx.logger.warn(message, { stream: 'returns' }),
    },
    bounds.lo,
    bounds.hi,
    ctx.tags('returns'),
  );
  for await (const page of pages) {
    ctx.pageRead();
    const extracted = ctx.now();
    let newestWritten: number | undefined;
    for (const item of page.items) {
      const updateTime = item.update_time as number; // an integer: sortedSearch checked it
      const { ret, lineItems } = returnRecords(item, ctx.shop.id);
      // A skipped return (invalid_record_action "skip") takes its line items with it and never becomes the bookmark.
      if (!ctx.outputs.returns.write(ret, ctx.shop.id, extracted)) continue;
      newestWritten = Math.max(newestWritten ?? updateTime, updateTime);
      for (const line of lineItems) ctx.outputs.return_line_items.write(line, ctx.shop.id, extracted);
    }
    if (newestWritten !== undefined) ctx.advance('returns', Math.min(page.safeBookmark, newestWritten));
    await ctx.checkpoint();
    if (ctx.stopping()) return;
  }
}
