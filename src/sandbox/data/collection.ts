/**
 * A collection: the records of one kind a shop holds, as a search endpoint sees them. Declaring one (a list, a
 * version that moves when a record changes, the time fields, the JSON) is all a new search endpoint needs from the
 * data side: `collectionView` does the filtering, sorting and caching for every declared search.
 */
import type { DataContext } from './generation.js';
import type { ShopState } from './state.js';
import { cachedList, listView, type SortOrder, type View } from './views.js';

export interface Collection<R> {
  /** The shop's records in a stable order (creation order); equal times sort by this position. */
  items(gen: DataContext, shop: ShopState): readonly R[];
  /** Changes whenever a record of the shop is added or changed (keys cached search results). */
  version(shop: ShopState): number;
  /** A time field of a record (Unix seconds), for sorting and time filters. */
  time(record: R, field: string): number;
  /** The record's JSON as the search returns it. */
  json(gen: DataContext, shop: ShopState, record: R): string | Buffer;
}

/** A time filter on one field: `ge ≤ t`, `t < lt`, `t ≤ le` (each optional). */
export interface TimeBounds {
  ge?: number;
  lt?: number;
  le?: number;
}

export interface CollectionQuery<R> {
  sortField: string;
  sortOrder: SortOrder;
  times: Record<string, TimeBounds>;
  match?: (record: R) => boolean;
}

export function withinBounds(t: number, b: TimeBounds | undefined): boolean {
  if (!b) return true;
  return (b.ge === undefined || t >= b.ge) && (b.lt === undefined || t < b.lt) && (b.le === undefined || t <= b.le);
}

/**
 * The records matching a query, sorted by (sort field, position) ascending and read backwards for DESC; the list of
 * positions is cached per query fingerprint until the collection's version moves.
 */
export function collectionView<R>(gen: DataContext, shop: ShopState, c: Collection<R>, q: CollectionQuery<R>, fingerprint: string): View {
  const list = cachedList(shop, 'c' + fingerprint, c.version(shop), () => {
    const items = c.items(gen, shop);
    const fields = Object.entries(q.times);
    const rows: number[] = [];
    const keys = new Float64Array(items.length);
    items.forEach((record, k) => {
      for (const [field, bounds] of fields) if (!withinBounds(c.time(record, field), bounds)) return;
      if (q.match && !q.match(record)) return;
      rows.push(k);
      keys[k] = c.time(record, q.sortField);
    });
    rows.sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
    return rows;
  });
  return listView(list, q.sortOrder === 'DESC');
}
