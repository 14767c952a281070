import { TapError, EXIT } from '../errors.js';
import { parseDateSetting } from '../date-setting.js';
import type { Logger } from '../log.js';
import type { StreamSet } from './stream-set.js';
import { secondsToRfc3339, type TimeFormat } from './times.js';

/**
 * Bookmarks per stream and shop, in the Meltano SDK's partition layout:
 * {"bookmarks": {"orders": {"partitions": [{"context": {"shop_id": "..."}, "replication_key": "update_time",
 *  "replication_key_value": "2024-03-01T12:00:00Z"}]}}}
 * The state manager is the only thing that moves a bookmark; it never moves one past the cap the sync gives it,
 * and it keeps entries it does not understand (other streams, other shops) untouched.
 *
 * Bookmark values are held as Unix seconds and written in the run's `time_format`, the form the replication key
 * has in the records: an RFC 3339 string, or integer seconds. Either form is read, whatever the setting.
 * Older layouts are read too (see `readLegacy`): the SDK's non-partitioned stream bookmark, and per-shop maps.
 */
export interface Partition {
  context: { shop_id: string; [key: string]: unknown };
  replication_key: string;
  replication_key_value: number;
  /** The streams of the family that were synced up to this bookmark. */
  synced_streams?: string[];
  [key: string]: unknown;
}

export interface StateValue {
  bookmarks: Record<string, { partitions?: Partition[]; [key: string]: unknown }>;
  [key: string]: unknown;
}

function stateError(source: string, message: string, hint: string): TapError {
  return new TapError('STATE_INVALID', `state ${source}: ${message}`, { hint, exitCode: EXIT.INPUT });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * 3000-01-01T00:00:00Z in Unix seconds. A larger "second" is milliseconds or microseconds (or garbage such as 1e300),
 * and it would not even make a Date: refused as a bookmark rather than crashing the checks that print it.
 */
const MAX_BOOKMARK_SECONDS = 32_503_680_000;

/** Reads a bookmark value: Unix seconds, a numeric string, or an RFC 3339 string (what either time_format writes). */
function bookmarkSeconds(value: unknown): number | undefined {
  let seconds: number | undefined;
  if (typeof value === 'number' && Number.isInteger(value)) seconds = value;
  else if (typeof value === 'string') seconds = /^\d+$/.test(value) ? Number(value) : parseDateSetting(value);
  return seconds !== undefined && seconds >= 0 && seconds <= MAX_BOOKMARK_SECONDS ? seconds : undefined;
}

/** A bad value as shown in an error line: at most 40 characters, as config errors show theirs. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Shop ids are digit strings (config.ts checks shop_ids the same way). */
const SHOP_ID = /^\d+$/;
/** Keys the Meltano SDK keeps beside a stream-level bookmark; they carry no bookmark of their own. */
const SDK_STREAM_KEYS = new Set(['replication_key', 'replication_key_value', 'starting_replication_value', 'replication_key_signpost', 'progress_markers']);


export class StateManager {
  private readonly value: StateValue;
  /** Non-partitioned stream bookmarks (older layout): they stand for every shop until `adoptStreamBookmarks`. */
  private readonly streamLevel = new Map<string, number>();
  private lastEmitted = '';

  constructor(
    private readonly streams: StreamSet,
    input: unknown,
    source: string,
    nowSeconds: number,
    logger: Logger,
    private readonly timeFormat: TimeFormat = 'rfc3339',
  ) {
    this.value = this.validate(input, source, nowSeconds, logger);
  }

  /** Streams with a bookmark of their own (root incremental streams). */
  private incremental(stream: string): boolean {
    return this.streams.has(stream) && this.streams.get(stream).replicationKey !== undefined;
  }

  private validate(input: unknown, source: string, nowSeconds: number, logger: Logger): StateValue {
    if (input === undefined || input === null) return { bookmarks: {} };
    if (!isObject(input)) throw stateError(source, 'must be a JSON object', 'pass a state written by this tap, or {}');
    // A whole STATE message instead of its value is a common copy-paste slip; accept it.
    const state = (input.type === 'STATE' && isObject(input.value) ? input.value : input) as Record<string, unknown>;
    const copy = structuredClone(state) as StateValue;
    if (copy.bookmarks === undefined) copy.bookmarks = {};
    if (!isObject(copy.bookmarks)) throw stateError(source, '"bookmarks" must be an object', 'pass a state written by this tap, or {}');
    const legacy = this.readLegacy(copy, nowSeconds);
    for (const [stream, entry] of Object.entries(copy.bookmarks)) {
      if (SHOP_ID.test(stream)) continue; // a per-shop map of an older layout: readLegacy has read or listed it
      if (!this.incremental(stream)) {
        logger.warn(`state has bookmarks for "${stream}", which has no bookmarks in this tap; kept as they are`);
        continue;
      }
      if (!isObject(entry)) throw stateError(source, `bookmarks.${stream} must be an object`, 'delete that entry to re-sync the stream from start_date');
      if (entry.partitions === undefined) continue;
      if (!Array.isArray(entry.partitions)) {
        throw stateError(source, `bookmarks.${stream}.partitions must be an array`, 'delete that entry to re-sync the stream from start_date');
      }
      entry.partitions.forEach((partition: unknown, index) => {
        const where = `bookmarks.${stream}.partitions[${index}]`;
        if (!isObject(partition) || !isObject(partition.context) || typeof partition.context.shop_id !== 'string') {
          throw stateError(source, `${where} needs a context with a string shop_id`, 'delete that entry to re-sync the shop from start_date');
        }
        const seconds = bookmarkSeconds(partition.replication_key_value);
        if (seconds === undefined) {
          throw stateError(
            source,
            `${where}.replication_key_value must be Unix seconds or an RFC 3339 time between 1970 and 3000 (got ${shown(partition.replication_key_value)})`,
            'delete that entry to re-sync the shop from start_date',
          );
        }
        if (seconds > nowSeconds + 86_400) {
          throw stateError(
            source,
            `${where} (shop ${partition.context.shop_id}) bookmarks ${new Date(seconds * 1000).toISOString()}, in the future`,
            'the state is not from this tap or the clock is wrong; delete that entry or fix the value',
          );
        }
        partition.replication_key_value = seconds;
      });
    }
    if (legacy.read.length) {
      logger.info(`state: read bookmarks in an older layout (${legacy.read.join(', ')}); they are written per shop from now on`);
    }
    if (legacy.unreadable.length) {
      logger.warn(
        `state: cannot read ${legacy.unreadable.join(', ')} as bookmarks of this tap; kept as they are, and the shops they were meant for start from start_date (or their own bookmark)`,
      );
    }
    return copy;
  }

  /**
   * Bookmarks in layouts older than the per-shop partitions, read where their meaning is clear:
   * - the Meltano SDK's non-partitioned stream bookmark, `{"orders": {"replication_key": "update_time",
   *   "replication_key_value": ...}}`: one bookmark for the whole stream, which stands for every shop that has no
   *   partition of its own (see `adoptStreamBookmarks`);
   * - per-shop maps, `{"orders": {"<shop_id>": <value>}}` and `{"<shop_id>": {"orders": <value>}}`, where a value
   *   is a bookmark or an object with `replication_key_value` or `update_time`: each becomes that shop's partition
   *   (unless the shop has one already).
   * What is read is taken out of `state` (it is written back as partitions); what cannot be read stays as it is
   * and is listed, so that one warning can name it all.
   */
  private readLegacy(state: StateValue, nowSeconds: number): { read: string[]; unreadable: string[] } {
    const read: string[] = [];
    const unreadable: string[] = [];
    const valueOf = (raw: unknown): number | undefined => {
      const candidate = isObject(raw) ? (raw.replication_key_value ?? raw.update_time) : raw;
      const seconds = bookmarkSeconds(candidate);
      return seconds !== undefined && seconds <= nowSeconds + 86_400 ? seconds : undefined;
    };
    const adoptShop = (stream: string, shopId: string, raw: unknown, where: string): boolean => {
      const seconds = valueOf(raw);
      if (seconds === undefined) return false;
      const entry = (state.bookmarks[stream] ??= {});
      if (!isObject(entry) || (entry.partitions !== undefined && !Array.isArray(entry.partitions))) return false;
      const partitions = (entry.partitions ??= []);
      const own = partitions.some((p: unknown) => isObject(p) && isObject(p.context) && p.context.shop_id === shopId);
      if (!own) partitions.push({ context: { shop_id: shopId }, replication_key: this.streams.get(stream).replicationKey!, replication_key_value: seconds });
      read.push(where);
      return true;
    };

    for (const [key, entry] of Object.entries(state.bookmarks)) {
      // {"<shop_id>": {"orders": ...}}
      if (SHOP_ID.test(key) && isObject(entry)) {
        for (const [stream, raw] of Object.entries(entry)) {
          if (this.incremental(stream) && adoptShop(stream, key, raw, `bookmarks.${key}.${stream}`)) delete entry[stream];
          else unreadable.push(`bookmarks.${key}.${stream}`);
        }
        if (Object.keys(entry).length === 0) delete state.bookmarks[key];
        continue;
      }
      if (!this.incremental(key) || !isObject(entry)) continue;
      const replicationKey = this.streams.get(key).replicationKey!;
      // {"orders": {"replication_key": "update_time", "replication_key_value": ...}}
      if (entry.replication_key_value !== undefined) {
        const seconds = valueOf(entry.replication_key_value);
        if (seconds !== undefined && (entry.replication_key === undefined || entry.replication_key === replicationKey)) {
          this.streamLevel.set(key, seconds);
          read.push(`bookmarks.${key}.replication_key_value`);
        } else {
          unreadable.push(`bookmarks.${key}.replication_key_value`);
        }
      }
      // {"orders": {"<shop_id>": ...}}
      for (const [field, raw] of Object.entries(entry)) {
        if (field === 'partitions' || SDK_STREAM_KEYS.has(field)) continue;
        if (SHOP_ID.test(field) && adoptShop(key, field, raw, `bookmarks.${key}.${field}`)) delete entry[field];
        else unreadable.push(`bookmarks.${key}.${field}`);
      }
    }
    return { read, unreadable };
  }

  private partition(stream: string, shopId: string): Partition | undefined {
    return this.value.bookmarks[stream]?.partitions?.find(
      (p) => p.context.shop_id === shopId && Object.keys(p.context).length === 1,
    );
  }

  /**
   * The shops of this run take over the non-partitioned stream bookmarks of an older state: each shop without a
   * partition gets one at the stream's bookmark, and the stream-level keys are dropped. A shop that is not part of
   * this run (shop_ids, shop_shard) later starts from start_date: it re-reads, where a bookmark kept for "every
   * shop" would let a shop authorized later skip its history.
   */
  adoptStreamBookmarks(shopIds: readonly string[]): void {
    for (const [stream, seconds] of this.streamLevel) {
      for (const shopId of shopIds) if (!this.partition(stream, shopId)) this.advance(stream, shopId, seconds);
      const entry = this.value.bookmarks[stream];
      if (entry) for (const key of SDK_STREAM_KEYS) delete entry[key];
    }
    this.streamLevel.clear();
  }

  /**
   * The bookmark of a stream family (stored under its root stream) for a shop, if it covers every stream the run
   * wants. A family bookmark only vouches for the streams that were synced up to it (`synced_streams`); when the
   * selection has grown since, the streams added were never read for the older data, so the family starts over
   * (`missing` names them). The partition itself stays until the re-read makes progress (see `advance`).
   * Partitions without `synced_streams` (hand-written or older) are taken to cover everything. Reading changes
   * nothing.
   */
  bookmark(stream: string, shopId: string, wanted: readonly string[] = []): { value: number | undefined; missing: string[] } {
    const partition = this.partition(stream, shopId);
    if (!partition) return { value: this.streamLevel.get(stream), missing: [] };
    const missing = uncovered(partition, wanted);
    return missing.length ? { value: undefined, missing } : { value: partition.replication_key_value, missing };
  }

  /**
   * Moves a bookmark forward, recording which streams the range up to it was synced for. A partition that does
   * not cover those streams belongs to a smaller selection, and `bookmark` made this run start over from
   * start_date: the re-read's first checkpoint replaces it, even though its value is lower.
   */
  advance(stream: string, shopId: string, value: number, syncedStreams?: readonly string[]): boolean {
    const current = this.partition(stream, shopId);
    if (current) {
      const superseded = syncedStreams !== undefined && uncovered(current, syncedStreams).length > 0;
      if (!superseded && value <= current.replication_key_value) return false;
      current.replication_key_value = value;
      if (syncedStreams) current.synced_streams = [...syncedStreams];
      return true;
    }
    const entry = (this.value.bookmarks[stream] ??= {});
    (entry.partitions ??= []).push({
      context: { shop_id: shopId },
      replication_key: this.streams.get(stream).replicationKey ?? 'update_time',
      replication_key_value: value,
      ...(syncedStreams ? { synced_streams: [...syncedStreams] } : {}),
    });
    return true;
  }

  /** A value kept beside a shop's bookmark of `stream` (what the engine needs to resume, e.g. parents read). */
  kept(stream: string, shopId: string, key: string): unknown {
    return this.partition(stream, shopId)?.[key];
  }

  /** Keeps `value` beside the shop's bookmark of `stream`; nothing without a bookmark (nothing was written yet). */
  keep(stream: string, shopId: string, key: string, value: unknown): void {
    const partition = this.partition(stream, shopId);
    if (partition && key !== 'context' && key !== 'replication_key' && key !== 'replication_key_value') partition[key] = value;
  }

  /** The state as written: a copy, bookmark values in the run's time_format. */
  snapshot(): StateValue {
    return JSON.parse(this.serialize()) as StateValue;
  }

  /** The serialized state when it differs from the last one emitted, else undefined (no duplicate STATE lines). */
  takeChanged(): StateValue | undefined {
    const text = this.serialize();
    if (text === this.lastEmitted) return undefined;
    this.lastEmitted = text;
    return JSON.parse(text) as StateValue;
  }

  private serialize(): string {
    if (this.timeFormat !== 'rfc3339') return JSON.stringify(this.value);
    // Only the partitions of this tap's incremental streams are held as seconds (validate converted them); any other
    // stream's entry is carried through exactly as read, whatever its values look like.
    const bookmarks: Record<string, unknown> = {};
    for (const [stream, entry] of Object.entries(this.value.bookmarks)) {
      bookmarks[stream] =
        this.incremental(stream) && isObject(entry) && Array.isArray(entry.partitions)
          ? { ...entry, partitions: entry.partitions.map((p) => ({ ...p, replication_key_value: secondsToRfc3339(p.replication_key_value) ?? p.replication_key_value })) }
          : entry;
    }
    return JSON.stringify({ ...this.value, bookmarks });
  }
}

/** The streams of `wanted` a partition was not synced for (none when it does not say). */
function uncovered(partition: Partition, wanted: readonly string[]): string[] {
  const synced = partition.synced_streams;
  return Array.isArray(synced) ? wanted.filter((name) => !synced.includes(name)) : [];
}
