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
    private readonly options: { itemsKey?: string; onRequest?: (n: number, rows: Row[]) => void; totalCap?: number } = {},
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
    const page = matching.slice(offset, offset + size).map((r) => ({ ...r }));
    const next = offset + size < matching.length ? Buffer.from(String(offset + size)).toString('base64') : '';
    const data = { [this.options.itemsKey ?? 'orders']: page, next_page_token: next, total_count: matching.length };
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
