import type { ShopSyncContext } from './context.js';
import type { FamilyDecl, Json, SnapshotRead } from './declaration.js';
import { pagedCall } from './paged-call.js';

/**
 * A root read of a moving set (see SnapshotRead): every page of [lo, hi) from the first, each row written with the
 * snapshot time, no bookmark (the next run reads the whole set again). The window's start is start_date, raised to
 * the API's earliest data; its end is the run's usual end (a few minutes before now). Stopping mid-way loses
 * nothing: the snapshot is simply incomplete, and rows carry their snapshot time, so a reader keeps whole ones only
 * if it counts them (docs/warehouse.md says how to read the latest).
 */
export async function runSnapshot(ctx: ShopSyncContext, family: FamilyDecl, read: SnapshotRead): Promise<void> {
  const { root } = family;
  const bounds = ctx.boundsFor(root, undefined, read.earliest);
  if (!bounds) return;
  const snapshotTime = Math.floor(Date.parse(ctx.now()) / 1000);
  const tags = ctx.tags(root);
  const pages = pagedCall(ctx.api, ctx.shop, tags, {
    path: read.endpoint.path,
    endpoint: read.endpoint.name,
    itemsKey: read.endpoint.itemsKey,
    pageSize: read.pageSize(ctx.config),
    query: read.query(bounds.lo, bounds.hi),
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
