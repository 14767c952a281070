import { TapError, EXIT } from '../errors.js';
import { parseDateSetting } from '../config.js';
import type { Logger } from '../log.js';
import { STREAMS, STREAM_NAMES, type StreamName } from '../streams/table.js';

/**
 * Bookmarks per stream and shop, in the Meltano SDK's partition layout:
 * {"bookmarks": {"orders": {"partitions": [{"context": {"shop_id": "…"}, "replication_key": "update_time",
 *  "replication_key_value": 1700000000}]}}}
 * The state manager is the only thing that moves a bookmark; it never moves one backwards or past the cap
 * the sync gives it, and it keeps entries it does not understand (other streams, other shops) untouched.
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

/** Reads a bookmark value: Unix seconds, or (older or hand-written states) a numeric string or an RFC 3339 string. */
function bookmarkSeconds(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value);
    return parseDateSetting(value);
  }
  return undefined;
}

export class StateManager {
  private readonly value: StateValue;
  private lastEmitted = '';

  constructor(input: unknown, source: string, nowSeconds: number, logger: Logger) {
    this.value = StateManager.validate(input, source, nowSeconds, logger);
  }

  private static validate(input: unknown, source: string, nowSeconds: number, logger: Logger): StateValue {
    if (input === undefined || input === null) return { bookmarks: {} };
    if (!isObject(input)) throw stateError(source, 'must be a JSON object', 'pass a state written by this tap, or {}');
    // A whole STATE message instead of its value is a common copy-paste slip; accept it.
    const state = (input.type === 'STATE' && isObject(input.value) ? input.value : input) as Record<string, unknown>;
    const copy = structuredClone(state) as StateValue;
    if (copy.bookmarks === undefined) copy.bookmarks = {};
    if (!isObject(copy.bookmarks)) throw stateError(source, '"bookmarks" must be an object', 'pass a state written by this tap, or {}');
    for (const [stream, entry] of Object.entries(copy.bookmarks)) {
      if (!(STREAM_NAMES as readonly string[]).includes(stream) || !STREAMS[stream as StreamName].replicationKey) {
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
            `${where}.replication_key_value must be Unix seconds (got ${JSON.stringify(partition.replication_key_value)})`,
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
    return copy;
  }

  private partition(stream: StreamName, shopId: string): Partition | undefined {
    return this.value.bookmarks[stream]?.partitions?.find(
      (p) => p.context.shop_id === shopId && Object.keys(p.context).length === 1,
    );
  }

  /**
   * The bookmark of a stream family (stored under its root stream) for a shop — if it covers every stream the run
   * wants. A family bookmark only vouches for the streams that were synced up to it (`synced_streams`); when the
   * selection has grown since, the streams added were never read for the older data, so the family starts over
   * (the partition is dropped: a run killed mid-way then also starts over, which is what the new streams need).
   * Partitions without `synced_streams` (hand-written or older) are taken to cover everything.
   */
  bookmark(stream: StreamName, shopId: string, wanted: readonly string[] = []): { value: number | undefined; missing: string[] } {
    const partition = this.partition(stream, shopId);
    if (!partition) return { value: undefined, missing: [] };
    const synced = partition.synced_streams;
    const missing = Array.isArray(synced) ? wanted.filter((name) => !synced.includes(name)) : [];
    if (missing.length) {
      const partitions = this.value.bookmarks[stream]!.partitions!;
      partitions.splice(partitions.indexOf(partition), 1);
      return { value: undefined, missing };
    }
    return { value: partition.replication_key_value, missing };
  }

  /** Moves a bookmark forward (never back), recording which streams the range up to it was synced for. */
  advance(stream: StreamName, shopId: string, value: number, syncedStreams?: readonly string[]): boolean {
    const current = this.partition(stream, shopId);
    if (current) {
      if (value <= current.replication_key_value) return false;
      current.replication_key_value = value;
      if (syncedStreams) current.synced_streams = [...syncedStreams];
      return true;
    }
    const entry = (this.value.bookmarks[stream] ??= {});
    (entry.partitions ??= []).push({
      context: { shop_id: shopId },
      replication_key: STREAMS[stream].replicationKey ?? 'update_time',
      replication_key_value: value,
      ...(syncedStreams ? { synced_streams: [...syncedStreams] } : {}),
    });
    return true;
  }

  snapshot(): StateValue {
    return structuredClone(this.value);
  }

  /** The serialized state when it differs from the last one emitted, else undefined (no duplicate STATE lines). */
  takeChanged(): StateValue | undefined {
    const text = JSON.stringify(this.value);
    if (text === this.lastEmitted) return undefined;
    this.lastEmitted = text;
    return JSON.parse(text) as StateValue;
  }
}
