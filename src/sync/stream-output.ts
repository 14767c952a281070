import { TapError, EXIT } from '../errors.js';
import type { Logger } from '../log.js';
import { recordLineStart, recordLineWith, schemaMessage } from '../singer/messages.js';
import type { StreamSelection } from '../singer/selection.js';
import type { SingerWriter } from '../singer/writer.js';
import type { JsonSchema } from '../singer/json-schema.js';
import type { StreamMeta } from '../singer/stream-set.js';
import { Flattener } from '../singer/flatten.js';
import { convertAt, emittedSchema, secondsToRfc3339, timePaths, type TimeFormat, type TimePath } from '../singer/times.js';
import { RecordCheck, type FieldCheck } from './record-check.js';
import { typeBits } from '../validation/quick-accept.js';

/** How a schema field is written: as it came, as a time converted from Unix seconds, or not (deselected). */
const AS_IS = 0;
const TIME = 1;
const DROPPED = 2;

interface Column {
  readonly name: string;
  readonly out: typeof AS_IS | typeof TIME | typeof DROPPED;
  readonly check: FieldCheck;
  /** check.quickTypes, at hand: a value of one of these types passes without a call (typeBits). */
  readonly quick: number;
  /** Whether the schema requires the field: checkAndShape counts them as it goes. */
  readonly required: boolean;
  /** Where a selected field's value goes in the values the record is built from (see RecordBuilder); -1: dropped. */
  readonly index: number;
  /**
   * The column of the field that came after this one in the last record walked (at first the next in schema order):
   * records of a stream mostly list their fields in one order, so this is checked before the Map is asked.
   */
  next: Column;
}

/** Makes a record object of the selected columns, in schema order, from their values by column. */
type RecordBuilder = (values: unknown[]) => Record<string, unknown>;

/**
 * A function returning an object literal with one property per column (`{"id": v[0], "status": v[1], ...}`): every
 * record it makes has one layout, each property written in place. Where no such function can be made (a column
 * named __proto__, which a literal would take for the prototype; code generation switched off), a copy of
 * `template` with every column stored into it, which gives the same object more slowly.
 */
function recordBuilder(columns: readonly string[], template: Record<string, null>): RecordBuilder {
  if (!columns.includes('__proto__')) {
    const properties = columns.map((column, i) => `${JSON.stringify(column)}: v[${i}]`).join(', ');
    try {
      return new Function('v', `return { ${properties} };`) as RecordBuilder;
    } catch {
      // Code generation from strings is disallowed (node --disallow-code-generation-from-strings).
    }
  }
  return (values) => {
    const out: Record<string, unknown> = { ...template };
    for (let i = 0; i < columns.length; i++) out[columns[i]!] = values[i];
    return out;
  };
}

/**
 * Everything between "the API gave us an object" and "a RECORD line is queued" for one stream: validate against
 * the schema (reporting once any field it does not know), shape the record, write. Also counts records per shop
 * for metrics and the summary.
 *
 * Shaping gives every record of a stream the same keys in the same order: every selected top-level property of
 * the schema, in schema order, null where the API sent nothing (column-oriented targets such as target-csv take
 * their columns from the first record), then fields the schema does not know, when nothing is deselected. Nested
 * objects stay as the API sent them. Times the schema marks as Unix seconds become RFC 3339 strings unless
 * time_format is "unix". The layout is worked out once per stream; per record it is one pass over the fields the
 * record has, which puts their values in an array by column, and one object made from that array (recordBuilder).
 *
 * With flattening (flattening_enabled, src/singer/flatten.ts) the shaped record is then flattened: nested objects
 * become `parent__child` columns, the SCHEMA message announces the flattened schema, and every record carries every
 * flattened column. Selection still applies to the top-level properties, before flattening.
 */
export class StreamOutput {
  readonly name: string;
  readonly emit: boolean;
  private readonly known: Set<string>;
  private readonly keep: Set<string> | undefined;
  /** Set when the stream is selected: nothing is checked for a stream that writes nothing. */
  private readonly recordCheck: RecordCheck | undefined;
  private readonly unknownReported = new Set<string>();
  /** Every selected column, null: each record starts as a copy of it, so all share one key order. */
  private readonly template: Record<string, null>;
  /** Every schema field, when records are checked field by field: its check and how it is written. */
  private readonly columns: Map<string, Column> | undefined;
  /** The column of the first field of the last record walked (see Column.next). */
  private firstColumn: Column | undefined;
  /** How many columns are required; a record with a value for each of them lacks none. */
  private readonly requiredColumns: number;
  /** Selected fields and how they are written, when records are checked whole. */
  private readonly selectedColumns: Map<string, typeof AS_IS | typeof TIME>;
  /** Times below the top level (in nested objects or arrays), by path from the record. */
  private readonly nestedTimes: TimePath[];
  /** Set when flattening is on: turns shaped records into flat ones, and gives the schema announced. */
  private readonly flattener: Flattener | undefined;
  /** Builds a record of the selected columns from their values (checkAndShape). */
  private readonly build: RecordBuilder;
  /** A null per selected column: the values of a record start as a copy. */
  private readonly nulls: null[];
  /** Every RECORD line of the stream starts so (recordLineStart): made once rather than per record. */
  private readonly lineStart: string;
  /**
   * Records written per shop, each in a box of its own; the box of the shop written last is kept at hand, so that
   * counting a record costs no Map lookup while a page of one shop is written (shops write page by page).
   */
  private readonly countBoxes = new Map<string, { n: number }>();
  private lastShop: string | undefined;
  private lastBox = { n: 0 };
  skipped = 0;

  constructor(
    private readonly def: StreamMeta,
    selection: StreamSelection,
    private readonly writer: SingerWriter,
    private readonly logger: Logger,
    private readonly invalidRecordAction: 'fail' | 'skip',
    private readonly timeFormat: TimeFormat = 'rfc3339',
    /** flattening_max_depth when flattening_enabled is true; undefined leaves nested objects as they came. */
    flatteningMaxDepth?: number,
  ) {
    this.name = def.name;
    this.lineStart = recordLineStart(def.name);
    this.emit = selection.emit;
    const schema = def.schema();
    this.known = new Set(Object.keys(schema.properties ?? {}));
    this.keep = selection.fields;
    this.recordCheck = this.emit ? new RecordCheck(def.name, schema) : undefined;
    const selected = [...this.known].filter((field) => !this.keep || this.keep.has(field));
    const times = timeFormat === 'rfc3339' ? timePaths(schema).filter((path) => selected.includes(path[0]!)) : [];
    const topTimes = new Set(times.filter((path) => path.length === 1).map((path) => path[0]!));
    this.nestedTimes = times.filter((path) => path.length > 1);
    this.selectedColumns = new Map(selected.map((field) => [field, topTimes.has(field) ? TIME : AS_IS]));
    const checks = this.recordCheck?.fields;
    const required = new Set(this.recordCheck?.required);
    const list: Column[] = [...(checks ?? [])].map(([field, check]) => ({
      name: field,
      check,
      out: this.selectedColumns.get(field) ?? DROPPED,
      quick: check.quickTypes,
      required: required.has(field),
      index: selected.indexOf(field),
      next: undefined as unknown as Column, // set just below, before any use
    }));
    list.forEach((column, i) => (column.next = list[(i + 1) % list.length]!));
    this.firstColumn = list[0];
    this.columns = checks && new Map(list.map((column) => [column.name, column]));
    // A required field the schema has no property for is never counted: then every record asks RecordCheck.missing.
    this.requiredColumns = checks && [...required].every((field) => checks.has(field)) ? required.size : -1;
    // Built by JSON.parse, which gives V8's fast object layout that a spread copies cheaply.
    this.template = JSON.parse(JSON.stringify(Object.fromEntries(selected.map((field) => [field, null])))) as Record<string, null>;
    this.build = recordBuilder(selected, this.template);
    this.nulls = selected.map(() => null);
    this.flattener = this.emit && flatteningMaxDepth !== undefined ? new Flattener(this.selectedSchema(), flatteningMaxDepth) : undefined;
  }

  /** Loads the validators the build compiled for this stream (until then, or without them, ajv compiles them here). */
  async prepare(): Promise<void> {
    await this.recordCheck?.prepare();
  }

  /** The output schema of the selected top-level properties (unflattened). */
  private selectedSchema(): JsonSchema {
    const schema = emittedSchema(this.def.schema(), this.timeFormat);
    if (!this.keep) return schema;
    const keep = this.keep;
    return {
      ...schema,
      properties: Object.fromEntries(Object.entries(schema.properties ?? {}).filter(([field]) => keep.has(field))),
      required: (schema.required ?? []).filter((field) => keep.has(field)),
    };
  }

  schemaMessage(): object {
    const def = this.def;
    const emitted = this.flattener?.schema ?? this.selectedSchema();
    return schemaMessage(this.name, emitted, [...def.keyProperties], def.replicationKey ? [def.replicationKey] : []);
  }

  /**
   * `record` is typed as what the stream's records are (src/generated/records.ts), but it comes from the API, so
   * it is checked against the schema here before it is written. Returns false when the record was skipped as
   * invalid (invalid_record_action "skip"): its children are then not written either, and its replication key may
   * not become a bookmark. A stream that is not selected writes nothing and refuses nothing (true).
   */
  write(typed: object, shopId: string, timeExtracted: string): boolean {
    if (!this.emit) return true;
    const record = typed as unknown as Record<string, unknown>;
    // What is wrong with the record (a string), or the record as written.
    const shaped = this.columns ? this.checkAndShape(record, this.columns) : (this.checkWhole(record) ?? this.shape(record));
    if (typeof shaped === 'string') {
      const key = this.def.keyProperties.map((k) => `${k}=${String(record[k])}`).join(', ');
      const what = `${this.name} record (${key}) does not fit its schema: ${shaped}`;
      if (this.invalidRecordAction === 'skip') {
        this.skipped++;
        this.logger.warn(`${what}; skipped (invalid_record_action is "skip")`);
        return false;
      }
      throw new TapError('RECORD_INVALID', what, {
        hint: 'the API sent something the schema does not allow; set invalid_record_action to "skip" to go on without it, and report it',
        exitCode: EXIT.RECORD,
      });
    }
    this.writer.writeLine(recordLineWith(this.lineStart, this.flattener ? this.flattener.record(shaped) : shaped, timeExtracted));
    if (shopId !== this.lastShop) this.switchShop(shopId);
    this.lastBox.n++;
    return true;
  }

  /** Records written per shop so far. */
  get counts(): ReadonlyMap<string, number> {
    return new Map([...this.countBoxes].map(([shop, box]) => [shop, box.n]));
  }

  private switchShop(shopId: string): void {
    let box = this.countBoxes.get(shopId);
    if (box === undefined) this.countBoxes.set(shopId, (box = { n: 0 }));
    this.lastShop = shopId;
    this.lastBox = box;
  }

  /**
   * Field by field, in one pass: each field the record has is checked against its schema and put in place. What is
   * wrong is the first field that does not fit (fields the schema does not know pass through and are reported once
   * per stream and run: no field the API returns is dropped, the schemas allow additional properties), then a
   * missing required field, then a time that cannot be converted: the order in which checking the whole record
   * before shaping it would find them.
   */
  private checkAndShape(record: Record<string, unknown>, columns: Map<string, Column>): Record<string, unknown> | string {
    // The values, by column: array stores, where writing into the record object would be one megamorphic keyed
    // store per field (a different property name every time); the object is then made in one go.
    const values: unknown[] = this.nulls.slice();
    /** Fields the schema does not know, passed through: name, value, name, value... in the record's order. */
    let unknown: unknown[] | undefined;
    let timeProblem: string | undefined;
    let required = 0;
    let previous: Column | undefined;
    let guess = this.firstColumn;
    for (const field in record) {
      const value = record[field];
      if (value === undefined) continue; // not serialized, so not part of the record
      let column = guess;
      if (column === undefined || column.name !== field) {
        // Not the field that followed last time: the Map says, and the guess is corrected for the next record.
        column = columns.get(field);
        if (column === undefined) {
          this.reportUnknown(field);
          if (this.keep === undefined) (unknown ??= []).push(field, value);
          continue;
        }
        if (previous === undefined) this.firstColumn = column;
        else previous.next = column;
      }
      previous = column;
      guess = column.next;
      // The commonest case tested here, without a call: a value plainly of a type the field's bare `type` lists.
      if ((typeBits(value) & column.quick) === 0) {
        const problem = column.check.problem(value);
        if (problem) return problem;
      }
      if (column.required) required++;
      if (column.out === AS_IS) {
        values[column.index] = value;
      } else if (column.out === TIME) {
        const text = typeof value === 'number' ? secondsToRfc3339(value) : value;
        if (text === undefined) timeProblem ??= `${field} is not a time in Unix seconds (got ${value})`;
        values[column.index] = text;
      }
    }
    // Each key comes once from for...in, so a count short of the required columns means one is missing: only then
    // is the record asked which (the first, in the schema's order).
    const missing = required === this.requiredColumns ? undefined : this.recordCheck!.missing(record);
    if (missing !== undefined) return missing;
    if (timeProblem !== undefined) return timeProblem;
    const out = this.build(values);
    if (unknown !== undefined) for (let i = 0; i < unknown.length; i += 2) out[unknown[i] as string] = unknown[i + 1];
    return this.convertNestedTimes(out);
  }

  /** A whole-record check (a schema the field-by-field check does not cover); unknown fields are reported here. */
  private checkWhole(record: Record<string, unknown>): string | undefined {
    for (const field in record) if (!this.known.has(field)) this.reportUnknown(field);
    return this.recordCheck!.checkWhole(record);
  }

  /** The record as written (see the class comment), or what keeps it from being written: after `checkWhole`. */
  private shape(record: Record<string, unknown>): Record<string, unknown> | string {
    const out: Record<string, unknown> = { ...this.template };
    const passUnknown = this.keep === undefined;
    for (const field in record) {
      const value = record[field];
      if (value === undefined) continue;
      const column = this.selectedColumns.get(field);
      if (column === undefined) {
        // Deselected, or unknown to the schema: unknown fields pass through only when nothing is deselected.
        if (passUnknown && !this.known.has(field)) out[field] = value;
        continue;
      }
      if (column === TIME && typeof value === 'number') {
        const text = secondsToRfc3339(value);
        if (text === undefined) return `${field} is not a time in Unix seconds (got ${value})`;
        out[field] = text;
      } else {
        out[field] = value;
      }
    }
    return this.convertNestedTimes(out);
  }

  private convertNestedTimes(out: Record<string, unknown>): Record<string, unknown> | string {
    for (const path of this.nestedTimes) {
      const converted = convertAt(out[path[0]!], path, 1);
      if (converted.problem) return converted.problem;
      out[path[0]!] = converted.value;
    }
    return out;
  }

  private reportUnknown(field: string): void {
    if (this.unknownReported.has(field)) return;
    this.unknownReported.add(field);
    this.logger.warn(
      `${this.name}: the API returned field "${field}", which schemas/${this.name}.json does not describe; it is passed through untyped (reported once per run)`,
    );
  }
}
