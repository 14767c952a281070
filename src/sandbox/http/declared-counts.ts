/**
 * Counts of the streams whose records a search declaration serves from a collection with `counts` (search.ts):
 * added to the store's hand-kept counts (data/counts.ts, for the entities with rules of their own), so a new
 * stream's count comes with its declaration. Same window rules: a record counts when its `field` time lies in
 * [ge, lt); its children count with it.
 */
import type { Collection } from '../data/collection.js';
import { inWindow, type TimeWindow } from '../data/views.js';
import type { CountsReport, Store } from '../store.js';
import type { ApiEnv } from './api-env.js';
import type { CollectionSearch, SearchSpec } from './search.js';

type Counted = CollectionSearch<unknown, ApiEnv> & Required<Pick<CollectionSearch<unknown, ApiEnv>, 'counts'>>;

export function withDeclaredCounts(report: CountsReport, store: Store, searches: readonly SearchSpec<ApiEnv>[], window: TimeWindow): CountsReport {
  const counted = searches.filter((s) => 'collection' in s && s.counts !== undefined) as unknown as Counted[];
  const field = window.field ?? 'update_time';
  const total = report.total as unknown as Record<string, number>;
  for (const [shopId, byShop] of Object.entries(report.by_shop)) {
    const shop = store.shop(shopId);
    const out = byShop as unknown as Record<string, number>;
    for (const spec of counted) {
      const c = spec.collection as Collection<unknown>;
      const names = [spec.counts.stream, ...Object.keys(spec.counts.children ?? {})];
      for (const name of names) out[name] ??= 0;
      for (const record of c.items(store.data, shop)) {
        if (!inWindow(c.time(record, field), window)) continue;
        out[spec.counts.stream] = (out[spec.counts.stream] ?? 0) + 1;
        for (const [child, per] of Object.entries(spec.counts.children ?? {})) out[child] = (out[child] ?? 0) + per(record);
      }
      for (const name of names) total[name] = (total[name] ?? 0) + (out[name] ?? 0);
    }
  }
  return report;
}
