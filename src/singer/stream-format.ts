import { Flattener } from './flatten.js';
import type { JsonSchema } from './json-schema.js';
import { recordLine, schemaMessage } from './messages.js';
import { withoutTimeFormatsUnderNullObjects } from './null-parent-times.js';
import { selectedSchema } from './output-schema.js';
import { RecordShaper } from './record-shape.js';
import type { StreamMeta } from './stream-set.js';
import type { TimeFormat } from './times.js';

/** How one stream goes out in Singer messages: its SCHEMA message, and each record as a RECORD line. */
export interface FormatOptions {
  /** The selected top-level properties; undefined: all of them. */
  fields: ReadonlySet<string> | undefined;
  timeFormat: TimeFormat;
  /**
   * flattening_max_depth when flattening_enabled is true (src/singer/flatten.ts): nested objects become
   * `parent__child` columns, in the SCHEMA message and in every record. Selection applies before flattening.
   */
  flatteningMaxDepth?: number | undefined;
  /** Where a flattening collision is named (once per stream): a field the API sent whose column was taken. */
  warn?: ((message: string) => void) | undefined;
}

export class StreamFormat {
  private readonly shaper: RecordShaper;
  private readonly flattener: Flattener | undefined;
  private readonly announced: JsonSchema;
  private collisionNamed = false;

  constructor(
    private readonly meta: StreamMeta,
    private readonly options: FormatOptions,
  ) {
    const schema = meta.schema();
    this.shaper = new RecordShaper(schema, options.fields, options.timeFormat);
    const selected = selectedSchema(schema, options.fields, options.timeFormat);
    this.flattener = options.flatteningMaxDepth === undefined ? undefined : new Flattener(selected, options.flatteningMaxDepth);
    // Flattened columns are all top-level, so they keep every format.
    this.announced = this.flattener?.schema ?? withoutTimeFormatsUnderNullObjects(selected);
  }

  schemaMessage(): object {
    const { name, keyProperties, replicationKey } = this.meta;
    return schemaMessage(name, this.announced, [...keyProperties], replicationKey ? [replicationKey] : []);
  }

  /** The fields of `record` its schema does not describe. */
  unknownFields(record: Record<string, unknown>): string[] {
    return this.shaper.unknownFields(record);
  }

  /** The RECORD line of a record that fits the schema, or what keeps it from being written (a time no RFC 3339 string can hold). */
  recordLine(record: Record<string, unknown>, timeExtracted: string): { line: string } | { problem: string } {
    const shaped = this.shaper.shape(record);
    if (typeof shaped === 'string') return { problem: shaped };
    const out = this.flattener ? this.flattener.record(shaped, this.onCollision) : shaped;
    return { line: recordLine(this.meta.name, out, timeExtracted) };
  }

  /** Once per stream: the value is dropped on every record, but one line says so (which field, which column). */
  private readonly onCollision = (column: string, field: string): void => {
    if (this.collisionNamed) return;
    this.collisionNamed = true;
    this.options.warn?.(
      `${this.meta.name}: with flattening, the API's field "${field}" would take the column "${column}", which another ` +
        `field already fills; it is left out of the records and the column keeps its own value (reported once per run)`,
    );
  };
}
