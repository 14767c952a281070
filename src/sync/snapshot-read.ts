import type { ShopSyncContext } from './context.js';
import type { FamilyDecl, Json, SnapshotRead } from './declaration.js';
import { pagedCall } from './paged-call.js';

/**
 * A root read of a moving set (see SnapshotRead): every page of [lo, hi) from the first, each row written with the
 * snapshot time, no bookmark (the next run reads the whole set again). The window starts at the API's earliest data
 * (start_date when none is declared) and ends where the run's other reads end (a few minutes before now, or
 * end_date). A run stopped mid-way leaves a partial snapshot under its snapshot_time; the next run writes a whole one.
 */
export async function runSnapshot(ctx: ShopSyncContext, family: FamilyDecl, read: SnapshotRead): Promise<void> {
  const { root } = family;
  const bounds = ctx.boundsFor(root, undefined, read.earliest);
  if (!bounds) return;
  // A snapshot is the whole set: start_date does not narrow it (an order placed before it may still be unsettled),
  // only the API's earliest data does.
  const lo = read.earliest ?? bounds.lo;
  const snapshotTime = Math.floor(Date.parse(ctx.now()) / 1000);
  const tags = ctx.tags(root);
  const pages = pagedCall(ctx.api, ctx.shop, tags, {
    path: read.endpoint.path,
    endpoint: read.endpoint.name,
    itemsKey: read.endpoint.itemsKey,
    pageSize: read.pageSize(ctx.config),
    query: read.query(lo, bounds.hi),
  });
  for await (const page of pages) {
    ctx.pageRead();
    const extracted = ctx.now();
    for (const item of page.items) {
      const { record } = family.records({ ...item, [read.stampField]: snapshotTime } as Json, ctx.shop.id, undefined);
      ctx.outputs[root]!.write(record, ctx.shop.id, extracted);
    }
    await ctx.checkpoint();
    if (ctx.stopping()) return;
  }
}
