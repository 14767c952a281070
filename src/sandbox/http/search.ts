/**
 * Search endpoints as declarations. A declaration names the tap's endpoint table entry it serves
 * (src/tiktok/endpoints.ts: method, path, items key, page-size range, the required sort field) and says only what the
 * sandbox adds — where the records come from, their time fields, sort choices and defaults, other filters — and
 * `runSearch` does what every search shares: page_size, sort_field / sort_order, filter parsing, the opaque page
 * token bound to the query, the cap, `total_count`, and the page itself. (The gateway, rate limit and faults come
 * before, in server.ts, for every route alike.)
 *
 * Where the records come from, four ways: a `collection` (filtered, sorted and cached by collection.ts), a `list`
 * the declaration makes itself (already filtered and sorted: the finance list calls), a `view` over indexes of its
 * own (orders), or a whole `page` (a parent with one page of its children: statement transactions, whose path
 * names the parent — `{name}` segments of the path are path parameters, bound into the page token like filters).
 *
 * Adding a search over a data collection is one declaration, e.g.
 *   defineSearch({ endpoint: ENDPOINTS.searchCancellations, pageSize: { default: 10 },
 *     sort: { fields: ['create_time', 'update_time'], default: 'create_time', order: 'ASC' },
 *     times: { fields: ['create_time', 'update_time'], upper: 'lt' }, filters: { cancel_ids: strings(100) },
 *     collection: CANCELLATIONS, match: (c, f, data) => … });
 * A report read by day windows (`start_date_ge` / `end_date_lt` as YYYY-MM-DD) declares `days` instead of `times`.
 */
import type { Collection, TimeBounds } from '../data/collection.js';
import { collectionView } from '../data/collection.js';
import type { DataContext } from '../data/generation.js';
import type { ShopState } from '../data/state.js';
import type { SortOrder, View } from '../data/views.js';
import type { EndpointSpec } from '../../tiktok/endpoints.js';
import { param } from './api-error.js';
import { encodeToken, fingerprint, pageOffset } from './page-tokens.js';
import { renderPage } from './pages.js';
import { parseBody } from './params.js';

/** How one filter parameter is read (from the JSON body of a POST, the query of a GET). */
export type FilterKind =
  | { type: 'string' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'strings'; max: number; values?: readonly string[] }
  | { type: 'bool' };

export const text = (): FilterKind => ({ type: 'string' });
export const oneOf = (values: readonly string[]): FilterKind => ({ type: 'enum', values });
export const strings = (max = Infinity, values?: readonly string[]): FilterKind => ({ type: 'strings', max, values });
export const bool = (): FilterKind => ({ type: 'bool' });

export type FilterValue = string | string[] | boolean;

/** A search request once its parameters were checked. */
export interface SearchParams {
  sortField: string;
  sortOrder: SortOrder;
  /** Per declared time field, the bounds given (`<field>_ge`, `<field>_lt` or `<field>_le`). */
  times: Record<string, TimeBounds>;
  /** The declared filters that were given. */
  filters: Record<string, FilterValue | undefined>;
  /** The body (POST) or query (GET) as sent, for an endpoint's own checks. */
  raw: Record<string, unknown>;
  /** Path parameters (`{name}` segments of the declared path), URL-decoded. */
  path: Record<string, string>;
}

/** What a declaration's hooks may use. */
export interface SearchEnv {
  readonly gen: DataContext;
}

/** A page-size range; no default = page_size is required. */
export interface PageSizeRule {
  min: number;
  max: number;
  default?: number;
}

/** What a served search says about itself once declared: the table entry's facts, resolved. */
interface SpecBase {
  /** The tap's table entry; its `name` names the endpoint in page tokens (a token of one search is refused by another). */
  endpoint: EndpointSpec;
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** Key of the items array in `data`. */
  itemsKey: string;
  pageSize: PageSizeRule;
  /**
   * sort_field values (the first listed is not special) and defaults. `fixed`: the endpoint takes no sort
   * parameters (they are ignored) and always sorts this way. `required`: sort_field must be sent.
   */
  sort: { fields: readonly string[]; default: string; order: SortOrder; fixed?: boolean; required?: boolean };
  /** Time filters: `<field>_ge` with `<field>_lt` (exclusive) or `<field>_le` (inclusive). */
  times: { fields: readonly string[]; upper: 'lt' | 'le' };
  /**
   * A report's day window: two parameters holding dates (YYYY-MM-DD, UTC days in the sandbox), `ge` inclusive and
   * `lt` exclusive, read into `times.date` as Unix seconds of 00:00 of each day (the records' `date` time field).
   */
  days?: { ge: string; lt: string };
  filters?: Record<string, FilterKind>;
  /** Only so many results can be paged to (total_count stays the true count). */
  cap?: number;
  /** `total_count` in the reply (default true). */
  totalCount?: boolean;
  /**
   * An authorization scope the endpoint needs beyond the basic ones: a shop whose grant lacks it is answered 105005
   * before anything else about the request (the handlers check it, see routes.ts).
   */
  grant?: 'finance' | 'analytics';
  /** The endpoint's own refusals, before (`raw` only) and after its parameters are parsed. */
  checkRaw?(raw: Record<string, unknown>): void;
  check?(p: SearchParams): void;
}

/** A search over a collection, with an optional predicate for the non-time filters. */
export interface CollectionSearch<R, E extends SearchEnv = SearchEnv> extends SpecBase {
  collection: Collection<R>;
  match?(record: R, filters: SearchParams['filters'], env: E, shop: ShopState): boolean;
  /**
   * What the records count as in GET /__sandbox/counts (declared-counts.ts): the stream they feed (one per record,
   * windowed on the collection's `create_time` / `update_time`), and children counted with their record.
   */
  counts?: { stream: string; children?: Readonly<Record<string, (record: R) => number>> };
}

/** A search with its own view (orders: indexed views and the G1 quirk). */
export interface CustomSearch<E extends SearchEnv = SearchEnv> extends SpecBase {
  view(env: E, shop: ShopState, p: SearchParams, fingerprint: string, offset: number): View;
  render(env: E, shop: ShopState, i: number): string | Buffer;
}

/** A search whose declaration lists the query's records itself, filtered and in sort order (ASC or DESC as asked). */
export interface ListSearch<R, E extends SearchEnv = SearchEnv> extends SpecBase {
  list(env: E, shop: ShopState, p: SearchParams): readonly R[];
  render(env: E, shop: ShopState, record: R): string | Buffer;
}

/**
 * A search whose declaration builds the page's `data` itself (everything but `next_page_token`), from the offset
 * and size; `next` = the offset of the next page, undefined on the last one.
 */
export interface PageSearch<E extends SearchEnv = SearchEnv> extends SpecBase {
  page(env: E, shop: ShopState, p: SearchParams, offset: number, size: number): { data: Record<string, unknown> | string; next: number | undefined };
}

export type SearchSpec<E extends SearchEnv = SearchEnv> = CollectionSearch<never, E> | ListSearch<never, E> | CustomSearch<E> | PageSearch<E>;

/** The facts a declaration takes from the endpoint table instead of saying them. */
type FromTable = 'name' | 'method' | 'path' | 'itemsKey' | 'pageSize' | 'sort' | 'times';

/**
 * A declaration as written: the endpoint's table entry plus what only the sandbox knows. `pageSize` may name the
 * default (absent = page_size required) or widen the table's range where the sandbox has always been lenient;
 * `sort` defaults to the table's required `sortField` (else a fixed sort on the first time field, ASC); `times`
 * defaults to none.
 */
export type Declared<S extends SpecBase> = Omit<S, FromTable> & {
  endpoint: EndpointSpec;
  pageSize?: Partial<PageSizeRule>;
  sort?: SpecBase['sort'];
  times?: SpecBase['times'];
};

/** Declares a search (keeps the record type of a collection or list inside the declaration). */
export function defineSearch<R, E extends SearchEnv = SearchEnv>(spec: Declared<CollectionSearch<R, E>>): SearchSpec<E>;
export function defineSearch<R, E extends SearchEnv = SearchEnv>(spec: Declared<ListSearch<R, E>>): SearchSpec<E>;
export function defineSearch<R, E extends SearchEnv = SearchEnv>(spec: Declared<CustomSearch<E>>): SearchSpec<E>;
export function defineSearch<R, E extends SearchEnv = SearchEnv>(spec: Declared<PageSearch<E>>): SearchSpec<E>;
export function defineSearch<R, E extends SearchEnv>(
  spec: Declared<CollectionSearch<R, E>> | Declared<ListSearch<R, E>> | Declared<CustomSearch<E>> | Declared<PageSearch<E>>): SearchSpec<E> {
  const { endpoint } = spec;
  if (endpoint.itemsKey === undefined || endpoint.pageSize === undefined) {
    throw new Error(`${endpoint.name} has no itemsKey / pageSize in the endpoint table: it is no list endpoint`);
  }
  const times = spec.times ?? { fields: [], upper: 'lt' };
  const firstTime = times.fields[0] ?? (spec.days ? 'date' : 'create_time');
  const sort = spec.sort ?? (endpoint.sortField
    ? { fields: [endpoint.sortField], default: endpoint.sortField, order: 'ASC', required: true }
    : { fields: [firstTime], default: firstTime, order: 'ASC', fixed: true });
  return {
    ...spec,
    name: endpoint.name,
    method: endpoint.method,
    path: endpoint.path,
    itemsKey: endpoint.itemsKey,
    pageSize: { min: spec.pageSize?.min ?? endpoint.pageSize.min, max: spec.pageSize?.max ?? endpoint.pageSize.max, default: spec.pageSize?.default },
    sort,
    times,
  } as SearchSpec<E>;
}

/**
 * A list endpoint of the table no declaration serves yet: every shared check (page_size, sort, page token, the
 * gateway before it) and an empty page, so the tap can be pointed at a new endpoint before its data exists.
 */
export function emptySearch<E extends SearchEnv>(endpoint: EndpointSpec): SearchSpec<E> {
  return defineSearch<never, E>({ endpoint, list: () => [], render: () => '' });
}

/** Names of the `{name}` segments of a declared path, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] ?? '');
}

/** The route pattern of a declared path: literal text, `{name}` segments as one non-empty path segment each. */
export function pathPattern(path: string): RegExp {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`^${path.split(/\{[a-z_]+\}/).map(escape).join('([^/]+)')}$`);
}

function readParams(spec: SpecBase, query: Record<string, string>, body: string, path: Record<string, string>): SearchParams {
  const fromQuery = spec.method === 'GET';
  const raw: Record<string, unknown> = fromQuery ? { ...query } : parseBody(body);
  spec.checkRaw?.(raw);
  let sortField = spec.sort.default;
  let sortOrder = spec.sort.order;
  if (!spec.sort.fixed) {
    const field = query['sort_field'];
    if (field === undefined || field === '') {
      if (spec.sort.required) throw param('sort_field is required');
    } else if (spec.sort.fields.includes(field)) sortField = field;
    else throw param(`sort_field must be one of ${spec.sort.fields.join(', ')}`);
    const order = query['sort_order'];
    if (order === 'ASC' || order === 'DESC') sortOrder = order;
    else if (order !== undefined && order !== '') throw param('sort_order must be one of ASC, DESC');
  }
  const times: Record<string, TimeBounds> = {};
  for (const field of spec.times.fields) {
    const ge = readTime(raw, `${field}_ge`, fromQuery);
    const upper = readTime(raw, `${field}_${spec.times.upper}`, fromQuery);
    if (ge === undefined && upper === undefined) continue;
    times[field] = spec.times.upper === 'lt' ? { ge, lt: upper } : { ge, le: upper };
  }
  if (spec.days) {
    const ge = readDay(raw, spec.days.ge);
    const lt = readDay(raw, spec.days.lt);
    if (ge !== undefined || lt !== undefined) times['date'] = { ge, lt };
  }
  const filters: SearchParams['filters'] = {};
  for (const [key, kind] of Object.entries(spec.filters ?? {})) filters[key] = readFilter(raw, key, kind, fromQuery);
  const p = { sortField, sortOrder, times, filters, raw, path };
  spec.check?.(p);
  return p;
}

function readTime(raw: Record<string, unknown>, key: string, fromQuery: boolean): number | undefined {
  let v = raw[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (fromQuery && typeof v === 'string' && /^\d{1,12}$/.test(v)) v = Number(v);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw param(`${key} must be a Unix time in seconds`);
  return v;
}

/** A YYYY-MM-DD parameter as Unix seconds of 00:00 UTC that day. */
function readDay(raw: Record<string, unknown>, key: string): number | undefined {
  const v = raw[key];
  if (v === undefined || v === null || v === '') return undefined;
  const t = typeof v === 'string' && /^\d{4}-\d\d-\d\d$/.test(v) ? Date.parse(`${v}T00:00:00Z`) : NaN;
  if (Number.isNaN(t)) throw param(`${key} must be a date YYYY-MM-DD`);
  return t / 1000;
}

function readFilter(raw: Record<string, unknown>, key: string, kind: FilterKind, fromQuery: boolean): FilterValue | undefined {
  const v = raw[key];
  if (v === undefined || v === null || (v === '' && kind.type !== 'strings')) return undefined;
  switch (kind.type) {
    case 'string':
    case 'enum':
      if (typeof v !== 'string') throw param(`${key} must be a string`);
      if (kind.type === 'enum' && !kind.values.includes(v)) throw param(`${key} must be one of ${kind.values.join(', ')}`);
      return v;
    case 'bool':
      if (fromQuery && (v === 'true' || v === 'false')) return v === 'true';
      if (typeof v !== 'boolean') throw param(`${key} must be a boolean`);
      return v;
    case 'strings': {
      // A GET sends an array comma-joined in the query.
      const list = fromQuery && typeof v === 'string' ? v.split(',').filter(Boolean) : v;
      if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw param(`${key} must be an array of strings`);
      if (list.length > kind.max) throw param(`${key} accepts at most ${kind.max} values`);
      if (kind.values && !list.every((x) => kind.values?.includes(x))) throw param(`${key} values must be among ${kind.values.join(', ')}`);
      return list as string[];
    }
  }
}

function readPageSize(spec: SpecBase, q: Record<string, string>): number {
  const { min, max } = spec.pageSize;
  const raw = q['page_size'];
  if (raw === undefined || raw === '') {
    if (spec.pageSize.default === undefined) throw param('page_size is required');
    return spec.pageSize.default;
  }
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw param(`page_size must be between ${min} and ${max}`);
  return Number(raw);
}

/**
 * Answers one search request (after the gateway): the `data` JSON bytes of the page. `path` holds the values of the
 * declared path's `{name}` segments.
 */
export function runSearch<E extends SearchEnv>(spec: SearchSpec<E>, env: E, shop: ShopState, query: Record<string, string>, body: string,
  path: Record<string, string> = {}): Buffer {
  const size = readPageSize(spec, query);
  const p = readParams(spec, query, body, path);
  const bound = Object.keys(path).length > 0 ? path : undefined;
  const fp = fingerprint(spec.name, shop.info.id, { sort: [p.sortField, p.sortOrder], times: p.times, filters: p.filters, path: bound });
  const offset = pageOffset(query, fp) ?? 0;
  if ('page' in spec) {
    const got = spec.page(env, shop, p, offset, size);
    const token = got.next === undefined ? '' : encodeToken(got.next, fp);
    // A page given as JSON text (bare integers too long for a double) gets the token spliced in before its last brace.
    if (typeof got.data === 'string') return Buffer.from(`${got.data.slice(0, got.data.lastIndexOf('}'))},"next_page_token":${JSON.stringify(token)}}`);
    return Buffer.from(JSON.stringify({ ...got.data, next_page_token: token }));
  }
  let view: View;
  let render: (i: number) => string | Buffer;
  if ('list' in spec) {
    const s = spec as unknown as ListSearch<unknown, E>;
    const records = s.list(env, shop, p);
    view = { length: records.length, at: (k) => k };
    render = (k) => s.render(env, shop, records[k]);
  } else if ('collection' in spec) {
    const c = spec.collection as Collection<unknown>;
    const match = spec.match as CollectionSearch<unknown, E>['match'];
    view = collectionView(env.gen, shop, c, {
      sortField: p.sortField, sortOrder: p.sortOrder, times: p.times,
      match: match ? (r) => match(r, p.filters, env, shop) : undefined,
    }, fp.hex);
    const items = c.items(env.gen, shop);
    render = (i) => c.json(env.gen, shop, items[i]);
  } else {
    view = spec.view(env, shop, p, fp.hex, offset);
    render = (i) => spec.render(env, shop, i);
  }
  const reachable = Math.min(view.length, spec.cap ?? Infinity);
  return renderPage(view, offset, size, reachable, fp, spec.itemsKey, render, spec.totalCount === false ? null : view.length);
}
