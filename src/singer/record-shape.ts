import type { JsonSchema } from './json-schema.js';
import { convertAt, outputTime, timePaths, type TimeFormat, type TimePath } from './times.js';

/**
 * Gives every record of a stream the same keys in the same order: every selected top-level property of the schema,
 * in schema order, null where the API sent nothing (column-oriented targets such as target-csv take their columns
 * from the first record), then the fields the schema does not know, in the record's order, when nothing is
 * deselected. Times the schema marks as Unix seconds become RFC 3339 strings unless time_format is "unix", at the
 * top level and nested (seconds sent as text become the same, or integers under "unix": src/singer/times.ts). The
 * result is a new object: the API's objects are never changed.
 */
export class RecordShaper {
  /** The selected schema properties, in schema order. */
  private readonly columns: readonly string[];
  private readonly known: ReadonlySet<string>;
  /** Selected top-level properties that are times to convert. */
  private readonly topTimes: ReadonlySet<string>;
  /** Times below the top level (in nested objects or arrays), by path from the record. */
  private readonly nestedTimes: readonly TimePath[];

  constructor(
    schema: JsonSchema,
    /** The selected top-level properties; undefined: all, and fields the schema does not know pass through. */
    private readonly fields: ReadonlySet<string> | undefined,
    private readonly timeFormat: TimeFormat,
  ) {
    this.known = new Set(Object.keys(schema.properties ?? {}));
    this.columns = [...this.known].filter((field) => !fields || fields.has(field));
    // Under "unix" too: a time sent as text still becomes an integer there.
    const times = timePaths(schema).filter((path) => this.columns.includes(path[0]!));
    this.topTimes = new Set(times.filter((path) => path.length === 1).map((path) => path[0]!));
    this.nestedTimes = times.filter((path) => path.length > 1);
  }

  /** The fields of `record` the schema does not describe (undefined values are not part of a record). */
  unknownFields(record: Record<string, unknown>): string[] {
    return Object.keys(record).filter((field) => record[field] !== undefined && !this.known.has(field));
  }

  /** The record as written, or what keeps it from being written (a time no RFC 3339 string can hold). */
  shape(record: Record<string, unknown>): Record<string, unknown> | string {
    // Built by assignment in the same order for every record, so all records of a stream share one object layout
    // (what JSON.stringify is fastest on); Object.fromEntries over an array of pairs cost twice the CPU.
    const out: Record<string, unknown> = {};
    for (const column of this.columns) {
      // Own properties only: a column named like something every object inherits (__proto__, toString) is a column.
      const value = (Object.hasOwn(record, column) ? record[column] : undefined) ?? null;
      if (this.topTimes.has(column)) {
        const time = outputTime(value, this.timeFormat, column);
        if (time.problem) return time.problem;
        setField(out, column, time.value);
      } else {
        setField(out, column, value);
      }
    }
    if (!this.fields) for (const field of this.unknownFields(record)) setField(out, field, record[field]);
    for (const path of this.nestedTimes) {
      const converted = convertAt(out[path[0]!], path, this.timeFormat, 1);
      if (converted.problem) return converted.problem;
      out[path[0]!] = converted.value;
    }
    return out;
  }
}

/** `out[key] = value`, except that a key named __proto__ becomes a data property rather than setting the prototype. */
function setField(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}
