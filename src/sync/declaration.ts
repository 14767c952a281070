import type { Logger } from '../log.js';
import type { TapConfig } from '../settings.js';
import type { StreamMeta } from '../singer/stream-set.js';
import type { ApiCaller, ShopRef } from './api-caller.js';

/**
 * A stream is a declaration (src/streams/), and this engine runs it: paging, bounds, bookmarks, children written
 * before a checkpoint, per-parent fan-out with its refusal policy, selection, per-family isolation and metrics.
 * A declaration says what the stream is (schema, key, replication, parent), how its family's root is read, and how
 * a raw item becomes records. Nothing here knows a TikTok stream by name.
 */
export type Json = Record<string, unknown>;

export interface StreamDecl extends StreamMeta {
  /** Where the records come from, for README and logs. */
  readonly source: string;
}

/** A search endpoint: where it is, what logs call it, and the key of its item array in `data`. */
export interface SearchEndpoint {
  readonly path: string;
  readonly name: string;
  readonly itemsKey: string;
}

/** What a declared request needs: the API, the shop, and tags and a logger for the stream it feeds. */
export interface CallContext {
  api: ApiCaller;
  shop: ShopRef;
  tags: Record<string, string>;
  logger: Logger;
}

/** How a family's root stream is read. */
export type RootRead =
  /** Sorted by update_time ascending and read by keyset (src/sync/sorted-search.ts); bookmarks move per page. */
  | { kind: 'sorted-search'; endpoint: SearchEndpoint; idField: string; pageSize(config: TapConfig, fanOut: boolean): number }
  /** Unsorted, in update_time windows (src/sync/windowed-search.ts); bookmarks move per finished window. */
  | { kind: 'windowed-search'; endpoint: SearchEndpoint; idField: string; pageSize(config: TapConfig): number }
  /** The authorized shop list itself (one record per shop, full table). */
  | { kind: 'shop-list' };

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
  /** One request per entry for the parent `parentId`. */
  requests(parentId: string, config: TapConfig): Array<(call: CallContext) => Promise<ChildRecords>>;
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
  detail?(config: TapConfig): ItemDetail | undefined;
  /** A raw item (and its detail) as the root record and the nested records of its children, by stream. */
  records(item: Json, shopId: string, detail: Json | undefined): { record: object; children?: ChildRecords };
  readonly perParent?: readonly PerParentCalls[];
  /** Required with perParent: which errors of a per-parent call are the API refusing it. */
  refusal?(error: unknown): Refusal | undefined;
}
