import type { Logger } from '../log.js';
import type { TapConfig } from '../settings.js';
import type { StreamMeta, StreamSet } from '../singer/stream-set.js';
import type { ApiCaller, ShopRef } from './api-caller.js';

/**
 * A stream is a declaration (src/streams/), and this engine runs it: paging, bounds, bookmarks, children written
 * before a checkpoint, per-parent fan-out with its refusal policy, selection, per-family isolation and metrics.
 * A declaration says what the stream is (schema, key, replication, parent), how its family's root is read, and how
 * a raw item becomes records. Nothing here knows a TikTok stream by name.
 */
export type Json = Record<string, unknown>;

export type { ShopRef };

export interface StreamDecl extends StreamMeta {
  /** Where the records come from, for README and logs. */
  readonly source: string;
}

/**
 * A list endpoint: where it is, how it is called, what logs call it, and the key of its item array in `data`. A POST
 * search takes its time filters in the JSON body; a GET list (the finance calls, §9.4) takes everything in the query.
 */
export interface SearchEndpoint {
  readonly path: string;
  readonly method: 'GET' | 'POST';
  readonly name: string;
  readonly itemsKey: string;
}

/** One paged GET of a per-parent request (the transactions of one statement): pages followed by page_token. */
export interface PagedCall {
  /** The concrete path (ids filled in). */
  path: string;
  /** Short name for logs and metric tags. */
  endpoint: string;
  itemsKey: string;
  pageSize: number;
  /** Query parameters besides page_size and page_token (sort parameters). */
  query?: Readonly<Record<string, string>>;
  /** The items' key, by which repeated rows are recognised; `id` unless said. */
  idField?: string;
  /** What the pages belong to, for log lines ("statement 123"). */
  parent?: string;
  /**
   * A total the reply states for its items: once every page is read, the items' `itemField` must add up (exactly, as
   * decimals) to the reply's `totalField`, or the call is warned about.
   */
  sumCheck?: { itemField: string; totalField: string };
}

/** One page of a PagedCall: the reply's `data` and its checked item list. */
export interface CalledPage {
  data: Json;
  items: Json[];
  requestId: string;
}

/** What a declared request needs: the API, the shop, and tags and a logger for the stream it feeds. */
export interface CallContext {
  api: ApiCaller;
  shop: ShopRef;
  tags: Record<string, string>;
  logger: Logger;
  /**
   * The pages of a paged call, with the engine's page checks (an item list that is a list, a page token that does
   * not repeat, pages that bring something) (src/sync/paged-call.ts).
   */
  pages(call: PagedCall): AsyncIterable<CalledPage>;
}

/** What a root list read asks for: its items whose time field lies in the run's window. */
interface ListRead {
  endpoint: SearchEndpoint;
  idField: string;
  /**
   * The items' time field: the filters are `<field>_ge` / `<field>_lt` (or `_le`), sorted reads sort by it, and it
   * is the stream's replication key. update_time unless said.
   */
  timeField?: string;
  /** Query parameters every request carries besides paging, sort and time filters (withdrawal `types`, §9.4). */
  query?: Readonly<Record<string, string>>;
}

/** How a family's root stream is read. */
export type RootRead =
  /**
   * Sorted by its time field ascending (the request says so) and read by keyset (src/sync/sorted-search.ts);
   * bookmarks move per page. POST searches on update_time, and GET finance lists on statement_time / create_time.
   */
  | ({ kind: 'sorted-search'; pageSize(config: TapConfig, fanOut: boolean): number } & ListRead)
  /**
   * In the order the API likes, in windows of its time field (src/sync/windowed-search.ts); bookmarks move per
   * finished window. `upperBound`: how the window's end is sent, `_le` (products) or `_lt` (withdrawals).
   */
  | ({
      kind: 'windowed-search';
      pageSize(config: TapConfig): number;
      upperBound: 'le' | 'lt';
      /**
       * Body filters each window is read with again, after the plain read and before the window counts as done
       * (src/sync/extra-passes.ts): records the plain read leaves out (products: status DELETED, §12.3).
       */
      extraPasses?: ReadonlyArray<Readonly<Record<string, unknown>>>;
    } & ListRead)
  /** A report read by days of the shop's calendar (src/sync/day-report.ts); bookmarks move per finished day. */
  | DayReportRead
  /** The authorized shop list itself (one record per shop, full table). */
  | { kind: 'shop-list' }
  /** Every item of a moving set, read whole on every run and stamped with when (src/sync/snapshot-read.ts). */
  | SnapshotRead
  /**
   * A snapshot of current values read on every run (full table, no bookmark): the ids a windowed list names, looked
   * up in batches by a POST that takes them in its body (src/sync/id-snapshot.ts). Each item of a lookup reply
   * becomes rows of the root stream (`rows`), each made a record by the family's `records`.
   */
  | { kind: 'id-snapshot'; ids: SnapshotIds; lookup: SnapshotLookup; rows(item: Json, snapshotTime: number): Json[] };

/**
 * A set that has no stable time to bookmark on (rows leave it once they are done: unsettled transactions): each
 * run pages through all of it, in [earliest or start_date, now), and writes every row with `stampField` set to the
 * run's snapshot time (Unix seconds, the same for the whole shop), so a warehouse can keep the latest snapshot.
 */
export interface SnapshotRead {
  kind: 'snapshot';
  endpoint: SearchEndpoint;
  pageSize(config: TapConfig): number;
  /** The query of every page besides page_size / page_token, for the window [lo, hi). */
  query(lo: number, hi: number): Readonly<Record<string, string>>;
  /** The first second the API has data for (older windows are not asked for). */
  earliest?: number;
  stampField: string;
}

/**
 * Per-parent children read only when the parent is new or changed: the engine keeps, in the root stream's state,
 * each parent's fingerprint with the child streams read for it (src/sync/revisits.ts). A parent whose fingerprint
 * and child streams match is neither requested in detail nor written again (nothing of it changed).
 */
export interface Revisit {
  /** What of the parent record, when it changes, means its children may have changed ("PAID" after "PROCESSING"). */
  fingerprint(item: Json): string;
  /** The child streams the mark covers: when the selection of these changes, every parent is read again. */
  readonly streams: readonly string[];
}

/**
 * A report whose rows belong to days of the shop's calendar (the analytics reports): GET calls with
 * `start_date_ge` / `end_date_lt` (YYYY-MM-DD, in the shop's time zone), paged by page_token when `pageSize` is
 * given. Only whole days are read (never today), never past the reply's `latest_available_date`, and every run reads
 * the last `lookbackDays` days up to the bookmark again (the source revises recent days).
 */
export interface DayReportRead {
  kind: 'day-report';
  endpoint: { path: string; name: string };
  /** Query parameters every call carries besides the days and paging (granularity, currency). */
  query?: Readonly<Record<string, string>>;
  /** Page size of a paged list; absent: one reply per call. */
  pageSize?(config: TapConfig): number;
  /**
   * Days one call may cover: 1 where the reply's numbers are totals over the window (the lists: one row per item
   * and day needs one-day windows), more where the reply has one interval per day.
   */
  daysPerCall: number;
  /** The rows of one reply, each as the item that becomes a record and the day (YYYY-MM-DD) it belongs to. */
  rows(data: Json, firstDay: string): Array<{ day: string; item: Json }>;
  /** The IANA time zone the shop's days are counted in, from its region (undefined when unknown). */
  timeZone(region: string | undefined): string;
  /** Days before the bookmark read again on every run, and the setting that says so (for log lines). */
  lookback: { setting: string; days(config: TapConfig): number };
  /** How many days back a first run (no bookmark) reads at most, start_date permitting. */
  historyDays(config: TapConfig): number;
}

/** Where a snapshot's ids come from: every item of a windowed list read over all of its time field. */
export interface SnapshotIds {
  endpoint: SearchEndpoint;
  idField: string;
  timeField: string;
  upperBound: 'le' | 'lt';
  pageSize(config: TapConfig): number;
}

/** The lookup by ids: a POST with at most `batch` ids under `idsKey` in its body, its items under `itemsKey`. */
export interface SnapshotLookup {
  path: string;
  name: string;
  idsKey: string;
  itemsKey: string;
  batch: number;
}

/**
 * A trailing window every run reads again, whatever the bookmark says: for records whose status changes after
 * the time the API filters on, which never moves (a statement or payment PROCESSING, then PAID, §9.9). A run then
 * reads from `seconds` before its bookmark (src/sync/bounds.ts), never before start_date; bookmarks still only
 * move forward.
 */
export interface TrailingWindow {
  /** The setting that sizes it, for log lines. */
  readonly setting: string;
  seconds(config: TapConfig): number;
}

/**
 * An authorization scope a family needs (finance data, docs/tiktok-shop-api.md §3.3 code 105005). When a family's
 * call fails because the grant lacks a scope (src/sync/call-failure.ts says which failures those are), the engine
 * fails every family of the shop that needs the same scope with one line (the later ones without a request), and
 * the shop's other families go on.
 */
export interface Grant {
  /** What is missing, as the line names it ("the Finance scope"). */
  readonly scope: string;
  /** What to do about it. */
  readonly fix: string;
}

/** A per-item request whose reply is merged into the item before it becomes records (Get Product, Get Package Detail). */
export type ItemDetail = (call: CallContext, item: Json) => Promise<Json | undefined>;

/** A per-parent request's reply, as records per child stream. */
export type ChildRecords = Record<string, object[]>;

/**
 * Per-parent requests feeding child streams (price detail, external references). A refused call (see `refusal`)
 * skips that parent's child records; when every call of a page is refused, or one refusal is about the endpoint,
 * the streams are disabled for the shop for the rest of the run (src/sync/child-calls.ts).
 */
export interface PerParentCalls {
  /** What the calls fetch, for log lines ("price detail"). */
  readonly what: string;
  /** The streams these calls feed; the first one carries the refusal count. */
  readonly streams: readonly [string, ...string[]];
  /**
   * One request per entry for the parent `parentId` (`parent` is the raw item). A request gives its records at
   * once, or page by page (an async iterable), each page written as it comes.
   */
  requests(parentId: string, config: TapConfig, parent: Json): Array<(call: CallContext) => Promise<ChildRecords> | AsyncIterable<ChildRecords>>;
}

/** A per-parent call the API refused; `endpoint` when the refusal is about the endpoint, not the parent (a missing scope). */
export interface Refusal {
  endpoint: boolean;
  message: string;
  hint: string;
}

export interface FamilyDecl {
  /** The family's root stream; its children are the streams whose parent chain leads to it. */
  readonly root: string;
  readonly read: RootRead;
  /**
   * A per-item detail request, when this run makes one (a setting can turn it off); undefined means none. Called
   * once per family run, so the request may keep state for the run (warn once).
   */
  detail?(config: TapConfig, emitted: (stream: string) => boolean): ItemDetail | undefined;
  /** A raw item (and its detail) as the root record and the nested records of its children, by stream. */
  records(item: Json, shopId: string, detail: Json | undefined): { record: object; children?: ChildRecords };
  readonly perParent?: readonly PerParentCalls[];
  /** Required with perParent: which errors of a per-parent call are the API refusing it. */
  refusal?(error: unknown): Refusal | undefined;
  /** A trailing window re-read on every run (records whose status changes after their time field). */
  readonly trailing?: TrailingWindow;
  /** The authorization scope the family needs beyond the basic grant, if any. */
  readonly grant?: Grant;
  /** See Revisit: children read again only for parents that are new or changed. */
  readonly revisit?: Revisit;
  /**
   * The earliest time the API has this family's data for this shop, with why (one info line when it raises
   * start_date); undefined: no floor.
   */
  startFloor?(shop: ShopRef): { seconds: number; why: string } | undefined;
  /** Why this family is not offered to this shop (its market), said in one warning; undefined: it is. */
  notOfferedTo?(shop: ShopRef): string | undefined;
  /**
   * Whether an error means the family is not offered to this shop (a documented code), with the warning to log:
   * the family then ends for the shop without failing it. Undefined: the error fails the family as usual.
   */
  notOffered?(error: unknown): string | undefined;
}

/** A tap's streams and families, as declared (src/streams/table.ts): what the engine (src/sync/run.ts) runs. */
export interface TapDeclarations {
  streams: StreamSet<StreamDecl>;
  families: readonly FamilyDecl[];
}

/** Record builders read nested lists through these (a list that is not one is named, not dropped). */
export { inReply, nestedList } from './nested-list.js';
