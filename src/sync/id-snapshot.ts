import type { ShopSyncContext } from './context.js';
import type { FamilyDecl, Json, RootRead } from './declaration.js';
import { pageItems } from './page-checks.js';
import { windowedSearch, type WindowedSearchSpec } from './windowed-search.js';

type IdSnapshotRead = Extract<RootRead, { kind: 'id-snapshot' }>;

/**
 * The id list is read up to a day past this run's clock, so a machine whose clock is behind the API's misses no
 * item created just now (a snapshot has no bookmark that could carry the gap to the next run).
 */
const CLOCK_MARGIN_SECONDS = 86_400;

/**
 * Reads a snapshot family (inventory): the ids of every item the list holds, from the start of time, looked up in
 * batches as the pages come (one lookup per full batch, so memory stays at one batch). There is no bookmark: every
 * run reads it all, and each row carries the time its lookup answered. A stop is honoured between pages; the next
 * run reads the snapshot again anyway.
 */
export async function runIdSnapshot(ctx: ShopSyncContext, family: FamilyDecl, read: IdSnapshotRead): Promise<void> {
  const { root } = family;
  const tags = ctx.tags(root);
  const { ids, lookup } = read;
  const spec: WindowedSearchSpec = {
    path: ids.endpoint.path,
    method: ids.endpoint.method,
    endpoint: ids.endpoint.name,
    itemsKey: ids.endpoint.itemsKey,
    pageSize: ids.pageSize(ctx.config),
    idField: ids.idField,
    timeField: ids.timeField,
    upperBound: ids.upperBound,
    warn: (message) => ctx.logger.warn(message, { stream: root }),
  };
  const until = Math.floor(Date.parse(ctx.now()) / 1000) + CLOCK_MARGIN_SECONDS;
  const output = ctx.outputs[root]!;
  const asked = new Set<string>();
  const pending: string[] = [];

  const lookUp = async (batch: string[]): Promise<void> => {
    const { data, requestId } = await ctx.api.request<Json>({
      method: 'POST',
      path: lookup.path,
      endpoint: lookup.name,
      shop: ctx.shop,
      tags,
      body: { [lookup.idsKey]: batch },
    });
    const items = pageItems<Json>(data, lookup.itemsKey, lookup.name, requestId);
    const extracted = ctx.now();
    const snapshotTime = Math.floor(Date.parse(extracted) / 1000);
    for (const item of items) {
      for (const row of read.rows(item, snapshotTime)) output.write(family.records(row, ctx.shop.id, undefined).record, ctx.shop.id, extracted);
    }
  };

  for await (const event of windowedSearch<Json>(ctx.api, ctx.shop, spec, 0, until, tags)) {
    if (event.kind !== 'page') continue;
    ctx.pageRead();
    for (const item of event.items) {
      const id = String(item[ids.idField]);
      // An item re-read in a later window (its time moved while the list was read) is looked up once.
      if (asked.has(id)) continue;
      asked.add(id);
      pending.push(id);
    }
    while (pending.length >= lookup.batch) await lookUp(pending.splice(0, lookup.batch));
    await ctx.checkpoint();
    if (ctx.stopping()) return;
  }
  if (pending.length) await lookUp(pending.splice(0));
  await ctx.checkpoint();
}
