import type { ApiCall, ShopRef } from './api-caller.js';

/**
 * What the root list reads (sorted-search.ts, windowed-search.ts) need to know of an endpoint. A POST search takes
 * its time filters in the JSON body (§4); a GET list — the finance calls — takes everything in the query (§9.4).
 * Paging and sort parameters go in the query either way.
 */
export interface ListSpec {
  path: string;
  /** POST (the searches; the default) or GET (the finance lists). */
  method?: 'GET' | 'POST';
  endpoint: string;
  itemsKey: string;
  pageSize: number;
  /** The field that identifies an item (`id` for orders, `return_id` for returns). */
  idField: string;
  /**
   * The items' time field the filters are named after (`<field>_ge`, `<field>_lt` / `_le`), which the read orders
   * or windows by and bookmarks hold: update_time unless said (statement_time for statements, create_time for
   * payments and withdrawals).
   */
  timeField?: string;
  /** Query parameters every request carries besides paging, sort and time filters (withdrawal `types`, §9.4). */
  query?: Readonly<Record<string, string>>;
  /** Body filters a POST search carries besides its time bounds (product `status`, §12.3). */
  body?: Readonly<Record<string, unknown>>;
  /** Where notices go that are worth a line but not an error (a tie larger than a page, a reply without total_count). */
  warn?: (message: string) => void;
}

export const timeFieldOf = (spec: ListSpec): string => spec.timeField ?? 'update_time';

/** One page request: `filters` (the time bounds) in the body of a POST, in the query of a GET; `paging` in the query. */
export function listCall(
  spec: ListSpec,
  shop: ShopRef,
  tags: Record<string, string>,
  filters: Record<string, number>,
  paging: Record<string, string | number | undefined>,
): ApiCall {
  const query = { ...spec.query, ...paging };
  const base = { path: spec.path, endpoint: spec.endpoint, shop, tags };
  return (spec.method ?? 'POST') === 'POST' ? { ...base, method: 'POST', query, body: { ...spec.body, ...filters } } : { ...base, method: 'GET', query: { ...query, ...filters } };
}
