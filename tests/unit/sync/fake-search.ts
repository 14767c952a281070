import type { ApiCall, ApiCaller } from '../../../src/sync/api-caller.js';

export interface Row {
  id: string;
  update_time: number;
  [key: string]: unknown;
}

/**
 * A search endpoint over a live, mutable set of rows: sorted by update_time ascending with `_ge`/`_lt` (or
 * `_le`) bounds and offset page tokens, the way an API that re-sorts while you page behaves. `onRequest` lets a
 * test mutate rows between requests.
 */
export class FakeSearch implements ApiCaller {
  calls: ApiCall[] = [];
  constructor(
    public rows: Row[],
    private readonly options: {
      itemsKey?: string;
      onRequest?: (n: number, rows: Row[]) => void;
      /** How the API orders rows: ascending by update_time (default), descending, or by id (ignoring the sort). */
      order?: 'asc' | 'desc' | 'id';
      /** The API cannot page past this many rows of one query (product search: 10,000). */
      resultCap?: number;
      /** total_count as the reply shows it: omitted, or off by some rows. */
      total?: 'omit' | { offBy: number } | { value: unknown };
    } = {},
  ) {}

  async request<T>(call: ApiCall): Promise<{ data: T; requestId: string }> {
    this.calls.push(call);
    this.options.onRequest?.(this.calls.length, this.rows);
    const body = call.body as { update_time_ge: number; update_time_lt?: number; update_time_le?: number };
    const size = Number(call.query?.page_size);
    const offset = call.query?.page_token ? Number(Buffer.from(String(call.query.page_token), 'base64').toString()) : 0;
    const matching = this.rows
      .filter((r) => r.update_time >= body.update_time_ge)
      .filter((r) => (body.update_time_lt !== undefined ? r.update_time < body.update_time_lt : r.update_time <= body.update_time_le!))
      .sort((a, b) => a.update_time - b.update_time || a.id.localeCompare(b.id));
    if (this.options.order === 'desc') matching.reverse();
    if (this.options.order === 'id') matching.sort((a, b) => (a.id.split('').reverse().join('') < b.id.split('').reverse().join('') ? -1 : 1));
    const reachable = matching.slice(0, this.options.resultCap ?? matching.length);
    const page = reachable.slice(offset, offset + size).map((r) => ({ ...r }));
    const next = offset + size < reachable.length ? Buffer.from(String(offset + size)).toString('base64') : '';
    const total = this.options.total;
    const data: Record<string, unknown> = { [this.options.itemsKey ?? 'orders']: page, next_page_token: next, total_count: matching.length };
    if (total === 'omit') delete data.total_count;
    else if (total && 'offBy' in total) data.total_count = matching.length + total.offBy;
    else if (total && 'value' in total) data.total_count = total.value;
    return { data: data as T, requestId: `req-${this.calls.length}` };
  }
}

export function rows(count: number, start: number, step: (i: number) => number = () => 1): Row[] {
  const out: Row[] = [];
  let t = start;
  for (let i = 0; i < count; i++) {
    out.push({ id: String(1_000_000_000_000_000_000n + BigInt(i)), update_time: t });
    t += step(i);
  }
  return out;
}
